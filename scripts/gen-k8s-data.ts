/**
 * Builds shipshape's bundled Kubernetes API data from the OpenAPI v3 documents and lifecycle table
 * in `../shared/k8s-openapi/` (see its README): one merged field tree for every supported minor
 * (`data/k8s-schema.json`) and the API lifecycle table (`data/k8s-schema-lifecycle.json`).
 * `npm run build:k8s-data [-- <k8s-openapi dir>]`; a test regenerates both and fails on any difference.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { FieldEntry, LifecycleData, LifecycleRow, SchemaData, TypeEntry, Variant } from "../src/analysis/schema/format.js";

type Json = Record<string, unknown>;

export const SCHEMA_FILE = "data/k8s-schema.json";
export const LIFECYCLE_FILE = "data/k8s-schema-lifecycle.json";

/** The source folder next to the repository (`../shared/k8s-openapi`). */
export function defaultSourceDir(repoRoot: string = repoRootDir()): string {
  return path.resolve(repoRoot, "..", "shared", "k8s-openapi");
}

export function repoRootDir(): string {
  // scripts/ when run from source (vitest), lib/scripts/ when compiled.
  let dir = import.meta.dirname;
  for (let i = 0; i < 4; i++) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "shipshape") return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find shipshape's package.json above ${import.meta.dirname}`);
}

/** Groups whose lifecycle the upstream markers lack (README: known gaps), from the deprecation guide. */
const EXTRA_ROWS: LifecycleRow[] = [
  ["apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "1.7", "1.16", "1.22", "apiextensions.k8s.io/v1 CustomResourceDefinition"],
  ["apiregistration.k8s.io/v1beta1", "APIService", "1.7", "1.19", "1.22", "apiregistration.k8s.io/v1 APIService"],
];

const FIXED_TYPES: Record<string, string> = {
  "io.k8s.apimachinery.pkg.api.resource.Quantity": "q",
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "io",
  "io.k8s.apimachinery.pkg.runtime.RawExtension": "a",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON": "a",
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSON": "a",
};

/**
 * Properties the source's stripping dropped because they are named `description`, `example` or `paths`
 * (it removed those keys everywhere, not only the documentation text): restored here.
 */
const RESTORED: [RegExp, string, Json][] = [
  [/^io\.k8s\.api\.networking\.v1\.HTTPIngressRuleValue$/, "paths", { type: "array", items: { $ref: "#/components/schemas/io.k8s.api.networking.v1.HTTPIngressPath" } }],
  [/^io\.k8s\.api\.scheduling\.v[0-9a-z]+\.PriorityClass$/, "description", { type: "string" }],
  [/^io\.k8s\.apiextensions-apiserver\.pkg\.apis\.apiextensions\.v[0-9a-z]+\.JSONSchemaProps$/, "description", { type: "string" }],
  [/^io\.k8s\.apiextensions-apiserver\.pkg\.apis\.apiextensions\.v[0-9a-z]+\.JSONSchemaProps$/, "example", {}],
  [/^io\.k8s\.apiextensions-apiserver\.pkg\.apis\.apiextensions\.v[0-9a-z]+\.CustomResourceColumnDefinition$/, "description", { type: "string" }],
];

function restore(name: string, s: Json): Json {
  let out = s;
  for (const [re, field, schema] of RESTORED) {
    if (!re.test(name) || !isObject(out.properties) || field in out.properties) continue;
    out = { ...out, properties: { ...out.properties, [field]: schema } };
  }
  return out;
}

const PREFIXES = [
  "io.k8s.apimachinery.pkg.apis.",
  "io.k8s.apimachinery.pkg.",
  "io.k8s.apiextensions-apiserver.pkg.apis.",
  "io.k8s.kube-aggregator.pkg.apis.",
  "io.k8s.api.",
];

function shortName(full: string): string {
  for (const p of PREFIXES) if (full.startsWith(p)) return full.slice(p.length);
  return full;
}

function refName(ref: string): string {
  return ref.replace(/^#\/components\/schemas\//, "");
}

interface Doc {
  group: string;
  version: string;
  schemas: Record<string, Json>;
}

function readDocs(dir: string): Doc[] {
  const docs: Doc[] = [];
  const core = path.join(dir, "api", "v1.json");
  if (existsSync(core)) docs.push({ group: "", version: "v1", schemas: schemasOf(core) });
  const apis = path.join(dir, "apis");
  if (existsSync(apis)) {
    for (const group of readdirSync(apis).sort()) {
      for (const file of readdirSync(path.join(apis, group)).sort()) {
        if (!file.endsWith(".json")) continue;
        docs.push({ group, version: file.slice(0, -5), schemas: schemasOf(path.join(apis, group, file)) });
      }
    }
  }
  return docs;
}

function schemasOf(file: string): Record<string, Json> {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { components?: { schemas?: Record<string, Json> } };
  return doc.components?.schemas ?? {};
}

/** One minor's types, before merging: type name → field → spec, and required fields. */
interface MinorTypes {
  types: Map<string, { props: Map<string, string>; required: string[] }>;
  kinds: Map<string, string>;
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

class MinorBuilder {
  readonly out: MinorTypes = { types: new Map(), kinds: new Map() };
  private readonly all = new Map<string, Json>();

  constructor(docs: Doc[]) {
    for (const d of docs) for (const [name, s] of Object.entries(d.schemas)) if (!this.all.has(name)) this.all.set(name, restore(name, s));
    for (const d of docs) {
      for (const [name, s] of Object.entries(d.schemas)) {
        const gvks = Array.isArray(s["x-kubernetes-group-version-kind"]) ? s["x-kubernetes-group-version-kind"] as Json[] : [];
        if (name.startsWith("io.k8s.apimachinery.")) continue;
        for (const g of gvks) {
          if (g.group !== d.group || g.version !== d.version || typeof g.kind !== "string" || g.kind.endsWith("List")) continue;
          const apiVersion = d.group === "" ? d.version : `${d.group}/${d.version}`;
          this.out.kinds.set(`${apiVersion}|${g.kind}`, this.typeRef(name));
        }
      }
    }
  }

  /** The spec of a named schema: `#short` for object types with fields, else an inline primitive. */
  private typeRef(full: string): string {
    // README errata: these accept more than some documents say (a Quantity may be a number in 1.23's too).
    const fixed = FIXED_TYPES[full];
    if (fixed) return fixed;
    const s = this.all.get(full);
    if (!s) throw new Error(`unresolved $ref ${full}`);
    if (!isObject(s.properties)) return this.spec(s, full);
    const short = shortName(full);
    if (!this.out.types.has(short)) {
      const entry = { props: new Map<string, string>(), required: [] as string[] };
      this.out.types.set(short, entry);
      for (const [field, fs] of Object.entries(s.properties)) entry.props.set(field, this.spec(fs as Json, `${full}.${field}`));
      if (Array.isArray(s.required)) entry.required = (s.required as string[]).slice().sort();
    }
    return `#${short}`;
  }

  private spec(s: Json, where: string): string {
    if (typeof s.$ref === "string") return this.typeRef(refName(s.$ref));
    if (Array.isArray(s.allOf) && s.allOf.length === 1 && isObject(s.allOf[0]) && typeof s.allOf[0].$ref === "string") {
      return this.typeRef(refName(s.allOf[0].$ref));
    }
    if (s["x-kubernetes-int-or-string"] === true || s.format === "int-or-string") return "io";
    if (Array.isArray(s.oneOf)) {
      const types = (s.oneOf as Json[]).map((o) => o.type).sort().join(",");
      if (types === "integer,string") return "io";
      if (types === "number,string") return "q";
      throw new Error(`unexpected oneOf at ${where}: ${types}`);
    }
    if (s["x-kubernetes-preserve-unknown-fields"] === true && !isObject(s.properties)) return "a";
    switch (s.type) {
      case "string": return "s";
      case "integer": return "i";
      case "number": return "n";
      case "boolean": return "b";
      case "array": return `[${isObject(s.items) ? this.spec(s.items, `${where}[]`) : "a"}`;
      case "object":
        if (isObject(s.properties)) throw new Error(`inline object type at ${where}`);
        if (isObject(s.additionalProperties)) return `{${this.spec(s.additionalProperties, `${where}{}`)}`;
        return "o";
      case undefined: return "a";
      default: throw new Error(`unexpected type ${String(s.type)} at ${where}`);
    }
  }
}

/** Compresses the minors in which a value holds into ranges. */
function ranges(minors: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const m of [...minors].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last[1] === m - 1) last[1] = m;
    else out.push([m, m]);
  }
  return out;
}

function sortedObject<T>(entries: Iterable<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = v;
  return out;
}

function minorsIn(source: string): number[] {
  return readdirSync(source).filter((d) => /^1\.\d+$/.test(d)).map((d) => Number(d.slice(2))).sort((a, b) => a - b);
}

/** Builds both data files' contents from the source folder. */
export function generate(source: string): { schema: string; lifecycle: string } {
  const minors = minorsIn(source);
  const first = minors[0];
  const last = minors[minors.length - 1];
  if (first === undefined || last === undefined) throw new Error(`no 1.N folders in ${source}`);
  const perMinor = new Map<number, MinorTypes>();
  // README erratum: before 1.27 the documents lack apiregistration.k8s.io/v1; 1.27's is used.
  const apiregistration = readDocs(path.join(source, "1.27")).filter((d) => d.group === "apiregistration.k8s.io");
  const schemaPresence = new Map<number, Set<string>>();
  for (const m of minors) {
    let docs = readDocs(path.join(source, `1.${m}`));
    if (!docs.some((d) => d.group === "apiregistration.k8s.io" && d.version === "v1")) docs = [...docs, ...apiregistration];
    const built = new MinorBuilder(docs).out;
    perMinor.set(m, built);
    schemaPresence.set(m, new Set(built.kinds.keys()));
  }

  // merge types
  const typeMinors = new Map<string, number[]>();
  for (const [m, t] of perMinor) for (const name of t.types.keys()) push(typeMinors, name, m);
  const types: [string, TypeEntry][] = [];
  for (const [name, inMinors] of typeMinors) {
    const fieldVariants = new Map<string, Map<string, number[]>>();
    const requiredMinors = new Map<string, number[]>();
    for (const m of inMinors) {
      const t = perMinor.get(m)?.types.get(name);
      if (!t) continue;
      for (const [field, spec] of t.props) {
        let byType = fieldVariants.get(field);
        if (!byType) fieldVariants.set(field, (byType = new Map()));
        push(byType, spec, m);
      }
      for (const r of t.required) push(requiredMinors, r, m);
    }
    const p: [string, FieldEntry][] = [];
    for (const [field, byType] of fieldVariants) {
      const [only] = byType;
      if (byType.size === 1 && only && only[1].length === inMinors.length) {
        p.push([field, only[0]]);
        continue;
      }
      const variants: Variant[] = [];
      for (const [spec, ms] of byType) for (const [a, b] of ranges(ms)) variants.push([spec, a, b]);
      variants.sort((x, y) => x[1] - y[1]);
      p.push([field, variants]);
    }
    const entry: TypeEntry = { p: sortedObject(p) };
    const r: (string | Variant)[] = [];
    for (const [field, ms] of [...requiredMinors].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (ms.length === inMinors.length) r.push(field);
      else for (const [a, b] of ranges(ms)) r.push([field, a, b]);
    }
    if (r.length > 0) entry.r = r;
    types.push([name, entry]);
  }

  // merge kinds
  const kindVariants = new Map<string, Map<string, number[]>>();
  for (const [m, t] of perMinor) {
    for (const [gvk, spec] of t.kinds) {
      let byType = kindVariants.get(gvk);
      if (!byType) kindVariants.set(gvk, (byType = new Map()));
      push(byType, spec.replace(/^#/, ""), m);
    }
  }
  const kinds: [string, Variant[]][] = [];
  for (const [gvk, byType] of kindVariants) {
    const variants: Variant[] = [];
    for (const [spec, ms] of byType) for (const [a, b] of ranges(ms)) variants.push([spec, a, b]);
    variants.sort((x, y) => x[1] - y[1]);
    kinds.push([gvk, variants]);
  }
  const schema: SchemaData = { minors: [first, last], kinds: sortedObject(kinds), types: sortedObject(types) };

  // lifecycle
  const lifecycleSrc = JSON.parse(readFileSync(path.join(source, "lifecycle.json"), "utf8")) as { rows: Json[] };
  const rows: LifecycleRow[] = lifecycleSrc.rows.map((r) => [
    String(r.apiVersion), String(r.kind), String(r.introduced ?? ""), String(r.deprecated ?? ""), String(r.removed ?? ""), String(r.replacement ?? ""),
  ]);
  for (const extra of EXTRA_ROWS) if (!rows.some((r) => r[0] === extra[0] && r[1] === extra[1])) rows.push(extra);
  rows.sort((a, b) => (a[0] + "|" + a[1] < b[0] + "|" + b[1] ? -1 : 1));
  const servedSrc = (JSON.parse(readFileSync(path.join(source, "served.json"), "utf8")) as { served: Record<string, string[]> }).served;
  const everServed = new Set([...Object.values(servedSrc).flat(), ...rows.map((r) => `${r[0]}|${r[1]}`)]);
  const servedMinors = new Map<string, number[]>();
  for (const m of minors) {
    const listed = servedSrc[`1.${m}`] ?? [];
    // 1.23's documents lack the markers served.json is derived from: use the kinds its schemas define.
    const set = listed.length > 1 ? listed : [...(schemaPresence.get(m) ?? [])].filter((g) => everServed.has(g));
    for (const gvk of set) push(servedMinors, gvk, m);
  }
  const groups = new Map<string, Set<string>>();
  const addGroupVersion = (apiVersion: string) => {
    const slash = apiVersion.indexOf("/");
    const group = slash < 0 ? "" : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    let set = groups.get(group);
    if (!set) groups.set(group, (set = new Set()));
    set.add(version);
  };
  for (const r of rows) addGroupVersion(r[0]);
  for (const gvk of kindVariants.keys()) addGroupVersion(gvk.split("|")[0] as string);
  for (const gvk of servedMinors.keys()) addGroupVersion(gvk.split("|")[0] as string);
  const lifecycle: LifecycleData = {
    minors: [first, last],
    rows,
    served: sortedObject([...servedMinors].map(([gvk, ms]) => [gvk, ranges(ms)])),
    groups: sortedObject([...groups].map(([g, vs]) => [g, [...vs].sort()])),
  };
  return { schema: serialize(schema), lifecycle: serialize(lifecycle) };
}

/** Compact JSON with one type or row per line, so diffs of regenerated data stay readable. */
function serialize(data: SchemaData | LifecycleData): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (isObject(value)) {
      const inner = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
      parts.push(`${JSON.stringify(key)}:{\n${inner.join(",\n")}\n}`);
    } else if (Array.isArray(value) && key === "rows") {
      parts.push(`${JSON.stringify(key)}:[\n${value.map((v) => JSON.stringify(v)).join(",\n")}\n]`);
    } else {
      parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
    }
  }
  return `{${parts.join(",\n")}}\n`;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function main(argv: string[]): number {
  const root = repoRootDir();
  const source = path.resolve(argv[0] ?? defaultSourceDir(root));
  if (!existsSync(source)) {
    console.error(`gen-k8s-data: ${source} does not exist`);
    return 1;
  }
  const { schema, lifecycle } = generate(source);
  writeFileSync(path.join(root, SCHEMA_FILE), schema);
  writeFileSync(path.join(root, LIFECYCLE_FILE), lifecycle);
  console.log(`wrote ${SCHEMA_FILE} (${schema.length} bytes) and ${LIFECYCLE_FILE} (${lifecycle.length} bytes)`);
  return 0;
}
