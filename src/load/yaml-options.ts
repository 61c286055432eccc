import type { ParseOptions, DocumentOptions, SchemaOptions, ToJSOptions } from "yaml";

/**
 * Parse as Kubernetes parses: YAML 1.1 scalars (go-yaml v2 under sigs.k8s.io/yaml),
 * so `yes`/`on`/`y` are booleans and `0755` is octal. go-yaml v2 resolves neither
 * timestamps nor sexagesimal numbers when decoding into plain values, so those tags are dropped.
 */
export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: "1.1",
  uniqueKeys: true,
  prettyErrors: false,
  merge: true,
  customTags: (tags) =>
    tags.filter((t) => {
      if (typeof t !== "object") return true;
      return t.format !== "TIME" && t.tag !== "tag:yaml.org,2002:timestamp";
    }),
};

/** Alias expansion is bounded so a "billion laughs" document cannot exhaust memory. */
export const TO_JS_OPTIONS: ToJSOptions = { maxAliasCount: 100 };
