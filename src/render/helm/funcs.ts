// Go's template builtins and the Sprig v3 functions (minus env/expandenv, as in Helm), deterministic and offline.
import { createHash } from "node:crypto";
import { GoBytes, GoError, GoObject, GoTime, formatFloat, formatTime, goQuote, isMap, isTrue, kindName, sortedKeys, sprint, sprintValue, sprintf, sprintln, typeName } from "./template/values.js";
import type { GoValue } from "./template/values.js";
import type { FuncDef } from "./template/exec.js";
import { semverCompare, parseSemver } from "./semver.js";
import { goRegexp, expandGo } from "./regex.js";

type M = Record<string, GoValue>;
type Fn = (...a: GoValue[]) => GoValue;

/** Deterministic generator (mulberry32) shared by one render. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  next(): number {
    let t = (this.s += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
}

/** The fixed clock every render uses. */
export const FIXED_NOW = Date.UTC(2024, 0, 1, 0, 0, 0);

// ---------- conversions (spf13/cast and sprig helpers) ----------

export function strval(v: GoValue): string {
  if (typeof v === "string") return v;
  if (v instanceof GoBytes) return Buffer.from(v.bytes).toString("utf8");
  if (v instanceof Error) return v.message;
  return sprintValue(v);
}

function parseIntBase0(s: string): bigint | null {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s);
  if (!m) return null;
  let body = m[2]!.replace(/_/g, "");
  if (/^0[0-7]+$/.test(body)) body = "0o" + body.slice(1);
  try { const v = BigInt(body.toLowerCase()); return m[1] === "-" ? -v : v; } catch { return null; }
}

export function toInt64(v: GoValue): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (typeof v === "string") return parseIntBase0(v.trim() === v ? v : "x") ?? 0n;
  return 0n;
}

export function toFloat64(v: GoValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") { const f = Number(v); return v.trim() !== "" && !Number.isNaN(f) && /^[+-]?(\d|\.\d|inf|Inf|NaN)/.test(v) ? f : 0; }
  return 0;
}

export function empty(v: GoValue): boolean {
  if (v === null || v === undefined) return true;
  switch (typeof v) {
    case "string": return v.length === 0;
    case "boolean": return !v;
    case "bigint": return v === 0n;
    case "number": return v === 0;
  }
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof GoBytes) return v.bytes.length === 0;
  if (v instanceof GoObject || v instanceof GoTime) return false;
  return Object.keys(v as object).length === 0;
}

function strslice(v: GoValue): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval);
  return [strval(v)];
}

function asList(v: GoValue, fn: string): GoValue[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) return [];
  throw new GoError(`Cannot ${fn} on type ${typeName(v)}`);
}

function deepCopy(v: GoValue): GoValue {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (isMap(v)) { const o: M = {}; for (const [k, x] of Object.entries(v)) o[k] = deepCopy(x); return o; }
  return v;
}
export { deepCopy };

function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) { const ka = Object.keys(a); return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k])); }
  return false;
}

/** mergo.Merge / mergo.Merge(WithOverride) on map[string]interface{}. */
export function mergoMerge(dst: M, src: M, overwrite: boolean, depth = 0): M {
  if (depth > 100) return dst;
  for (const key of Object.keys(src)) {
    const sv = src[key];
    const has = Object.prototype.hasOwnProperty.call(dst, key);
    const dv = has ? dst[key] : undefined;
    if (has && isMap(dv) && isMap(sv)) { mergoMerge(dv, sv, overwrite, depth + 1); continue; }
    if (has && !empty(dv) && (isMap(sv) || Array.isArray(sv)) && !overwrite) continue;
    if (!has || empty(dv) || (overwrite && !empty(sv))) {
      if (!has || sv !== undefined) dst[key] = sv;
    }
  }
  return dst;
}

// ---------- strings ----------

function title(s: string): string {
  let prev = " ";
  let out = "";
  for (const ch of s) {
    const isSep = !/[\p{L}\p{N}_']/u.test(prev);
    out += isSep ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

function untitle(s: string): string {
  let prev = " ";
  let out = "";
  for (const ch of s) {
    out += /\s/.test(prev) ? ch.toLowerCase() : ch;
    prev = ch;
  }
  return out;
}

function splitWords(s: string): string[] {
  return s.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").split(/[^A-Za-z0-9]+/).filter(Boolean);
}

function snakecase(s: string): string { return splitWords(s).map((w) => w.toLowerCase()).join("_"); }
function kebabcase(s: string): string { return splitWords(s).map((w) => w.toLowerCase()).join("-"); }
function camelcase(s: string): string {
  return s.split(/[_\s]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}
function swapcase(s: string): string { return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(""); }

/** goutils.WrapCustom (Sprig's wrap: long words kept whole; wrapWith: long words cut). */
function wrapText(width: number, str: string, sep = "\n", wrapLongWords = false): string {
  if (str === "") return "";
  const nl = sep === "" ? "\n" : sep;
  const lim = width < 1 ? 1 : width;
  const len = str.length;
  let offset = 0;
  let out = "";
  while (len - offset > lim) {
    if (str[offset] === " ") { offset++; continue; }
    let spaceAt = str.slice(offset, lim + offset + 1).lastIndexOf(" ") + offset;
    if (spaceAt >= offset) {
      out += str.slice(offset, spaceAt) + nl;
      offset = spaceAt + 1;
    } else if (wrapLongWords) {
      out += str.slice(offset, offset + lim) + nl;
      offset += lim;
    } else {
      const idx = str.slice(lim + offset).indexOf(" ");
      if (idx === -1) { out += str.slice(offset); offset = len; }
      else { spaceAt = idx + lim + offset; out += str.slice(offset, spaceAt) + nl; offset = spaceAt + 1; }
    }
  }
  return out + str.slice(offset);
}

function abbrev(width: number, s: string): string {
  if (width < 4) return s;
  if (s.length <= width) return s;
  return s.slice(0, width - 3) + "...";
}

function byteSlice(s: string, start: number, end?: number): string {
  const b = Buffer.from(s, "utf8");
  return b.subarray(start, end).toString("utf8");
}

function goPathClean(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const parts: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") { if (parts.length && parts[parts.length - 1] !== "..") parts.pop(); else if (!rooted) parts.push(".."); continue; }
    parts.push(seg);
  }
  const r = (rooted ? "/" : "") + parts.join("/");
  return r === "" ? "." : r;
}
export { goPathClean };

function goBase(p: string): string {
  if (p === "") return ".";
  const t = p.replace(/\/+$/, "");
  if (t === "") return "/";
  return t.slice(t.lastIndexOf("/") + 1);
}
function goDir(p: string): string {
  const i = p.lastIndexOf("/");
  return goPathClean(p.slice(0, i + 1));
}
function goExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== "/"; i--) if (p[i] === ".") return p.slice(i);
  return "";
}

function adler32(s: string): number {
  let a = 1, b = 0;
  for (const byte of Buffer.from(s, "utf8")) { a = (a + byte) % 65521; b = (b + a) % 65521; }
  return ((b << 16) | a) >>> 0;
}

// ---------- dates ----------

function toTime(v: GoValue): GoTime {
  if (v instanceof GoTime) return v;
  if (typeof v === "bigint") return new GoTime(Number(v) * 1000);
  if (typeof v === "number") return new GoTime(Math.trunc(v) * 1000);
  return new GoTime(FIXED_NOW);
}

function zoneOffset(zone: string): { off: number; name: string } {
  if (zone === "UTC" || zone === "" || zone === "Local") return { off: 0, name: "UTC" };
  return { off: 0, name: zone };
}

function parseGoDuration(s: string): number | null {
  if (s === "0") return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g;
  const m = /^([+-]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+)$/.exec(s);
  if (!m) return null;
  const unit: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 3.6e12 };
  let total = 0;
  for (const p of m[2]!.matchAll(re)) total += Number(p[1]) * unit[p[2]!]!;
  return m[1] === "-" ? -total : total;
}

function formatDuration(ns: number): string {
  if (ns === 0) return "0s";
  const neg = ns < 0;
  let n = Math.abs(ns);
  let out: string;
  if (n < 1e9) {
    if (n < 1e3) out = `${n}ns`;
    else if (n < 1e6) out = `${trimZeros(n / 1e3)}µs`;
    else out = `${trimZeros(n / 1e6)}ms`;
  } else {
    const h = Math.floor(n / 3.6e12); n -= h * 3.6e12;
    const m = Math.floor(n / 6e10); n -= m * 6e10;
    const s = trimZeros(n / 1e9);
    out = (h ? `${h}h` : "") + (h || m ? `${m}m` : "") + `${s}s`;
  }
  return (neg ? "-" : "") + out;
}
function trimZeros(x: number): string { return String(Number(x.toFixed(9))); }

// ---------- the function table ----------

export interface FuncEnv { rng: Rng; now: number }

export function sprigFuncs(env: FuncEnv): Map<string, FuncDef> {
  const f = new Map<string, FuncDef>();
  const def = (name: string, params: string | undefined, fn: Fn) => f.set(name, { fn, params });
  const alias = (name: string, target: string) => f.set(name, f.get(target)!);
  const must = <T>(x: T | Error): T => { if (x instanceof Error) throw x; return x; };

  // --- Go builtins ---
  def("not", "i", (v) => !isTrue(v));
  def("len", "i", (v) => {
    if (typeof v === "string") return BigInt(Buffer.byteLength(v, "utf8"));
    if (Array.isArray(v)) return BigInt(v.length);
    if (v instanceof GoBytes) return BigInt(v.bytes.length);
    if (isMap(v)) return BigInt(Object.keys(v).length);
    if (v instanceof GoObject && isMap(v.fields.__entries__)) return BigInt(Object.keys(v.fields.__entries__).length);
    throw new GoError(`len of ${v === null || v === undefined ? "nil pointer" : "type " + typeName(v)}`);
  });
  def("index", "i,i...", (item, ...idx) => {
    let v = item;
    for (const i of idx) {
      if (v === null || v === undefined) throw new GoError("index of untyped nil");
      if (Array.isArray(v) || typeof v === "string") {
        if (typeof i !== "bigint") throw new GoError(`cannot index slice/array with type ${typeName(i)}`);
        const n = Number(i);
        const len = typeof v === "string" ? Buffer.byteLength(v) : v.length;
        if (n < 0 || n >= len) throw new GoError(`index out of range: ${n}`);
        v = typeof v === "string" ? BigInt(Buffer.from(v)[n]!) : v[n];
      } else if (isMap(v)) {
        if (typeof i !== "string") { if (i === null) throw new GoError("value is nil; should be of type string"); throw new GoError(`value has type ${typeName(i)}; should be string`); }
        v = Object.prototype.hasOwnProperty.call(v, i) ? v[i] : null;
      } else if (v instanceof GoObject && isMap(v.fields.__entries__)) {
        v = (v.fields.__entries__ as M)[String(i)] ?? null;
      } else throw new GoError(`can't index item of type ${typeName(v)}`);
    }
    return v ?? null;
  });
  def("slice", "i,i...", (item, ...idx) => {
    if (item === null || item === undefined) throw new GoError("slice of untyped nil");
    const ns = idx.map((x) => { if (typeof x !== "bigint") throw new GoError("cannot index slice/array with type " + typeName(x)); return Number(x); });
    if (typeof item === "string") { if (ns.length > 2) throw new GoError("cannot 3-index slice a string"); return byteSlice(item, ns[0] ?? 0, ns[1]); }
    if (Array.isArray(item)) return item.slice(ns[0] ?? 0, ns[1] ?? item.length);
    throw new GoError(`can't slice item of type ${typeName(item)}`);
  });
  def("print", "i...", (...a) => sprint(a));
  def("printf", "s,i...", (fmt, ...a) => sprintf(fmt as string, a));
  def("println", "i...", (...a) => sprintln(a));
  const cmpKind = (v: GoValue) => (v === null || v === undefined ? "nil" : typeof v === "bigint" ? "int" : typeof v === "number" ? "float" : typeof v === "string" ? "string" : typeof v === "boolean" ? "bool" : "other");
  const eq1 = (a: GoValue, b: GoValue): boolean => {
    const ka = cmpKind(a), kb = cmpKind(b);
    if (ka !== kb) {
      if (ka !== "nil" && kb !== "nil") throw new GoError("incompatible types for comparison");
      return false;
    }
    if (ka === "other") {
      if (Array.isArray(a) || Array.isArray(b) || isMap(a) || isMap(b)) throw new GoError(`non-comparable type ${sprintValue(a)}: ${typeName(a)}`);
      return a === b;
    }
    return a === b || (ka === "nil");
  };
  def("eq", "i,i...", (a, ...bs) => {
    if (bs.length === 0) throw new GoError("missing argument for comparison");
    return bs.some((b) => eq1(a, b));
  });
  def("ne", "i,i", (a, b) => !eq1(a, b));
  const lt = (a: GoValue, b: GoValue): boolean => {
    const ka = cmpKind(a), kb = cmpKind(b);
    if (ka !== kb) throw new GoError("incompatible types for comparison");
    if (ka === "int" || ka === "float" || ka === "string") return (a as number) < (b as number);
    throw new GoError("invalid type for comparison");
  };
  def("lt", "i,i", (a, b) => lt(a, b));
  def("le", "i,i", (a, b) => lt(a, b) || eq1(a, b));
  def("gt", "i,i", (a, b) => !lt(a, b) && !eq1(a, b));
  def("ge", "i,i", (a, b) => !lt(a, b));
  def("html", "i...", (...a) => sprint(a).replace(/[<>&'"\0]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&#39;", '"': "&#34;", "\0": "\uFFFD" })[c]!));
  def("js", "i...", (...a) => sprint(a).replace(/[\\'"<>&=\n\r\t]/g, (c) => ({ "\\": "\\\\", "'": "\\'", '"': "\\\"", "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D", "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]!));
  def("urlquery", "i...", (...a) => encodeURIComponent(sprint(a)).replace(/%20/g, "+").replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase()));
  def("call", "i,i...", () => { throw new GoError("call is not supported"); });

  // --- strings ---
  def("trim", "s", (s) => (s as string).trim());
  def("trimAll", "s,s", (cut, s) => trimSet(s as string, cut as string, true, true));
  alias("trimall", "trimAll");
  def("trimSuffix", "s,s", (suf, s) => ((s as string).endsWith(suf as string) && suf !== "" ? (s as string).slice(0, -(suf as string).length) : s));
  def("trimPrefix", "s,s", (pre, s) => ((s as string).startsWith(pre as string) ? (s as string).slice((pre as string).length) : s));
  def("upper", "s", (s) => (s as string).toUpperCase());
  def("lower", "s", (s) => (s as string).toLowerCase());
  def("title", "s", (s) => title(s as string));
  def("untitle", "s", (s) => untitle(s as string));
  def("substr", "n,n,s", (a, b, s) => {
    const str = s as string; const start = Number(a), end = Number(b), len = Buffer.byteLength(str);
    // Go's slicing panics out of range (Sprig 3.2 and 3.3 alike): s[:end], s[start:], s[start:end]
    const oob = (lo: number, hi: number) => new GoError(`runtime error: slice bounds out of range [${lo}:${hi}]`);
    if (start < 0) { if (end < 0 || end > len) throw oob(0, end); return byteSlice(str, 0, end); }
    if (end < 0 || end > len) { if (start > len) throw oob(start, len); return byteSlice(str, start); }
    if (start > end) throw oob(start, end);
    return byteSlice(str, start, end);
  });
  def("repeat", "n,s", (n, s) => (s as string).repeat(Math.max(0, Math.min(Number(n), 1e7 / Math.max(1, (s as string).length)))));
  def("nospace", "s", (s) => (s as string).replace(/\s/g, ""));
  def("initials", "s", (s) => (s as string).split(/\s+/).filter(Boolean).map((w) => [...w][0]).join(""));
  def("abbrev", "n,s", (w, s) => abbrev(Number(w), s as string));
  def("abbrevboth", "n,n,s", (l, r, s) => { const str = s as string; const lo = Number(l); const st = lo > 4 && str.length > lo ? "..." + str.slice(lo + 3 > str.length ? str.length : lo + 3 - 3) : str; return abbrev(Number(r), st); });
  def("trunc", "n,s", (c, s) => {
    const n = Number(c), str = s as string, len = Buffer.byteLength(str);
    if (n < 0 && len + n > 0) return byteSlice(str, len + n);
    if (n >= 0 && len > n) return byteSlice(str, 0, n);
    return str;
  });
  def("contains", "s,s", (sub, s) => (s as string).includes(sub as string));
  def("hasPrefix", "s,s", (p, s) => (s as string).startsWith(p as string));
  def("hasSuffix", "s,s", (p, s) => (s as string).endsWith(p as string));
  def("quote", "i...", (...a) => a.filter((x) => x !== null && x !== undefined).map((x) => goQuote(strval(x))).join(" "));
  def("squote", "i...", (...a) => a.filter((x) => x !== null && x !== undefined).map((x) => `'${strval(x)}'`).join(" "));
  def("cat", "i...", (...a) => a.filter((x) => x !== null && x !== undefined).map((x) => sprintValue(x)).join(" "));
  def("indent", "n,s", (n, s) => { const pad = " ".repeat(Math.max(0, Number(n))); return pad + (s as string).replace(/\n/g, "\n" + pad); });
  def("nindent", "n,s", (n, s) => { const pad = " ".repeat(Math.max(0, Number(n))); return "\n" + pad + (s as string).replace(/\n/g, "\n" + pad); });
  def("replace", "s,s,s", (o, n, s) => (o === "" ? (s as string).replace(/(?:)/gu, n as string) : (s as string).split(o as string).join(n as string)));
  def("plural", "s,s,n", (one, many, c) => (c === 1n ? one : many));
  def("snakecase", "s", (s) => snakecase(s as string));
  def("camelcase", "s", (s) => camelcase(s as string));
  def("kebabcase", "s", (s) => kebabcase(s as string));
  def("swapcase", "s", (s) => swapcase(s as string));
  def("shuffle", "s", (s) => { const a = [...(s as string)]; for (let i = a.length - 1; i > 0; i--) { const j = env.rng.int(i + 1); [a[i], a[j]] = [a[j]!, a[i]!]; } return a.join(""); });
  def("wrap", "n,s", (n, s) => wrapText(Number(n), s as string));
  def("wrapWith", "n,s,s", (n, sep, s) => wrapText(Number(n), s as string, sep as string, true));
  def("toString", "i", (v) => strval(v));
  def("toStrings", "i", (v) => strslice(v));
  def("join", "s,i", (sep, v) => strslice(v).join(sep as string));
  def("split", "s,s", (sep, s) => { const o: M = {}; goSplit(s as string, sep as string, -1).forEach((p, i) => (o["_" + i] = p)); return o; });
  def("splitList", "s,s", (sep, s) => goSplit(s as string, sep as string, -1));
  def("splitn", "s,n,s", (sep, n, s) => { const o: M = {}; goSplit(s as string, sep as string, Number(n)).forEach((p, i) => (o["_" + i] = p)); return o; });
  def("sortAlpha", "i", (v) => {
    if (!Array.isArray(v)) return [strval(v)];
    return strslice(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  });
  def("atoi", "s", (s) => { const m = /^[+-]?\d+$/.exec(s as string); return m ? BigInt(s as string) : 0n; });
  def("int", "i", (v) => toInt64(v));
  def("int64", "i", (v) => toInt64(v));
  def("float64", "i", (v) => toFloat64(v));
  def("toDecimal", "i", (v) => { const s = strval(v); return /^[0-7]+$/.test(s) ? BigInt("0o" + s) : 0n; });
  def("seq", "n...", (...p) => {
    const ps = p.map(Number);
    let start = 1, step = 1, end = 0;
    if (ps.length === 1) end = ps[0]!;
    else if (ps.length === 2) { start = ps[0]!; end = ps[1]!; step = start <= end ? 1 : -1; }
    else if (ps.length === 3) { start = ps[0]!; step = ps[1]!; end = ps[2]!; }
    else return "";
    const out: number[] = [];
    if (step === 0) return "";
    for (let i = start; step > 0 ? i <= end : i >= end; i += step) { out.push(i); if (out.length > 1e6) break; }
    return out.join(" ");
  });
  def("until", "n", (n) => untilStep(0n, n as bigint, (n as bigint) < 0n ? -1n : 1n));
  def("untilStep", "n,n,n", (a, b, c) => untilStep(a as bigint, b as bigint, c as bigint));

  // --- math ---
  def("add1", "i", (v) => toInt64(v) + 1n);
  def("add", "i...", (...a) => a.reduce<bigint>((s, x) => s + toInt64(x), 0n));
  def("sub", "i,i", (a, b) => toInt64(a) - toInt64(b));
  def("mul", "i,i...", (a, ...r) => r.reduce<bigint>((s, x) => s * toInt64(x), toInt64(a)));
  def("div", "i,i", (a, b) => { const d = toInt64(b); if (d === 0n) throw new GoError("runtime error: integer divide by zero"); return toInt64(a) / d; });
  def("mod", "i,i", (a, b) => { const d = toInt64(b); if (d === 0n) throw new GoError("runtime error: integer divide by zero"); return toInt64(a) % d; });
  def("max", "i,i...", (a, ...r) => r.reduce<bigint>((m, x) => { const v = toInt64(x); return v > m ? v : m; }, toInt64(a)));
  alias("biggest", "max");
  def("min", "i,i...", (a, ...r) => r.reduce<bigint>((m, x) => { const v = toInt64(x); return v < m ? v : m; }, toInt64(a)));
  def("add1f", "i", (v) => decimalOp(toFloat64(v), 1, "+"));
  def("addf", "i...", (...a) => a.slice(1).reduce<number>((s, x) => decimalOp(s, toFloat64(x), "+"), toFloat64(a[0] ?? 0)));
  def("subf", "i,i...", (a, ...r) => r.reduce<number>((s, x) => decimalOp(s, toFloat64(x), "-"), toFloat64(a)));
  def("mulf", "i,i...", (a, ...r) => r.reduce<number>((s, x) => decimalOp(s, toFloat64(x), "*"), toFloat64(a)));
  def("divf", "i,i...", (a, ...r) => r.reduce<number>((s, x) => s / toFloat64(x), toFloat64(a)));
  def("maxf", "i,i...", (a, ...r) => Math.max(toFloat64(a), ...r.map(toFloat64)));
  def("minf", "i,i...", (a, ...r) => Math.min(toFloat64(a), ...r.map(toFloat64)));
  def("ceil", "i", (v) => Math.ceil(toFloat64(v)));
  def("floor", "i", (v) => Math.floor(toFloat64(v)));
  def("round", "i,n,f...", (v, p, ...r) => { const roundOn = r.length ? (r[0] as number) : 0.5; const pow = 10 ** Number(p); const d = toFloat64(v) * pow; const dig = d - Math.trunc(d); return (Math.abs(dig) >= roundOn ? Math.trunc(d) + Math.sign(d) : Math.trunc(d)) / pow; });
  def("randInt", "n,n", (a, b) => (a as bigint) + BigInt(env.rng.int(Number((b as bigint) - (a as bigint)))));

  // --- defaults, logic ---
  def("default", "i,i...", (d, ...given) => (given.length === 0 || empty(given[0]) ? d : given[0]));
  def("empty", "i", (v) => empty(v));
  def("coalesce", "i...", (...a) => { for (const x of a) if (!empty(x)) return x; return null; });
  def("all", "i...", (...a) => a.every((x) => !empty(x)));
  def("any", "i...", (...a) => a.some((x) => !empty(x)));
  def("ternary", "i,i,b", (t, e, c) => (c ? t : e));
  def("compact", "i", (l) => asList(l, "compact").filter((x) => !empty(x)));
  alias("mustCompact", "compact");
  def("fail", "s", (msg) => { throw new FailError(msg as string); });

  // --- type ---
  def("typeOf", "i", (v) => typeName(v));
  def("typeIs", "s,i", (t, v) => typeName(v) === t);
  def("typeIsLike", "s,i", (t, v) => { const n = typeName(v); return n === t || "*" + n === t; });
  def("kindOf", "i", (v) => kindName(v));
  def("kindIs", "s,i", (k, v) => kindName(v) === k);
  def("deepEqual", "i,i", (a, b) => deepEqual(a, b));
  def("deepCopy", "i", (v) => deepCopy(v));
  alias("mustDeepCopy", "deepCopy");

  // --- encoding ---
  def("b64enc", "s", (s) => Buffer.from(s as string, "utf8").toString("base64"));
  def("b64dec", "s", (s) => { const str = s as string; if (!/^[A-Za-z0-9+/]*={0,2}$/.test(str) || str.length % 4 !== 0) return "illegal base64 data at input byte 0"; return Buffer.from(str, "base64").toString("utf8"); });
  def("b32enc", "s", (s) => base32(Buffer.from(s as string, "utf8")));
  def("b32dec", "s", (s) => base32dec(s as string));
  def("sha1sum", "s", (s) => createHash("sha1").update(s as string, "utf8").digest("hex"));
  def("sha256sum", "s", (s) => createHash("sha256").update(s as string, "utf8").digest("hex"));
  def("sha512sum", "s", (s) => createHash("sha512").update(s as string, "utf8").digest("hex"));
  def("adler32sum", "s", (s) => String(adler32(s as string)));

  // --- paths ---
  def("base", "s", (s) => goBase(s as string));
  def("dir", "s", (s) => goDir(s as string));
  def("clean", "s", (s) => goPathClean(s as string));
  def("ext", "s", (s) => goExt(s as string));
  def("isAbs", "s", (s) => (s as string).startsWith("/"));
  for (const n of ["base", "dir", "clean", "ext", "isAbs"]) alias("os" + n[0]!.toUpperCase() + n.slice(1), n);

  // --- lists ---
  def("list", "i...", (...a) => a);
  alias("tuple", "list");
  def("first", "i", (l) => { const a = asList(l, "find first"); return a.length ? a[0] : null; });
  def("last", "i", (l) => { const a = asList(l, "find last"); return a.length ? a[a.length - 1] : null; });
  def("rest", "i", (l) => { const a = asList(l, "find rest"); return a.length ? a.slice(1) : null; });
  def("initial", "i", (l) => { const a = asList(l, "find initial"); return a.length ? a.slice(0, -1) : null; });
  def("append", "i,i", (l, v) => [...asList(l, "push"), v]);
  alias("push", "append");
  def("prepend", "i,i", (l, v) => [v, ...asList(l, "prepend")]);
  def("reverse", "i", (l) => [...asList(l, "find reverse")].reverse());
  def("uniq", "i", (l) => { const out: GoValue[] = []; for (const x of asList(l, "find uniq")) if (!out.some((y) => deepEqual(x, y))) out.push(x); return out; });
  def("without", "i,i...", (l, ...omit) => asList(l, "find without").filter((x) => !omit.some((o) => deepEqual(x, o))));
  def("has", "i,i", (needle, hay) => (hay === null || hay === undefined ? false : asList(hay, "find has").some((x) => deepEqual(x, needle))));
  def("concat", "i...", (...ls) => ls.flatMap((l) => asList(l, "concat")));
  def("chunk", "n,i", (size, l) => { const a = asList(l, "chunk"); const n = Number(size); const out: GoValue[] = []; for (let i = 0; i < a.length; i += n) out.push(a.slice(i, i + n)); return out; });
  for (const n of ["first", "last", "rest", "initial", "append", "push", "prepend", "reverse", "uniq", "without", "has", "chunk"]) alias("must" + n[0]!.toUpperCase() + n.slice(1), n);
  f.set("mustSlice", f.get("slice")!);

  // --- dicts ---
  def("dict", "i...", (...a) => { const o: M = {}; for (let i = 0; i < a.length; i += 2) o[strval(a[i])] = i + 1 < a.length ? a[i + 1] : ""; return o; });
  def("get", "m,s", (d, k) => (d && Object.prototype.hasOwnProperty.call(d, k as string) ? (d as M)[k as string] : ""));
  def("set", "m,s,i", (d, k, v) => { (d as M)[k as string] = v; return d; });
  def("unset", "m,s", (d, k) => { delete (d as M)[k as string]; return d; });
  def("hasKey", "m,s", (d, k) => d !== null && Object.prototype.hasOwnProperty.call(d, k as string));
  def("pluck", "s,m...", (k, ...ds) => ds.filter((d) => d && Object.prototype.hasOwnProperty.call(d, k as string)).map((d) => (d as M)[k as string]));
  def("keys", "m...", (...ds) => ds.flatMap((d) => (d ? sortedKeys(d as M) : [])));
  def("pick", "m,s...", (d, ...ks) => { const o: M = {}; for (const k of ks) if (d && Object.prototype.hasOwnProperty.call(d, k as string)) o[k as string] = (d as M)[k as string]; return o; });
  def("omit", "m,s...", (d, ...ks) => { const o: M = {}; for (const [k, v] of Object.entries((d ?? {}) as M)) if (!ks.includes(k)) o[k] = v; return o; });
  def("values", "m", (d) => sortedKeys((d ?? {}) as M).map((k) => (d as M)[k]));
  def("merge", "m,i...", (dst, ...srcs) => { const d = (dst ?? {}) as M; for (const s of srcs) if (isMap(s)) mergoMerge(d, s, false); return d; });
  def("mergeOverwrite", "m,i...", (dst, ...srcs) => { const d = (dst ?? {}) as M; for (const s of srcs) if (isMap(s)) mergoMerge(d, s, true); return d; });
  alias("mustMerge", "merge");
  alias("mustMergeOverwrite", "mergeOverwrite");
  def("dig", "i...", (...a) => {
    if (a.length < 3) throw new GoError("dig needs at least three arguments");
    const dict = a[a.length - 1];
    const dflt = a[a.length - 2];
    const keys = a.slice(0, -2).map((k) => { if (typeof k !== "string") throw new GoError("dig: keys must be strings"); return k; });
    let cur: GoValue = dict;
    for (const k of keys) {
      if (!isMap(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return dflt;
      cur = cur[k];
    }
    return cur;
  });

  // --- regex (RE2 syntax translated; patterns with nested quantifiers are refused) ---
  const re = (p: string, g = false) => goRegexp(p, g);
  def("regexMatch", "s,s", (p, s) => { const r = re(p as string); return r instanceof Error ? false : r.test(s as string); });
  def("mustRegexMatch", "s,s", (p, s) => must(re(p as string)).test(s as string));
  def("regexFindAll", "s,s,n", (p, s, n) => { const r = must(re(p as string, true)); const all = [...(s as string).matchAll(r)].map((m) => m[0]); return Number(n) < 0 ? all : all.slice(0, Number(n)); });
  alias("mustRegexFindAll", "regexFindAll");
  def("regexFind", "s,s", (p, s) => { const m = must(re(p as string)).exec(s as string); return m ? m[0] : ""; });
  alias("mustRegexFind", "regexFind");
  def("regexReplaceAll", "s,s,s", (p, s, r) => (s as string).replace(must(re(p as string, true)), (...m) => expandGo(r as string, m)));
  alias("mustRegexReplaceAll", "regexReplaceAll");
  def("regexReplaceAllLiteral", "s,s,s", (p, s, r) => (s as string).replace(must(re(p as string, true)), () => r as string));
  alias("mustRegexReplaceAllLiteral", "regexReplaceAllLiteral");
  def("regexSplit", "s,s,n", (p, s, n) => { const parts = (s as string).split(must(re(p as string, true))); const k = Number(n); if (k < 0 || k >= parts.length) return parts; if (k === 0) return null; return [...parts.slice(0, k - 1), parts.slice(k - 1).join("")]; });
  alias("mustRegexSplit", "regexSplit");
  def("regexQuoteMeta", "s", (s) => (s as string).replace(/[\\.+*?()|[\]{}^$]/g, "\\$&"));

  // --- semver ---
  def("semver", "s", (s) => must(parseSemver(s as string)).toObject());
  def("semverCompare", "s,s", (c, v) => must(semverCompare(c as string, v as string)));

  // --- dates (fixed clock) ---
  def("now", "", () => new GoTime(env.now));
  def("date", "s,i", (fmt, d) => formatTime(toTime(d), fmt as string));
  def("dateInZone", "s,i,s", (fmt, d, z) => { const t = toTime(d); const zo = zoneOffset(z as string); return formatTime(new GoTime(t.ms, zo.off, zo.name), fmt as string); });
  alias("date_in_zone", "dateInZone");
  def("htmlDate", "i", (d) => formatTime(toTime(d), "2006-01-02"));
  def("htmlDateInZone", "i,s", (d) => formatTime(toTime(d), "2006-01-02"));
  def("unixEpoch", "i", (d) => String(Math.floor(toTime(d).ms / 1000)));
  def("dateModify", "s,i", (m, d) => { const ns = parseGoDuration(m as string); const t = toTime(d); return ns === null ? t : new GoTime(t.ms + ns / 1e6, t.offsetMin, t.zone); });
  alias("date_modify", "dateModify");
  def("mustDateModify", "s,i", (m, d) => { const ns = parseGoDuration(m as string); if (ns === null) throw new GoError(`time: invalid duration "${m as string}"`); const t = toTime(d); return new GoTime(t.ms + ns / 1e6, t.offsetMin, t.zone); });
  alias("must_date_modify", "mustDateModify");
  def("toDate", "s,s", () => new GoTime(env.now));
  def("mustToDate", "s,s", () => new GoTime(env.now));
  def("ago", "i", (d) => formatDuration(Math.round((env.now - toTime(d).ms) / 1000) * 1e9));
  def("duration", "i", (s) => formatDuration(Number(toInt64(s)) * 1e9));
  def("durationRound", "i", (d) => { const ns = typeof d === "string" ? parseGoDuration(d) ?? 0 : Number(toInt64(d)); const s = Math.abs(ns) / 1e9; const units: [string, number][] = [["y", 31536000], ["mo", 2592000], ["d", 86400], ["h", 3600], ["m", 60], ["s", 1]]; for (const [u, n] of units) if (s >= n) return `${Math.floor(s / n)}${u}`; return "0s"; });

  // --- misc / random (seeded) ---
  const randFrom = (chars: string) => (n: GoValue) => Array.from({ length: Math.max(0, Math.min(Number(n), 1e6)) }, () => chars[env.rng.int(chars.length)]).join("");
  const alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  def("randAlphaNum", "n", randFrom(alpha + "0123456789"));
  def("randAlpha", "n", randFrom(alpha));
  def("randNumeric", "n", randFrom("0123456789"));
  def("randAscii", "n", randFrom(Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join("")));
  def("randBytes", "n", (n) => Buffer.from(Array.from({ length: Math.max(0, Math.min(Number(n), 1e6)) }, () => env.rng.int(256))).toString("base64"));
  def("uuidv4", "", () => { const h = Array.from({ length: 32 }, () => "0123456789abcdef"[env.rng.int(16)]).join(""); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`; });
  def("hello", "", () => "Hello!");
  def("getHostByName", "s", () => "");
  def("urlParse", "s", (s) => { try { const u = new URL(s as string); return { scheme: u.protocol.replace(/:$/, ""), host: u.host, hostname: u.hostname, path: u.pathname, query: u.search.replace(/^\?/, ""), opaque: "", fragment: u.hash.replace(/^#/, ""), userinfo: u.username ? u.username + (u.password ? ":" + u.password : "") : "" }; } catch { return { scheme: "", host: "", hostname: "", path: s as string, query: "", opaque: "", fragment: "", userinfo: "" }; } });
  def("urlJoin", "m", (d) => { const m = d as M; const ui = m.userinfo ? `${strval(m.userinfo)}@` : ""; return `${m.scheme ? strval(m.scheme) + "://" : ""}${ui}${strval(m.host ?? "")}${strval(m.path ?? "")}${m.query ? "?" + strval(m.query) : ""}${m.fragment ? "#" + strval(m.fragment) : ""}`; });
  // crypto: deterministic fake material, never real keys
  const fakePem = (kind: string, seed: string) => `-----BEGIN ${kind}-----\n${createHash("sha512").update(seed).digest("base64")}\n-----END ${kind}-----\n`;
  const certObj = (seed: string) => ({ Cert: fakePem("CERTIFICATE", "cert:" + seed + env.rng.next()), Key: fakePem("RSA PRIVATE KEY", "key:" + seed + env.rng.next()) });
  def("genCA", "s,n", (cn) => certObj("ca:" + strval(cn)));
  def("genCAWithKey", "s,n,s", (cn) => certObj("ca:" + strval(cn)));
  def("genSelfSignedCert", "s,l,l,n", (cn) => certObj("self:" + strval(cn)));
  def("genSelfSignedCertWithKey", "s,l,l,n,s", (cn) => certObj("self:" + strval(cn)));
  def("genSignedCert", "s,l,l,n,i", (cn) => certObj("signed:" + strval(cn)));
  def("genSignedCertWithKey", "s,l,l,n,i,s", (cn) => certObj("signed:" + strval(cn)));
  def("genPrivateKey", "s", (t) => fakePem(strval(t).toUpperCase() === "ECDSA" ? "EC PRIVATE KEY" : "RSA PRIVATE KEY", "pk" + env.rng.next()));
  def("buildCustomCert", "s,s", (c, k) => ({ Cert: c, Key: k }));
  def("bcrypt", "s", (s) => "$2a$10$" + createHash("sha256").update("bcrypt:" + (s as string)).digest("base64").replace(/[+/=]/g, "").slice(0, 53));
  def("htpasswd", "s,s", (u, p) => `${u as string}:$2a$10$${createHash("sha256").update("htpasswd:" + (p as string)).digest("base64").replace(/[+/=]/g, "").slice(0, 53)}`);
  def("derivePassword", "n,s,s,s,s", (_c, _t, pw, user, site) => createHash("sha256").update(`${pw as string}:${user as string}:${site as string}`).digest("base64").slice(0, 16));
  def("encryptAES", "s,s", (_k, t) => Buffer.from("enc:" + (t as string)).toString("base64"));
  def("decryptAES", "s,s", () => "");
  return f;
}

export class FailError extends GoError {}

function trimSet(s: string, cut: string, left: boolean, right: boolean): string {
  const set = new Set([...cut]);
  const a = [...s];
  let i = 0, j = a.length;
  if (left) while (i < j && set.has(a[i]!)) i++;
  if (right) while (j > i && set.has(a[j - 1]!)) j--;
  return a.slice(i, j).join("");
}

function goSplit(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === "") { const chars = [...s]; if (n > 0 && chars.length > n) return [...chars.slice(0, n - 1), chars.slice(n - 1).join("")]; return chars; }
  const parts = s.split(sep);
  if (n > 0 && parts.length > n) return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
  return parts;
}

function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  if (step === 0n) return out;
  if (step > 0n) { if (stop < start) return out; for (let i = start; i < stop; i += step) { out.push(i); if (out.length > 1e6) throw new GoError("untilStep: list too long"); } }
  else { if (stop > start) return out; for (let i = start; i > stop; i += step) { out.push(i); if (out.length > 1e6) throw new GoError("untilStep: list too long"); } }
  return out;
}

function decimalOp(a: number, b: number, op: "+" | "-" | "*"): number {
  const scale = (x: number) => { const s = formatFloat(x, "e", -1); const m = /^-?\d(?:\.(\d+))?e([+-]\d+)$/.exec(s); return m ? Math.max(0, (m[1]?.length ?? 0) - Number(m[2])) : 0; };
  const r = op === "+" ? a + b : op === "-" ? a - b : a * b;
  const places = op === "*" ? scale(a) + scale(b) : Math.max(scale(a), scale(b));
  if (places > 15) return r;
  return Number(r.toFixed(places));
}

function base32(b: Buffer): string {
  const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, val = 0, out = "";
  for (const byte of b) { val = (val << 8) | byte; bits += 8; while (bits >= 5) { out += alpha[(val >>> (bits - 5)) & 31]; bits -= 5; } }
  if (bits > 0) out += alpha[(val << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
}
function base32dec(s: string): string {
  const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, val = 0;
  const out: number[] = [];
  for (const c of s.replace(/=+$/, "")) { const i = alpha.indexOf(c); if (i < 0) return "illegal base32 data"; val = (val << 5) | i; bits += 5; if (bits >= 8) { out.push((val >>> (bits - 8)) & 255); bits -= 8; } }
  return Buffer.from(out).toString("utf8");
}

export { GoObject };
