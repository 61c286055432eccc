/**
 * shipshape's public API, for programmatic use and for plugin authors:
 *
 * ```ts
 * import { defineRule, lint } from "shipshape";
 * ```
 *
 * A plugin module exports `{ name, rules: [defineRule(...)] }`; its rule ids become `name/rule-id`.
 */
import type { Rule } from "./rule-api.js";

export { lint, type LintOptions } from "./engine/lint.js";
export {
  defineRule,
  CATEGORIES,
  PRESET_NAMES,
  type AppliesTo,
  type Category,
  type ConfigLevel,
  type Level,
  type OptionSchema,
  type PodSpecRule,
  type PresetName,
  type RelatedInput,
  type RepoRule,
  type ReportInput,
  type ResourceRule,
  type Rule,
  type RuleContext,
  type RuleMeta,
} from "./rule-api.js";
export type { Finding, LintResult, Notification, RelatedLocation, RunError, Suppression } from "./engine/types.js";
export type { Path, PathSegment } from "./model/path.js";
export type { Resource, ResourceRef } from "./model/resource.js";
export type { ResourceIndex } from "./model/resource-index.js";
export type { ContainerRef, PodSpecRef } from "./model/workloads.js";
export { arr, getIn, isObj, num, obj, str, stringMap, type Obj } from "./model/values.js";
export { containersOf, podSpecOf } from "./model/workloads.js";
export { redact } from "./model/redact.js";

/** A rule plugin: the module's default export (or its named exports `name` and `rules`). */
export interface Plugin {
  /** kebab-case; the namespace of the plugin's rule ids (`name/rule-id`). */
  name: string;
  rules: Rule[];
}
