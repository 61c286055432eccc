// Helm's values handling: user value merging, --set parsing, dependency enablement, import-values and coalescing.
import type { GoValue } from "./template/values.js";
import { isMap } from "./template/values.js";
import type { Chart, Dependency } from "./chart.js";
import { copyOrigin } from "./origins.js";
import { constraintMatches, parseSemver } from "./semver.js";

type M = Record<string, GoValue>;

export function copyValues(v: GoValue): GoValue {
  if (Array.isArray(v)) { const a = v.map(copyValues); v.forEach((_, i) => copyOrigin(v, String(i), a, String(i))); return a; }
  if (isMap(v)) {
    const o: M = {};
    for (const [k, x] of Object.entries(v)) { o[k] = copyValues(x); copyOrigin(v, k, o, k); }
    return o;
  }
  return v;
}

/** Helm's mergeMaps for user-supplied values (-f files in order, then --set): later wins, maps merge deeply. */
export function mergeMaps(a: M, b: M): M {
  const out: M = { ...a };
  for (const k of Object.keys(a)) copyOrigin(a, k, out, k);
  for (const [k, v] of Object.entries(b)) {
    const av = out[k];
    if (isMap(v) && isMap(av)) out[k] = mergeMaps(av, v);
    else out[k] = v;
    copyOrigin(b, k, out, k);
  }
  return out;
}

/** Parses Helm's --set syntax ("a.b=c,d[0]=e,f={x,y}") into a values map. */
export function parseSet(expr: string, asString = false): M {
  const out: M = {};
  const parts: string[] = [];
  let cur = "";
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (c === "\\" && i + 1 < expr.length) { cur += c + expr[++i]; continue; }
    if (c === "{") depth++;
    if (c === "}") depth--;
    if (c === "," && depth === 0) { parts.push(cur); cur = ""; continue; }
    cur += c;
  }
  if (cur) parts.push(cur);
  for (const p of parts) {
    const eq = p.indexOf("=");
    if (eq < 0) throw new Error(`key "${p}" has no value`);
    const key = p.slice(0, eq);
    const raw = p.slice(eq + 1);
    let val: GoValue;
    if (raw.startsWith("{") && raw.endsWith("}")) val = raw.slice(1, -1).split(",").filter((x) => x !== "").map((x) => typed(x, asString));
    else val = typed(raw.replace(/\\(.)/g, "$1"), asString);
    setPath(out, splitKey(key), val);
  }
  return out;
}

function typed(v: string, asString: boolean): GoValue {
  if (asString) return v;
  if (v.toLowerCase() === "true") return true;
  if (v.toLowerCase() === "false") return false;
  if (v.toLowerCase() === "null") return null;
  if (v === "0") return 0n;
  if (/^-?[1-9][0-9]*$/.test(v)) { const b = BigInt(v); if (b <= 9223372036854775807n && b >= -9223372036854775808n) return b; }
  return v;
}

function splitKey(key: string): (string | number)[] {
  const out: (string | number)[] = [];
  let cur = "";
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (c === "\\" && i + 1 < key.length) { cur += key[++i]; continue; }
    if (c === ".") { if (cur) out.push(cur); cur = ""; continue; }
    if (c === "[") {
      if (cur) out.push(cur);
      cur = "";
      const close = key.indexOf("]", i);
      const n = Number(key.slice(i + 1, close));
      if (!Number.isInteger(n) || n < 0 || n > 65536) throw new Error(`invalid index in key "${key}"`);
      out.push(n);
      i = close;
      continue;
    }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/** Sets a value at a path of keys and list indexes, creating maps and lists. */
export function setPath(root: M, keys: (string | number)[], val: GoValue): void {
  let cur: GoValue = root;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const last = i === keys.length - 1;
    const nextIsIndex = typeof keys[i + 1] === "number";
    if (typeof k === "number") {
      const arr = cur as GoValue[];
      while (arr.length <= k) arr.push(null);
      if (last) arr[k] = val;
      else { if (!(nextIsIndex ? Array.isArray(arr[k]) : isMap(arr[k]))) arr[k] = nextIsIndex ? [] : {}; cur = arr[k]; }
    } else {
      const m = cur as M;
      if (last) m[k] = val;
      else { if (!(nextIsIndex ? Array.isArray(m[k]) : isMap(m[k]))) m[k] = nextIsIndex ? [] : {}; cur = m[k]; }
    }
  }
}

function pathValue(vals: M, dotted: string): { found: boolean; value: GoValue } {
  let cur: GoValue = vals;
  for (const k of dotted.split(".")) {
    if (!isMap(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return { found: false, value: null };
    cur = cur[k];
  }
  return { found: true, value: cur };
}

/** The values-name of a subchart as its parent sees it (alias applied by processDependencyEnabled). */
export interface Node { chart: Chart; name: string; meta: M; children: Node[]; deps: { dep: Dependency; node: Node | null }[] }

function versionOk(range: string, version: string): boolean {
  if (!range) return true;
  const v = parseSemver(version);
  if (v instanceof Error) return false;
  const r = constraintMatches(range, v);
  return r === true;
}

/** Builds the chart tree with aliases resolved; records declared dependencies that are missing from charts/. */
export function buildTree(chart: Chart, name = chart.name, missing: string[] = [], prefix = ""): Node {
  const node: Node = { chart, name, meta: { ...chart.meta, name }, children: [], deps: [] };
  const declared = chart.dependencies;
  const used = new Set<Chart>();
  for (const d of declared) {
    const sub = chart.charts.find((c) => c.name === d.name && versionOk(d.version, c.version)) ?? chart.charts.find((c) => c.name === d.name);
    if (!sub) { missing.push(`${prefix}${d.name}`); node.deps.push({ dep: d, node: null }); continue; }
    used.add(sub);
    const child = buildTree(sub, d.alias || d.name, missing, `${prefix}${d.alias || d.name}.`);
    node.deps.push({ dep: d, node: child });
  }
  // charts vendored without a declaration are always included
  const undeclared = chart.charts.filter((c) => !used.has(c) && !declared.some((d) => d.name === c.name)).map((c) => buildTree(c, c.name, missing, `${prefix}${c.name}.`));
  node.children = [...undeclared, ...node.deps.filter((d) => d.node).map((d) => d.node!)];
  return node;
}

/** Strips null entries from chart defaults (Helm 4: a null in a chart's values.yaml never deletes a subchart default). */
function stripNulls(v: GoValue): GoValue {
  if (!isMap(v)) return v;
  const o: M = {};
  for (const [k, x] of Object.entries(v)) { if (x === null) continue; o[k] = stripNulls(x); copyOrigin(v, k, o, k); }
  return o;
}

export interface CoalesceOptions { helm3: boolean }

function chartDefaults(node: Node, opts: CoalesceOptions): M {
  const v = copyValues(node.chart.values) as M;
  return opts.helm3 ? v : (stripNulls(v) as M);
}

/** CoalesceValues: user values over chart defaults, recursively into subcharts, with globals pushed down. */
export function coalesce(node: Node, dest: M, opts: CoalesceOptions, merge = false, defaults?: Map<Node, M>): M {
  coalesceValues(node, dest, opts, merge, defaults);
  for (const child of node.children) {
    let dv = dest[child.name];
    if (dv === undefined || dv === null) { dv = {}; dest[child.name] = dv; }
    if (!isMap(dv)) continue;
    coalesceGlobals(dv, dest);
    dest[child.name] = coalesce(child, dv, opts, merge, defaults);
  }
  return dest;
}

function coalesceValues(node: Node, v: M, opts: CoalesceOptions, merge: boolean, defaults?: Map<Node, M>): void {
  const vc = defaults?.get(node) ? (copyValues(defaults.get(node)) as M) : chartDefaults(node, opts);
  for (const [key, val] of Object.entries(vc)) {
    if (Object.prototype.hasOwnProperty.call(v, key)) {
      const value = v[key];
      if (value === null && !merge) delete v[key];
      else if (isMap(value) && isMap(val)) {
        const childMerge = node.children.some((c) => c.name === key) || merge;
        coalesceTables(value, val, childMerge);
      }
    } else {
      v[key] = val;
      copyOrigin(vc, key, v, key);
    }
  }
}

function coalesceTables(dst: M, src: M, merge: boolean, depth = 0): M {
  if (depth > 200) return dst;
  for (const [key, val] of Object.entries(src)) {
    const has = Object.prototype.hasOwnProperty.call(dst, key);
    const dv = dst[key];
    if (has && !merge && dv === null) delete dst[key];
    else if (!has) { dst[key] = val; copyOrigin(src, key, dst, key); }
    else if (isMap(val) && isMap(dv)) coalesceTables(dv, val, merge, depth + 1);
  }
  return dst;
}

function coalesceGlobals(dest: M, src: M): void {
  let dg: M = {};
  if (dest.global !== undefined) { if (!isMap(dest.global)) return; dg = dest.global; }
  let sg: M = {};
  if (src.global !== undefined) { if (!isMap(src.global)) return; sg = src.global; }
  for (const [key, val] of Object.entries(sg)) {
    if (isMap(val)) {
      const vv = copyValues(val) as M;
      const destv = dg[key];
      if (destv === undefined) dg[key] = vv;
      else if (isMap(destv)) { coalesceTables(vv, destv, true); dg[key] = vv; }
    } else if (isMap(dg[key])) {
      // a table in the destination is kept
    } else {
      dg[key] = val;
      copyOrigin(sg, key, dg, key);
    }
  }
  dest.global = dg;
}

/** processDependencyEnabled: evaluates tags and conditions and drops disabled subcharts from the tree. */
export function processEnabled(node: Node, userVals: M, opts: CoalesceOptions, path = ""): void {
  const cvals = coalesce(node, copyValues(userVals) as M, opts);
  const disabled = new Set<Node>();
  for (const { dep, node: child } of node.deps) {
    if (!child) continue;
    let enabled = true;
    // tags
    const tags = pathValue(cvals, "tags");
    if (dep.tags.length && tags.found && isMap(tags.value)) {
      let hasTrue = false, hasFalse = false;
      for (const t of dep.tags) {
        const tv = (tags.value as M)[t];
        if (tv === true) hasTrue = true;
        else if (tv === false) hasFalse = true;
      }
      if (!hasTrue && hasFalse) enabled = false;
    }
    // conditions
    if (dep.condition) {
      for (const c of dep.condition.split(",")) {
        const pv = pathValue(cvals, path + c.trim());
        if (pv.found && typeof pv.value === "boolean") { enabled = pv.value; break; }
      }
    }
    if (!enabled) disabled.add(child);
  }
  node.children = node.children.filter((c) => !disabled.has(c));
  node.deps = node.deps.filter((d) => !d.node || !disabled.has(d.node));
  for (const c of node.children) processEnabled(c, cvals, opts, `${path}${c.name}.`);
}

/** processDependencyImportValues: children's exported values become (low-priority) defaults of the parent. */
export function processImports(node: Node, opts: CoalesceOptions, defaults: Map<Node, M>): void {
  for (const c of node.children) processImports(c, opts, defaults);
  if (!node.deps.some((d) => d.node && d.dep.importValues.length)) return;
  const cvals = coalesce(node, {}, { ...opts }, true, defaults);
  let b: M = {};
  for (const { dep, node: child } of node.deps) {
    if (!child) continue;
    for (const iv of dep.importValues) {
      let childPath: string, parentPath: string;
      if (typeof iv === "string") { childPath = "exports." + iv; parentPath = "."; }
      else if (isMap(iv) && typeof iv.child === "string" && typeof iv.parent === "string") { childPath = iv.child; parentPath = iv.parent; }
      else continue;
      const pv = pathValue(cvals, `${child.name}.${childPath}`);
      if (!pv.found || !isMap(pv.value)) continue;
      const table = copyValues(pv.value) as M;
      const add: M = parentPath === "." ? table : {};
      if (parentPath !== ".") setPath(add, parentPath.split("."), table);
      b = mergeTables(b, add);
    }
  }
  defaults.set(node, mergeTables(cvals, b));
}

function mergeTables(dst: M, src: M): M {
  for (const [k, v] of Object.entries(src)) {
    if (!Object.prototype.hasOwnProperty.call(dst, k)) { dst[k] = v; copyOrigin(src, k, dst, k); }
    else if (isMap(dst[k]) && isMap(v)) mergeTables(dst[k] as M, v);
  }
  return dst;
}
