/**
 * The shape of shipshape's bundled Kubernetes API data (`data/k8s-schema.json` and
 * `data/k8s-schema-lifecycle.json`), written by `scripts/gen-k8s-data.ts` and read by `./data.ts`.
 *
 * A type spec is a short string:
 * - `s` string, `i` integer, `n` number, `b` boolean, `io` int-or-string, `q` quantity (string or number),
 *   `o` a map with any keys and values, `a` anything (raw JSON);
 * - `#Name` an object type of `types`; `[X` a list of X; `{X` a map from strings to X.
 * A version range is `[from, to]` in Kubernetes minors, both inclusive.
 */

/** One field's spec: the same in every version its type exists in, or variants with version ranges. */
export type FieldEntry = string | Variant[];
/** `[spec, fromMinor, toMinor]`. */
export type Variant = [string, number, number];

export interface TypeEntry {
  /** Fields by name. */
  p: Record<string, FieldEntry>;
  /** Required fields: a name (every version) or `[name, from, to]`. */
  r?: (string | Variant)[];
}

export interface SchemaData {
  /** First and last Kubernetes minor covered. */
  minors: [number, number];
  /** `apiVersion|Kind` → the root type, with the minors it exists in. */
  kinds: Record<string, Variant[]>;
  types: Record<string, TypeEntry>;
}

/** `[apiVersion, kind, introduced, deprecated, removed, replacement]`; missing steps are "". */
export type LifecycleRow = [string, string, string, string, string, string];

export interface LifecycleData {
  minors: [number, number];
  rows: LifecycleRow[];
  /** `apiVersion|Kind` → the minor ranges (within `minors`) in which the API server serves it. */
  served: Record<string, [number, number][]>;
  /** Built-in API group ("" for core) → every version the group has ever had. */
  groups: Record<string, string[]>;
}
