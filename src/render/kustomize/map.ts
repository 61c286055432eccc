import type { SourceRange } from "../../load/parse.js";
import type { LoadedFile } from "../../load/read.js";
import type { Path, PathSegment } from "../../model/path.js";
import { parseImage } from "../../model/image.js";
import { arr, getIn, isObj, obj, str, type Obj } from "../../model/values.js";
import { docPlace, docStart, inlinePlaces, type Place, type SourceFiles } from "./sources.js";
import type { KFile, KustomizationTree } from "./tree.js";

/** Where a rendered object came from, per its `config.kubernetes.io/origin` annotation. */
export type Origin =
  | { type: "file"; place: Place; abs: string; kind: string; name: string | undefined; docIndex: number }
  | { type: "generator"; k: KFile; entry: Path }
  | { type: "unknown" };

export interface MappedLocation {
  file: string;
  range: SourceRange;
  /** Other places that explain the finding (the source a patch applies to, the overlay). */
  related: { file: string; range: SourceRange; message: string }[];
}

const MERGE_KEYS = ["name", "mountPath", "containerPort", "devicePath", "ip", "topologyKey", "key", "port"];

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function isScalarValue(v: unknown): boolean {
  return v === null || typeof v !== "object";
}

/** The item of `list` that is `item` after a merge: by merge key, else equal scalar, else the same index. */
function matchItem(list: unknown[], item: unknown, index: number): number | undefined {
  if (isObj(item)) {
    for (const k of MERGE_KEYS) {
      if (item[k] === undefined) continue;
      const j = list.findIndex((x) => isObj(x) && same(x[k], item[k]));
      return j >= 0 ? j : undefined;
    }
    return index < list.length ? index : undefined;
  }
  const j = list.findIndex((x) => same(x, item));
  return j >= 0 ? j : undefined;
}

/**
 * Follows a rendered path through another document (the source, a strategic-merge patch),
 * matching list items by merge key. `complete` when every segment was found.
 */
export function translate(rendered: unknown, other: unknown, path: Path): { path: PathSegment[]; complete: boolean } {
  const out: PathSegment[] = [];
  let r = rendered;
  let o = other;
  for (const seg of path) {
    if (typeof seg === "number") {
      if (!Array.isArray(r) || !Array.isArray(o)) return { path: out, complete: false };
      const j = matchItem(o, r[seg], seg);
      if (j === undefined) return { path: out, complete: false };
      out.push(j);
      r = r[seg];
      o = o[j];
    } else {
      if (!isObj(r) || !isObj(o) || !(seg in o)) return { path: out, complete: false };
      out.push(seg);
      r = r[seg];
      o = o[seg];
    }
  }
  return { path: out, complete: true };
}

/** The longest prefix of `path` that exists in `value`. */
export function existingPrefix(value: unknown, path: Path): Path {
  let cur = value;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as PathSegment;
    if (typeof seg === "number" ? !Array.isArray(cur) || seg >= cur.length : !isObj(cur) || !(seg in cur)) return path.slice(0, i);
    cur = typeof seg === "number" ? (cur as unknown[])[seg] : (cur as Obj)[seg];
  }
  return path;
}

interface PatchDoc {
  k: KFile;
  place: Place;
  /** JSON6902 operations, or one strategic-merge patch document. */
  ops: Obj[] | undefined;
  smp: Obj | undefined;
  target: Obj | undefined;
}

function anchored(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return pattern === value;
  }
}

function selectorMatches(selector: string, labels: Record<string, unknown>): boolean {
  return selector.split(",").map((s) => s.trim()).filter(Boolean).every((term) => {
    const m = /^([^=!]+?)\s*(==?|!=)\s*(.*)$/.exec(term);
    if (!m) return true;
    const [, k, op, v] = m as unknown as [string, string, string, string];
    return op === "!=" ? labels[k] !== v : labels[k] === v;
  });
}

/** Whether a patch applies to an object: its target selector, or the patch document's own kind and name. */
function applies(p: PatchDoc, rendered: Obj, sourceName: string | undefined): boolean {
  const kind = str(rendered.kind);
  const meta = obj(rendered.metadata);
  const names = [str(meta?.name), sourceName];
  if (p.target) {
    const t = p.target;
    if (typeof t.kind === "string" && !anchored(t.kind, kind)) return false;
    if (typeof t.name === "string" && !names.some((n) => anchored(t.name as string, n))) return false;
    if (typeof t.labelSelector === "string" && !selectorMatches(t.labelSelector, obj(meta?.labels) ?? {})) return false;
    if (typeof t.annotationSelector === "string" && !selectorMatches(t.annotationSelector, obj(meta?.annotations) ?? {})) return false;
    return true;
  }
  if (!p.smp) return false;
  if (str(p.smp.kind) !== undefined && p.smp.kind !== kind) return false;
  const pn = str(getIn(p.smp, ["metadata", "name"]));
  return pn === undefined || names.some((n) => n !== undefined && (n === pn || n.includes(pn)));
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Where a patch sets the rendered value at `path`, if it does. */
function patchLocation(p: PatchDoc, rendered: Obj, path: Path): SourceRange | undefined {
  const want = getIn(rendered, path);
  if (p.smp) {
    const t = translate(rendered, p.smp, path);
    if (!t.complete) return undefined;
    if (isScalarValue(want) && !same(getIn(p.smp, t.path), want)) return undefined;
    return p.place.locate(t.path);
  }
  const ops = p.ops ?? [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i] as Obj;
    if (op.op !== "add" && op.op !== "replace") continue;
    const pointer = str(op.path);
    if (pointer === undefined) continue;
    const q = pointer.split("/").slice(1).map(unescapePointer);
    const n = Math.min(q.length, path.length);
    let prefix = true;
    for (let j = 0; j < n; j++) {
      const seg = path[j] as PathSegment;
      const qs = q[j] as string;
      if (!(typeof seg === "number" ? qs === String(seg) || qs === "-" : qs === seg)) prefix = false;
    }
    if (!prefix) continue;
    if (q.length <= path.length) {
      const rest = path.slice(q.length);
      const v = getIn(op.value, rest);
      if (v === undefined || (isScalarValue(want) && !same(v, want))) continue;
      return p.place.locate([i, "value", ...rest]);
    }
    // The finding is on a field the operation fills in deeper: point at the operation.
    return p.place.locate([i]);
  }
  return undefined;
}

/** The patch documents a kustomization applies, in the order it applies them. */
export function patchesOf(k: KFile, files: SourceFiles): PatchDoc[] {
  const v = k.value;
  const kdoc = k.loaded.parsed.documents[0];
  if (!v || !kdoc) return [];
  const out: PatchDoc[] = [];
  const addPlaces = (places: Place[], target: Obj | undefined) => {
    for (const place of places) {
      if (Array.isArray(place.value)) out.push({ k, place, ops: place.value.filter(isObj), smp: undefined, target });
      else if (isObj(place.value)) out.push({ k, place, ops: undefined, smp: place.value, target });
    }
  };
  const fromFile = (rel: string): Place[] => {
    const ref = k.refs.find((r) => r.field === "patch" && r.value === rel);
    const loaded: LoadedFile | undefined = ref?.cls === "local" && ref.abs ? files.get(ref.abs) : undefined;
    return loaded ? loaded.parsed.documents.map((d) => docPlace(loaded, d)) : [];
  };
  arr(v.patchesStrategicMerge).forEach((e, i) => {
    const s = str(e);
    if (s === undefined) return;
    const ref = k.refs.find((r) => r.field === "patch" && r.value === s && r.path[0] === "patchesStrategicMerge");
    addPlaces(ref ? fromFile(s) : inlinePlaces(k.loaded, kdoc, ["patchesStrategicMerge", i], s), undefined);
  });
  arr(v.patchesJson6902).forEach((e, i) => {
    if (!isObj(e)) return;
    const target = obj(e.target);
    if (typeof e.path === "string") addPlaces(fromFile(e.path), target);
    else if (typeof e.patch === "string") addPlaces(inlinePlaces(k.loaded, kdoc, ["patchesJson6902", i, "patch"], e.patch), target);
  });
  arr(v.patches).forEach((e, i) => {
    if (!isObj(e)) return;
    const target = obj(e.target);
    if (typeof e.path === "string") addPlaces(fromFile(e.path), target);
    else if (typeof e.patch === "string") addPlaces(inlinePlaces(k.loaded, kdoc, ["patches", i, "patch"], e.patch), target);
  });
  return out;
}

/** The kustomizations an object went through, the last to transform it first. */
export function chainOf(root: KFile, tree: KustomizationTree, target: string): KFile[] {
  const memo = new Map<string, boolean>();
  const contains = (k: KFile, seen: Set<string>): boolean => {
    const known = memo.get(k.abs);
    if (known !== undefined) return known;
    if (seen.has(k.abs)) return false;
    seen.add(k.abs);
    let hit = k.abs === target || k.refs.some((r) => r.abs === target && !r.isDir && (r.field === "resources" || r.field === "bases"));
    if (!hit) {
      for (const r of k.refs) {
        if (r.cls !== "local" || !r.isDir || !r.abs) continue;
        const child = tree.at(r.abs);
        if (child && contains(child, seen)) {
          hit = true;
          break;
        }
      }
    }
    memo.set(k.abs, hit);
    return hit;
  };
  const out: KFile[] = [];
  const visited = new Set<string>();
  const visit = (k: KFile, always: boolean) => {
    if (visited.has(k.abs) || (!always && !contains(k, new Set()))) return;
    visited.add(k.abs);
    out.push(k);
    const dirs = (field: string) => k.refs.filter((r) => r.field === field && r.cls === "local" && r.isDir && r.abs).map((r) => r.abs as string).reverse();
    // Components transform everything their parent accumulated; resources only what they hold.
    for (const d of dirs("components")) {
      const c = tree.at(d);
      if (c) visit(c, true);
    }
    for (const d of [...dirs("resources"), ...dirs("bases")]) {
      const c = tree.at(d);
      if (c) visit(c, false);
    }
  };
  visit(root, true);
  return out;
}

function imageName(image: string): string {
  const ref = parseImage(image);
  if (!ref) return image;
  return ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
}

/** A transformer field that set the value at a path: images, namespace, replicas, labels, annotations, name. */
function transformerLocation(chain: readonly KFile[], rendered: Obj, path: Path, sourceValue: Obj | undefined): { k: KFile; path: Path } | undefined {
  const last = path[path.length - 1];
  const key = path.join("\u0000");
  for (const k of chain) {
    const v = k.value;
    if (!v) continue;
    if (last === "image" && typeof getIn(rendered, path) === "string") {
      const names = [getIn(sourceValue, path), getIn(rendered, path)].filter((s): s is string => typeof s === "string").map(imageName);
      const i = arr(v.images).findIndex((e) => isObj(e) && typeof e.name === "string" && names.some((n) => n === e.name || n.endsWith(`/${e.name as string}`)));
      if (i >= 0) {
        const e = arr(v.images)[i] as Obj;
        const field = ["newTag", "digest", "newName"].find((f) => e[f] !== undefined);
        return { k, path: field ? ["images", i, field] : ["images", i] };
      }
    }
    if (key === "metadata\u0000namespace" && typeof v.namespace === "string") return { k, path: ["namespace"] };
    if (key === "metadata\u0000name") {
      if (typeof v.namePrefix === "string") return { k, path: ["namePrefix"] };
      if (typeof v.nameSuffix === "string") return { k, path: ["nameSuffix"] };
    }
    if (key === "spec\u0000replicas") {
      const name = str(getIn(sourceValue, ["metadata", "name"]));
      const i = arr(v.replicas).findIndex((e) => isObj(e) && e.name === name);
      if (i >= 0) return { k, path: ["replicas", i, "count"] };
    }
    if (path.length >= 2 && typeof last === "string") {
      const parent = path[path.length - 2];
      if (parent === "labels" || parent === "matchLabels" || parent === "selector") {
        if (isObj(v.commonLabels) && last in v.commonLabels) return { k, path: ["commonLabels", last] };
        const i = arr(v.labels).findIndex((e) => isObj(e) && isObj(e.pairs) && last in e.pairs);
        if (i >= 0) return { k, path: ["labels", i, "pairs", last] };
      }
      if (parent === "annotations" && isObj(v.commonAnnotations) && last in v.commonAnnotations) return { k, path: ["commonAnnotations", last] };
    }
  }
  return undefined;
}

/** The entry of a generator (`configMapGenerator[i]`) a data key came from. */
function generatorLocation(k: KFile, entry: Path, path: Path): Path {
  const g = obj(getIn(k.value, entry));
  if (!g) return entry;
  if ((path[0] === "data" || path[0] === "stringData" || path[0] === "binaryData") && typeof path[1] === "string") {
    const key = path[1];
    const lit = arr(g.literals).findIndex((l) => typeof l === "string" && l.slice(0, l.indexOf("=")).trim() === key);
    if (lit >= 0) return [...entry, "literals", lit];
    const file = arr(g.files).findIndex((f) => typeof f === "string" && (f.includes("=") ? f.slice(0, f.indexOf("=")).trim() === key : f.split("/").pop() === key));
    if (file >= 0) return [...entry, "files", file];
    if (arr(g.envs).length > 0) return [...entry, "envs"];
    if (g.env !== undefined) return [...entry, "env"];
  }
  if (path[0] === "metadata" && path[1] === "name") return [...entry, "name"];
  return entry;
}

export interface MapInput {
  origin: Origin;
  rendered: Obj;
  chain: () => KFile[];
  files: SourceFiles;
  root: KFile;
}

/**
 * Maps a path in a rendered object to the file and range that produced it: the source document
 * where it holds the value, else the patch that sets it, else the transformer field, else the
 * source document with the overlay as a related location.
 */
export function mapPath(input: MapInput, path: Path, patches: (k: KFile) => PatchDoc[]): MappedLocation {
  const { origin, rendered, root } = input;
  const rootLoaded = root.loaded;
  if (origin.type === "unknown") return { file: rootLoaded.file, range: docStart(rootLoaded), related: [] };
  const existing = existingPrefix(rendered, path);
  const kdoc = (k: KFile) => k.loaded.parsed.documents[0];
  const inK = (k: KFile, p: Path): { file: string; range: SourceRange } => {
    const d = kdoc(k);
    return { file: k.loaded.file, range: d ? docPlace(k.loaded, d).locate(p) : docStart(k.loaded) };
  };
  if (origin.type === "generator") {
    const at = inK(origin.k, generatorLocation(origin.k, origin.entry, existing));
    return { ...at, related: [] };
  }
  const src = origin.place;
  const t = translate(rendered, src.value, existing);
  const want = getIn(rendered, existing);
  if (t.complete && (!isScalarValue(want) || same(getIn(src.value, t.path), want))) {
    return { file: src.file, range: src.locate(t.path), related: [] };
  }
  const sourceName = origin.name;
  const sourceRelated = { file: src.file, range: src.locate(["metadata", "name"]), message: `${origin.kind} "${sourceName ?? "(unnamed)"}" is defined here; the overlay changes it` };
  const chain = input.chain();
  for (const k of chain) {
    const list = patches(k);
    for (let i = list.length - 1; i >= 0; i--) {
      const p = list[i] as PatchDoc;
      if (!applies(p, rendered, sourceName)) continue;
      const range = patchLocation(p, rendered, existing);
      if (range) return { file: p.place.file, range, related: [sourceRelated] };
    }
  }
  const tr = transformerLocation(chain, rendered, existing, obj(src.value));
  if (tr) return { ...inK(tr.k, tr.path), related: [sourceRelated] };
  return {
    file: src.file,
    range: src.locate(t.path),
    related: [{ file: rootLoaded.file, range: docStart(rootLoaded), message: `the rendered value differs from this source: it is set while rendering ${dirLabel(root)}` }],
  };
}

/** Reference fields whose files transform every object a kustomization holds. */
const TRANSFORMING_FILES = new Set(["transformers", "replacements", "configurations", "crds", "openapi", "validators"]);

/**
 * The display paths of the files that shape a rendered object (for `--changed-since`): its source
 * document's file, the kustomizations it goes through, the patches that apply to it and the
 * transformer files they load; a generated object also depends on its generator's files.
 */
export function sourcesOf(input: MapInput, patches: (k: KFile) => PatchDoc[]): string[] {
  const { origin, rendered, root, files } = input;
  const out = new Set<string>([root.loaded.file]);
  const addRefs = (k: KFile, fields: ReadonlySet<string>) => {
    for (const r of k.refs) if (r.cls === "local" && r.abs && !r.isDir && fields.has(r.field)) out.add(files.displayPath(r.abs));
  };
  if (origin.type === "unknown") {
    for (const r of root.refs) if (r.cls === "local" && r.abs && !r.isDir) out.add(files.displayPath(r.abs));
    return [...out];
  }
  if (origin.type === "file") out.add(origin.place.file);
  else {
    out.add(origin.k.loaded.file);
    addRefs(origin.k, new Set(["generator-file", "generators"]));
  }
  const sourceName = origin.type === "file" ? origin.name : undefined;
  for (const k of input.chain()) {
    out.add(k.loaded.file);
    addRefs(k, TRANSFORMING_FILES);
    for (const p of patches(k)) if (applies(p, rendered, sourceName)) out.add(p.place.file);
  }
  return [...out];
}

export function dirLabel(k: KFile): string {
  const f = k.loaded.file;
  const slash = f.lastIndexOf("/");
  return slash < 0 ? "." : f.slice(0, slash);
}
