/** The built-in rules, listed explicitly (no directory scanning at run time: the Action is a bundle). Keep sorted by id. */
import type { Rule } from "../src/rule-api.js";
import duplicateKey from "./syntax/duplicate-key.js";
import imageTagMutable from "./images/image-tag-mutable.js";
import notAResource from "./syntax/not-a-resource.js";
import unusedSuppression from "./syntax/unused-suppression.js";
import yamlSyntax from "./syntax/yaml-syntax.js";

export const builtInRules: readonly Rule[] = [
  duplicateKey,
  imageTagMutable,
  notAResource,
  unusedSuppression,
  yamlSyntax,
];
