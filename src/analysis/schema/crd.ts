/**
 * Custom resources checked against the `openAPIV3Schema` of a CustomResourceDefinition in the repo:
 * the structural-schema subset the API server enforces (types, properties, additionalProperties,
 * required, enum, pattern, bounds, x-kubernetes-preserve-unknown-fields, -int-or-string, -embedded-resource).
 */
import type { Path } from "../../model/path.js";
import type { Resource } from "../../model/resource.js";
import { arr, isObj, obj, str, type Obj } from "../../model/values.js";
import { isPatchDirective, isUnrendered } from "./builtin.js";
import { suggestions } from "./suggest.js";

export type CrdIssue =
  | { kind: "unknown"; path: Path; field: string; suggestions: string[] }
  | { kind: "type"; path: Path; expected: string; found: unknown }
  | { kind: "required"; path: Path; field: string }
  | { kind: "enum"; path: Path; found: unknown; allowed: unknown[] }
  | { kind: "pattern"; path: Path; found: string; pattern: string }
  | { kind: "bound"; path: Path; found: unknown; bound: string };

export interface CrdInfo {
  resource: Resource;
  group: string;
  kind: string;
  /** Version name → its schema (undefined when the version declares none). */
  versions: Map<string, Obj | undefined>;
}

/** The group, kind and per-version schemas of a CustomResourceDefinition (v1 or v1beta1). */
export function crdInfo(crd: Resource): CrdInfo | undefined {
  const spec = obj(crd.value.spec);
  const group = str(spec?.group);
  const kind = str(obj(spec?.names)?.kind);
  if (!spec || !group || !kind) return undefined;
  const shared = obj(obj(spec.validation)?.openAPIV3Schema);
  const versions = new Map<string, Obj | undefined>();
  for (const v of arr(spec.versions)) {
    const name = str(obj(v)?.name);
    if (name) versions.set(name, obj(obj(obj(v)?.schema)?.openAPIV3Schema) ?? shared);
  }
  const single = str(spec.version);
  if (single && !versions.has(single)) versions.set(single, shared);
  return { resource: crd, group, kind, versions };
}

const ROOT_FIELDS = ["apiVersion", "kind", "metadata"];

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case "string": return typeof v === "string";
    case "integer": return typeof v === "number" && Number.isInteger(v);
    case "number": return typeof v === "number";
    case "boolean": return typeof v === "boolean";
    case "array": return Array.isArray(v);
    case "object": return isObj(v);
    default: return true;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "object" && typeof b === "object" && JSON.stringify(a) === JSON.stringify(b));
}

const patterns = new Map<string, RegExp | null>();

function compiled(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, "u");
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re;
}

function num(v: unknown): number | undefined {
  return typeof v === "number" ? v : undefined;
}

class CrdWalker {
  readonly issues: CrdIssue[] = [];
  patch = false;

  walk(v: unknown, s: Obj, path: Path, root: boolean): void {
    if (v === null || v === undefined) return;
    if (isUnrendered(v)) return;
    const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
    if (s["x-kubernetes-int-or-string"] === true) {
      if (!(typeof v === "string" || (typeof v === "number" && Number.isInteger(v)))) this.issues.push({ kind: "type", path, expected: "integer or string", found: v });
      return;
    }
    const type = str(s.type);
    if (type && !typeOk(type, v)) {
      this.issues.push({ kind: "type", path, expected: type, found: v });
      return;
    }
    const enumValues = Array.isArray(s.enum) ? s.enum : undefined;
    if (enumValues && !enumValues.some((e) => sameValue(e, v))) this.issues.push({ kind: "enum", path, found: v, allowed: enumValues });
    if (typeof v === "string") this.strings(v, s, path);
    if (typeof v === "number") this.numbers(v, s, path);
    if (Array.isArray(v)) {
      this.bounds(v.length, num(s.minItems), num(s.maxItems), "items", v, path);
      const items = obj(s.items);
      if (items) v.forEach((item, i) => this.walk(item, items, [...path, i], false));
      return;
    }
    if (!isObj(v)) return;
    const props = obj(s.properties);
    const additional = s.additionalProperties;
    const embedded = root || s["x-kubernetes-embedded-resource"] === true;
    const known = props ? Object.keys(props) : [];
    for (const [k, item] of Object.entries(v)) {
      if (isPatchDirective(k)) {
        this.patch = true;
        continue;
      }
      if (root && k === "sops" && isObj(item)) continue;
      const ps = obj(props?.[k]);
      if (ps) this.walk(item, ps, [...path, k], false);
      else if (embedded && ROOT_FIELDS.includes(k)) continue;
      else if (isObj(additional)) this.walk(item, additional, [...path, k], false);
      else if (props && !preserve && additional !== true && !k.includes("{{")) {
        this.issues.push({ kind: "unknown", path: [...path, k], field: k, suggestions: suggestions(k, known) });
      }
    }
    for (const r of arr(s.required)) if (typeof r === "string" && !(r in v)) this.issues.push({ kind: "required", path: [...path, r], field: r });
    this.bounds(Object.keys(v).length, num(s.minProperties), num(s.maxProperties), "properties", v, path);
  }

  private strings(v: string, s: Obj, path: Path): void {
    const pattern = str(s.pattern);
    const re = pattern !== undefined ? compiled(pattern) : null;
    if (pattern !== undefined && re && !re.test(v)) this.issues.push({ kind: "pattern", path, found: v, pattern });
    this.bounds([...v].length, num(s.minLength), num(s.maxLength), "characters", v, path);
  }

  private numbers(v: number, s: Obj, path: Path): void {
    const min = num(s.minimum);
    const max = num(s.maximum);
    if (min !== undefined && (s.exclusiveMinimum === true ? v <= min : v < min)) this.issues.push({ kind: "bound", path, found: v, bound: `${s.exclusiveMinimum === true ? ">" : "≥"} ${min}` });
    if (max !== undefined && (s.exclusiveMaximum === true ? v >= max : v > max)) this.issues.push({ kind: "bound", path, found: v, bound: `${s.exclusiveMaximum === true ? "<" : "≤"} ${max}` });
  }

  private bounds(n: number, min: number | undefined, max: number | undefined, unit: string, v: unknown, path: Path): void {
    if (min !== undefined && n < min) this.issues.push({ kind: "bound", path, found: v, bound: `at least ${min} ${unit}` });
    if (max !== undefined && n > max) this.issues.push({ kind: "bound", path, found: v, bound: `at most ${max} ${unit}` });
  }
}

/** Every violation of a CRD schema in a custom resource; required fields only for whole objects. */
export function checkCustomResource(value: Obj, schema: Obj): CrdIssue[] {
  const w = new CrdWalker();
  w.walk(value, schema, [], true);
  return w.patch ? w.issues.filter((i) => i.kind !== "required") : w.issues;
}
