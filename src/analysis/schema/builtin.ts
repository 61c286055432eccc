/**
 * Validation of built-in kinds against the bundled OpenAPI field tree at one Kubernetes minor.
 * One walk per resource and minor yields every issue (unknown field, wrong type, missing required
 * field); the three rules that report them share the cached result.
 */
import type { Path } from "../../model/path.js";
import { isObj, type Obj } from "../../model/values.js";
import { dataMinor, schemaData } from "./data.js";
import type { FieldEntry, SchemaData, TypeEntry } from "./format.js";
import { suggestions } from "./suggest.js";

/** A parsed type spec (see format.ts). */
export type Spec =
  | { k: "s" | "i" | "n" | "b" | "io" | "q" | "o" | "a" }
  | { k: "ref"; name: string }
  | { k: "list"; of: Spec }
  | { k: "map"; of: Spec };

const specCache = new Map<string, Spec>();

export function parseSpec(s: string): Spec {
  let spec = specCache.get(s);
  if (spec) return spec;
  if (s.startsWith("#")) spec = { k: "ref", name: s.slice(1) };
  else if (s.startsWith("[")) spec = { k: "list", of: parseSpec(s.slice(1)) };
  else if (s.startsWith("{")) spec = { k: "map", of: parseSpec(s.slice(1)) };
  else spec = { k: s as "s" };
  specCache.set(s, spec);
  return spec;
}

/** One type's fields and required fields at one minor. */
export interface TypeAt {
  readonly name: string;
  readonly fields: ReadonlyMap<string, Spec>;
  readonly required: readonly string[];
}

function entryAt(e: FieldEntry, minor: number): string | undefined {
  if (typeof e === "string") return e;
  for (const [spec, from, to] of e) if (minor >= from && minor <= to) return spec;
  return undefined;
}

/** The minors a field exists in, as `[from, to]` ranges; undefined when it always exists. */
export function fieldRanges(typeName: string, field: string): [number, number][] | undefined {
  const e = schemaData().types[typeName]?.p[field];
  if (e === undefined || typeof e === "string") return undefined;
  return e.map(([, from, to]) => [from, to]);
}

/** The bundled schemas read at one minor, with types compiled on first use. */
export class SchemaView {
  private readonly types = new Map<string, TypeAt | null>();

  constructor(readonly data: SchemaData, readonly minor: number) {}

  /** The root type name of `apiVersion|kind` at this minor, or undefined (not built in, or not at this minor). */
  rootType(apiVersion: string, kind: string): string | undefined {
    const variants = this.data.kinds[`${apiVersion}|${kind}`];
    if (!variants) return undefined;
    for (const [name, from, to] of variants) if (this.minor >= from && this.minor <= to) return name;
    return undefined;
  }

  type(name: string): TypeAt | undefined {
    const cached = this.types.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const entry: TypeEntry | undefined = this.data.types[name];
    if (!entry) {
      this.types.set(name, null);
      return undefined;
    }
    const fields = new Map<string, Spec>();
    for (const [field, e] of Object.entries(entry.p)) {
      const s = entryAt(e, this.minor);
      if (s !== undefined) fields.set(field, parseSpec(s));
    }
    const required: string[] = [];
    for (const r of entry.r ?? []) {
      if (typeof r === "string") required.push(r);
      else if (this.minor >= r[1] && this.minor <= r[2]) required.push(r[0]);
    }
    const t: TypeAt = { name, fields, required };
    this.types.set(name, t);
    return t;
  }
}

const views = new Map<number, SchemaView>();

/** The schema view for a target `1.N` (clamped to the covered minors). */
export function schemaView(kubeVersion: string): SchemaView {
  const data = schemaData();
  const { minor } = dataMinor(kubeVersion, data.minors);
  let view = views.get(minor);
  if (!view) views.set(minor, (view = new SchemaView(data, minor)));
  return view;
}

export type IssueKind = "unknown" | "type" | "required";

export interface SchemaIssue {
  kind: IssueKind;
  /** Unknown: the key itself; type: the value; required: the missing field. */
  path: Path;
  /** The short type name of the object holding the field (unknown, required). */
  parentType: string;
  /** Unknown: the key; required: the missing field. */
  field?: string;
  /** Unknown: nearest valid names. */
  suggestions?: string[];
  /** Type: what belongs there and what was found. */
  expected?: Spec;
  found?: unknown;
  /** Type: the value is an entry of a map (labels, data), so its label includes the map's name. */
  entry?: boolean;
}

export interface ResourceCheck {
  /** The resource's root type at the minor. */
  rootType: string;
  minor: number;
  issues: SchemaIssue[];
  /** A `$patch`/`$setElementOrder` key was seen: the object is a strategic-merge fragment. */
  patch: boolean;
}

/** Strategic-merge patch directives (`$patch`, `$retainKeys`, `$setElementOrder/…`, `$deleteFromPrimitiveList/…`). */
export function isPatchDirective(key: string): boolean {
  return key === "$patch" || key === "$retainKeys" || key.startsWith("$setElementOrder/") || key.startsWith("$deleteFromPrimitiveList/");
}

/** A string the renderer of a template or a Flux substitution would replace: never a type error. */
export function isUnrendered(v: unknown): boolean {
  return typeof v === "string" && (v.includes("{{") || /\$\{[^}]*\}/.test(v));
}

/** True when a value matches a primitive or container spec's shape (not descending). */
export function shapeMatches(spec: Spec, v: unknown): boolean {
  switch (spec.k) {
    case "a": return true;
    case "s": return typeof v === "string";
    case "i": return typeof v === "number" && Number.isInteger(v);
    case "n": return typeof v === "number";
    case "b": return typeof v === "boolean";
    case "io": return typeof v === "string" || (typeof v === "number" && Number.isInteger(v));
    case "q": return typeof v === "string" || typeof v === "number";
    case "list": return Array.isArray(v);
    case "o": case "map": case "ref": return isObj(v);
  }
}

class Walker {
  readonly issues: SchemaIssue[] = [];
  patch = false;
  constructor(private readonly view: SchemaView) {}

  walk(v: unknown, spec: Spec, path: Path, parentType: string, entry = false): void {
    if (v === null || v === undefined || spec.k === "a") return;
    if (!shapeMatches(spec, v)) {
      if (!isUnrendered(v)) this.issues.push({ kind: "type", path, parentType, expected: spec, found: v, ...(entry ? { entry } : {}) });
      return;
    }
    if (spec.k === "list") {
      (v as unknown[]).forEach((item, i) => this.walk(item, spec.of, [...path, i], parentType));
    } else if (spec.k === "map") {
      for (const [k, item] of Object.entries(v as Obj)) {
        if (isPatchDirective(k)) this.patch = true;
        else this.walk(item, spec.of, [...path, k], parentType, true);
      }
    } else if (spec.k === "ref") {
      this.object(v as Obj, spec.name, path);
    }
  }

  object(v: Obj, typeName: string, path: Path): void {
    const t = this.view.type(typeName);
    if (!t) return;
    for (const [k, item] of Object.entries(v)) {
      if (isPatchDirective(k)) {
        this.patch = true;
        continue;
      }
      // SOPS keeps its metadata beside the encrypted fields; it is removed on decryption, before applying.
      if (k === "sops" && path.length === 0 && isObj(item)) continue;
      const spec = t.fields.get(k);
      if (spec) this.walk(item, spec, [...path, k], typeName);
      else if (!k.includes("{{")) this.issues.push({ kind: "unknown", path: [...path, k], parentType: typeName, field: k, suggestions: suggestions(k, t.fields.keys()) });
    }
    for (const r of t.required) if (!(r in v)) this.issues.push({ kind: "required", path: [...path, r], parentType: typeName, field: r });
  }
}

const cache = new WeakMap<Obj, Map<number, ResourceCheck | null>>();

/**
 * Checks a built-in resource against its schema at the target version; undefined when the
 * apiVersion/kind has no bundled schema at that version (custom resources, removed APIs).
 */
export function checkBuiltIn(value: Obj, apiVersion: string, kind: string, kubeVersion: string): ResourceCheck | undefined {
  const view = schemaView(kubeVersion);
  let byMinor = cache.get(value);
  if (!byMinor) cache.set(value, (byMinor = new Map()));
  const cached = byMinor.get(view.minor);
  if (cached !== undefined) return cached ?? undefined;
  const rootType = view.rootType(apiVersion, kind);
  let result: ResourceCheck | null = null;
  if (rootType) {
    const walker = new Walker(view);
    walker.object(value, rootType, []);
    result = { rootType, minor: view.minor, issues: walker.issues, patch: walker.patch };
  }
  byMinor.set(view.minor, result);
  return result ?? undefined;
}

/** `core.v1.SecurityContext` → `SecurityContext`. */
export function displayType(typeName: string): string {
  return typeName.slice(typeName.lastIndexOf(".") + 1);
}

/** How a spec reads in a message: `an integer`, `a list`, … */
export function describeSpec(spec: Spec): string {
  switch (spec.k) {
    case "s": return "a string";
    case "i": return "an integer";
    case "n": return "a number";
    case "b": return "a boolean";
    case "io": return "an integer or a string";
    case "q": return "a quantity (a string such as \"500m\" or a number)";
    case "list": return "a list";
    case "o": case "map": case "ref": return "a map";
    case "a": return "any value";
  }
}

/** How a found value reads in a message; `quote` shows a scalar, or redacts it where it may hold a secret. */
export function describeValue(v: unknown, quote: (s: string) => string): string {
  if (Array.isArray(v)) return "a list";
  if (isObj(v)) return "a map";
  if (typeof v === "string") return `the string ${quote(v)}`;
  if (typeof v === "boolean") return `the boolean ${quote(String(v))}`;
  if (typeof v === "number") return `${Number.isInteger(v) ? "the integer" : "the number"} ${quote(String(v))}`;
  return String(v);
}
