/**
 * The CEL extension libraries Kubernetes enables (cel-go `ext` strings, lists and sets, the
 * Kubernetes list library), written to follow cel-go's semantics: strings are indexed by code
 * point, not UTF-16 unit; lowerAscii/upperAscii touch ASCII only; equality is CEL equality
 * (1 == 1.0 == 1u inside sets and lists). Every function charges the cost meter in proportion to
 * its work. Pure functions, no I/O.
 */
import { Optional } from "@marcbachmann/cel-js";
import { charge, strCost } from "./cel-budget.js";
import { CIDR, CelURL, IPAddr, Quantity } from "./k8s-values.js";

const fail = (message: string): never => {
  throw new Error(message);
};

// ---------------------------------------------------------------- values

interface UintLike { value: bigint }
interface DurationLike { seconds: bigint; nanos: number }

function isUint(v: unknown): v is UintLike {
  return typeof v === "object" && v !== null && v.constructor.name === "UnsignedInt";
}
function isDuration(v: unknown): v is DurationLike {
  return typeof v === "object" && v !== null && Object.prototype.toString.call(v) === "[object google.protobuf.Duration]";
}
function isMapLike(v: unknown): v is Map<unknown, unknown> | Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && (v instanceof Map || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
}
function entriesOf(v: Map<unknown, unknown> | Record<string, unknown>): [unknown, unknown][] {
  return v instanceof Map ? [...v] : Object.entries(v);
}

/** A number as bigint (exact) or number, or undefined for non-numbers. */
function numeric(v: unknown): bigint | number | undefined {
  if (typeof v === "bigint" || typeof v === "number") return v;
  if (isUint(v)) return v.value;
  return undefined;
}

function numEquals(a: bigint | number, b: bigint | number): boolean {
  if (typeof a === "bigint" && typeof b === "bigint") return a === b;
  if (typeof a === "number" && typeof b === "number") return a === b;
  const [big, num] = typeof a === "bigint" ? [a, b as number] : [b as bigint, a];
  return Number.isInteger(num) && BigInt(num) === big;
}

/** CEL equality: numbers compare across int/uint/double, lists and maps by content. Charges one step per value visited. */
export function celEquals(a: unknown, b: unknown): boolean {
  charge(1);
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && numEquals(na, nb);
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (a instanceof Quantity && b instanceof Quantity) return a.compare(b) === 0;
  if (a instanceof IPAddr && b instanceof IPAddr) return ipEquals(a, b);
  if (a instanceof CIDR && b instanceof CIDR) return a.prefix === b.prefix && ipEquals(a.ip, b.ip);
  if (a instanceof CelURL && b instanceof CelURL) return a.text === b.text;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (isDuration(a) && isDuration(b)) return a.seconds === b.seconds && a.nanos === b.nanos;
  if (a instanceof Optional && b instanceof Optional) return a.hasValue() === b.hasValue() && (!a.hasValue() || celEquals(a.value(), b.value()));
  if (isMapLike(a) && isMapLike(b)) {
    const ea = entriesOf(a);
    const eb = new Map(entriesOf(b).map(([k, v]) => [typeof k === "bigint" ? String(k) : k, v]));
    if (ea.length !== eb.size) return false;
    return ea.every(([k, v]) => {
      const key = typeof k === "bigint" ? String(k) : k;
      return eb.has(key) && celEquals(v, eb.get(key));
    });
  }
  return false;
}

export function ipEquals(a: IPAddr, b: IPAddr): boolean {
  return a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i]);
}

/** A hash key under which CEL-equal scalars collide, or undefined for values compared structurally. */
function scalarKey(v: unknown): string | undefined {
  const n = numeric(v);
  if (n !== undefined) {
    if (typeof n === "bigint") return `n${n}`;
    return Number.isInteger(n) ? `n${BigInt(n)}` : Number.isNaN(n) ? undefined : `d${n}`;
  }
  if (typeof v === "string") return `s${v}`;
  if (typeof v === "boolean") return `b${v}`;
  if (v === null) return "z";
  return undefined;
}

/** A membership index over a list: scalars hashed, other values scanned. */
class Members {
  private readonly keys = new Set<string>();
  private readonly others: unknown[] = [];
  constructor(list: readonly unknown[]) {
    charge(list.length);
    for (const x of list) {
      const k = scalarKey(x);
      if (k === undefined) this.others.push(x);
      else this.keys.add(k);
    }
  }
  has(x: unknown): boolean {
    const k = scalarKey(x);
    if (k !== undefined) return this.keys.has(k) || (typeof x === "number" && this.others.some((o) => celEquals(o, x)));
    return this.others.some((o) => celEquals(o, x));
  }
}

/** Ordering for sort/min/max/isSorted: values of one comparable type. */
export function celCompare(a: unknown, b: unknown): number {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) {
    if (typeof na === "bigint" && typeof nb === "bigint") return na < nb ? -1 : na > nb ? 1 : 0;
    const x = Number(na);
    const y = Number(nb);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (isDuration(a) && isDuration(b)) return a.seconds !== b.seconds ? (a.seconds < b.seconds ? -1 : 1) : Math.sign(a.nanos - b.nanos);
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
    return a.length - b.length;
  }
  return fail("list elements are not comparable");
}

/** The type name a sort compares by; mixed types are an error in cel-go's sort(). */
function sortKind(v: unknown): string {
  if (typeof v === "bigint") return "int";
  if (typeof v === "number") return "double";
  if (isUint(v)) return "uint";
  if (typeof v === "string" || typeof v === "boolean") return typeof v;
  if (v instanceof Date) return "timestamp";
  if (isDuration(v)) return "duration";
  if (v instanceof Uint8Array) return "bytes";
  return fail("sort(): list elements are not comparable");
}

// ---------------------------------------------------------------- strings (cel-go ext.Strings)

const runes = (s: string): string[] => {
  charge(strCost(s));
  return Array.from(s);
};

function checkInt(i: bigint, what: string): number {
  if (i > BigInt(Number.MAX_SAFE_INTEGER) || i < -BigInt(Number.MAX_SAFE_INTEGER)) fail(`${what} out of range: ${i}`);
  return Number(i);
}

export function charAt(s: string, index: bigint): string {
  const r = runes(s);
  const i = checkInt(index, "index");
  if (i < 0 || i > r.length) fail(`index out of range: ${index}`);
  return r[i] ?? "";
}

function matchAt(r: readonly string[], sub: readonly string[], i: number): boolean {
  for (let j = 0; j < sub.length; j++) if (r[i + j] !== sub[j]) return false;
  return true;
}

export function indexOf(s: string, search: string, offset = 0n): bigint {
  if (offset < 0n) fail(`index out of range: ${offset}`);
  if (search === "") return offset;
  const r = runes(s);
  const sub = runes(search);
  charge(Math.ceil((r.length * sub.length) / 10));
  const off = checkInt(offset, "index");
  for (let i = off; i <= r.length - sub.length; i++) if (matchAt(r, sub, i)) return BigInt(i);
  return -1n;
}

export function lastIndexOf(s: string, search: string, offset?: bigint): bigint {
  const r = runes(s);
  if (offset !== undefined && offset < 0n) fail(`index out of range: ${offset}`);
  if (search === "") return offset ?? BigInt(r.length);
  const sub = runes(search);
  charge(Math.ceil((r.length * sub.length) / 10));
  if (offset !== undefined && offset >= BigInt(r.length)) return -1n;
  const off = Math.min(offset === undefined ? r.length : checkInt(offset, "index"), r.length - sub.length);
  for (let i = off; i >= 0; i--) if (matchAt(r, sub, i)) return BigInt(i);
  return -1n;
}

export function lowerAscii(s: string): string {
  charge(strCost(s));
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

export function upperAscii(s: string): string {
  charge(strCost(s));
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

// Go's unicode.IsSpace, which strings.TrimSpace uses
const SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const TRIM = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "g");

export function trim(s: string): string {
  charge(strCost(s));
  return s.replace(TRIM, "");
}

export function substring(s: string, start: bigint, end?: bigint): string {
  const r = runes(s);
  if (end !== undefined && start > end) fail(`invalid substring range. start: ${start}, end: ${end}`);
  if (start < 0n || start > BigInt(r.length)) fail(`index out of range: ${start}`);
  if (end !== undefined && (end < 0n || end > BigInt(r.length))) fail(`index out of range: ${end}`);
  return r.slice(Number(start), end === undefined ? undefined : Number(end)).join("");
}

/** Go's strings.Replace: an empty `old` matches before every code point and at the end. */
export function replace(s: string, old: string, replacement: string, limit = -1n): string {
  charge(strCost(s));
  if (limit === 0n || old === replacement) return s;
  const n = limit < 0n ? Infinity : Number(limit);
  if (old === "") {
    const r = runes(s);
    let out = "";
    let done = 0;
    for (let i = 0; i <= r.length; i++) {
      if (done < n) {
        out += replacement;
        done++;
      }
      out += r[i] ?? "";
    }
    charge(strCost(out));
    return out;
  }
  const parts = s.split(old);
  if (parts.length - 1 <= n) {
    const out = parts.join(replacement);
    charge(strCost(out));
    return out;
  }
  const out = parts.slice(0, n + 1).join(replacement) + old + parts.slice(n + 1).join(old);
  charge(strCost(out));
  return out;
}

/** Go's strings.SplitN: n == 0 → [], n < 0 → all, an empty separator splits into code points. */
export function split(s: string, sep: string, limit = -1n): string[] {
  charge(strCost(s));
  if (limit === 0n) return [];
  const n = limit < 0n ? Infinity : Number(limit);
  const all = sep === "" ? runes(s) : s.split(sep);
  charge(all.length);
  if (all.length <= n) return all;
  return [...all.slice(0, n - 1), all.slice(n - 1).join(sep)];
}

export function join(list: readonly unknown[], sep = ""): string {
  charge(list.length);
  for (const x of list) if (typeof x !== "string") fail(`join: invalid input: ${String(x)}`);
  const out = list.join(sep);
  charge(strCost(out));
  return out;
}

export function reverseString(s: string): string {
  return runes(s).reverse().join("");
}

const QUOTE_ESCAPES: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\\": "\\\\", '"': '\\"' };

/** strings.quote: double-quoted, with CEL escape sequences; unpaired surrogates become U+FFFD. */
export function quote(s: string): string {
  let out = '"';
  for (const c of runes(s)) {
    const code = c.codePointAt(0) as number;
    out += QUOTE_ESCAPES[c] ?? (code >= 0xd800 && code <= 0xdfff ? "\ufffd" : c);
  }
  return `${out}"`;
}

// ---------------------------------------------------------------- format (cel-go ext.Strings v1)

const SUPERSCRIPT: Record<string, string> = { "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻" };

function goQuote(s: string): string {
  return JSON.stringify(s);
}

function typeName(v: unknown): string {
  if (typeof v === "bigint") return "int";
  if (typeof v === "number") return "double";
  if (isUint(v)) return "uint";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (v === null) return "null_type";
  if (Array.isArray(v)) return "list";
  if (v instanceof Uint8Array) return "bytes";
  if (isMapLike(v)) return "map";
  return Object.prototype.toString.call(v).slice(8, -1);
}

function doubleString(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  return String(x);
}

/** `%s` of one value, as cel-go's FormatString. */
function formatString(v: unknown): string {
  charge(1);
  if (typeof v === "string") return v;
  if (typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (isUint(v)) return String(v.value);
  if (typeof v === "number") return doubleString(v);
  if (v === null) return "null";
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (v instanceof Date) return v.toISOString().replace(/\.000Z$/, "Z");
  if (isDuration(v)) return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => formatMember(x)).join(", ")}]`;
  if (isMapLike(v)) {
    const pairs = entriesOf(v).map(([k, x]) => {
      if (typeof k !== "string" && typeof k !== "bigint" && typeof k !== "boolean" && !isUint(k)) fail(`no formatting function for map key of type ${typeName(k)}`);
      return [formatMember(k), formatMember(x)] as const;
    });
    pairs.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
    return `{${pairs.map(([k, x]) => `${k}:${x}`).join(", ")}}`;
  }
  if (v instanceof Quantity || v instanceof IPAddr || v instanceof CIDR) return v.toString();
  return fail(`string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given ${typeName(v)}`);
}

/** A list or map member inside `%s`: quoted the way a CEL literal would be. */
function formatMember(v: unknown): string {
  if (typeof v === "string") return goQuote(v);
  if (v instanceof Uint8Array) return `b${goQuote(new TextDecoder().decode(v))}`;
  if (typeof v === "number") return Number.isFinite(v) ? v.toFixed(6) : goQuote(doubleString(v));
  if (v instanceof Date) return `timestamp(${goQuote(formatString(v))})`;
  if (isDuration(v)) return `duration(${goQuote(String(v))})`;
  return formatString(v);
}

function integer(v: unknown, clause: string): bigint {
  if (typeof v === "bigint") return v;
  if (isUint(v)) return v.value;
  return fail(`${clause} clause can only be used on integers, was given ${typeName(v)}`);
}

function radix(v: bigint, base: number): string {
  return v < 0n ? `-${(-v).toString(base)}` : v.toString(base);
}

function doubleArg(v: unknown, clause: string): number {
  if (typeof v === "number") return v;
  if (v === "NaN" || v === "Infinity" || v === "-Infinity") return Number(v);
  return fail(`${clause} clause can only be used on doubles, was given ${typeName(v)}`);
}

function fixed(x: number, precision: number): string {
  if (!Number.isFinite(x)) return doubleString(x);
  return x.toFixed(precision);
}

/** `%e` as cel-go prints it with its en-US message printer: 2.718280 × 10⁰⁰. */
function scientific(x: number, precision: number): string {
  if (!Number.isFinite(x)) return doubleString(x);
  const [mantissa = "", exp = "0"] = x.toExponential(precision).split("e");
  const e = Number(exp);
  const digits = String(Math.abs(e)).padStart(2, "0");
  const sup = [...`${e < 0 ? "-" : ""}${digits}`].map((c) => SUPERSCRIPT[c] ?? c).join("");
  return `${mantissa}\u202f\u00d7\u202f10${sup}`;
}

function hex(v: unknown, upper: boolean): string {
  let out: string;
  if (typeof v === "string") out = Buffer.from(v, "utf8").toString("hex");
  else if (v instanceof Uint8Array) out = Buffer.from(v).toString("hex");
  else if (typeof v === "bigint" || isUint(v)) out = radix(integer(v, "hex"), 16);
  else return fail(`only integers, byte buffers, and strings can be formatted as hex, was given ${typeName(v)}`);
  return upper ? out.toUpperCase() : out;
}

/** `<string>.format(<list>)`: printf-style %s %d %f %e %b %x %X %o, with an optional `.N` precision. */
export function format(template: string, args: readonly unknown[]): string {
  charge(strCost(template) + args.length);
  let out = "";
  let next = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i] as string;
    if (c !== "%") {
      out += c;
      continue;
    }
    if (template[i + 1] === "%") {
      out += "%";
      i++;
      continue;
    }
    let j = i + 1;
    let precision: number | undefined;
    const m = /^\.(\d+)/.exec(template.slice(j));
    if (m) {
      precision = Number(m[1]);
      if (precision > 100) fail(`format: precision ${precision} is too large`);
      j += m[0].length;
    }
    const verb = template[j];
    if (verb === undefined) fail("format: unterminated clause at the end of the string");
    if (next >= args.length) fail(`index ${next} out of range`);
    const arg = args[next++];
    switch (verb) {
      case "s": out += formatString(arg); break;
      case "d": out += String(integer(arg, "decimal")); break;
      case "f": out += fixed(doubleArg(arg, "fixed-point"), precision ?? 6); break;
      case "e": out += scientific(doubleArg(arg, "scientific"), precision ?? 6); break;
      case "b":
        if (typeof arg === "boolean") out += arg ? "1" : "0";
        else if (typeof arg === "bigint" || isUint(arg)) out += radix(integer(arg, "binary"), 2);
        else fail(`only integers and bools can be formatted as binary, was given ${typeName(arg)}`);
        break;
      case "x": out += hex(arg, false); break;
      case "X": out += hex(arg, true); break;
      case "o": out += radix(integer(arg, "octal"), 8); break;
      default: fail(`could not parse formatting clause: unrecognized formatting clause "${verb as string}"`);
    }
    i = j;
  }
  charge(strCost(out));
  return out;
}

// ---------------------------------------------------------------- lists (Kubernetes list library, cel-go ext.Lists)

export function isSorted(l: readonly unknown[]): boolean {
  charge(l.length);
  for (let i = 1; i < l.length; i++) if (celCompare(l[i - 1], l[i]) > 0) return false;
  return true;
}

export function sum(l: readonly unknown[]): unknown {
  charge(l.length);
  if (l.length === 0) return 0n;
  if (l.every((x) => typeof x === "bigint")) return (l as bigint[]).reduce((a, b) => a + b, 0n);
  if (l.every((x) => typeof x === "number")) return (l as number[]).reduce((a, b) => a + b, 0);
  if (l.every(isUint)) {
    const first = l[0] as unknown as { constructor: new (v: bigint) => unknown };
    return new first.constructor((l as UintLike[]).reduce((a, b) => a + b.value, 0n));
  }
  return fail("sum() needs a list of numbers of one type");
}

export function extreme(l: readonly unknown[], sign: 1 | -1): unknown {
  charge(l.length);
  if (l.length === 0) fail(`${sign > 0 ? "max" : "min"}(list) argument must not be empty`);
  return l.reduce((a, b) => (celCompare(b, a) * sign > 0 ? b : a));
}

export function listIndexOf(l: readonly unknown[], x: unknown): bigint {
  for (let i = 0; i < l.length; i++) if (celEquals(x, l[i])) return BigInt(i);
  return -1n;
}

export function listLastIndexOf(l: readonly unknown[], x: unknown): bigint {
  for (let i = l.length - 1; i >= 0; i--) if (celEquals(x, l[i])) return BigInt(i);
  return -1n;
}

export function slice(l: readonly unknown[], start: bigint, end: bigint): unknown[] {
  if (start < 0n || end < 0n) fail(`cannot slice(${start}, ${end}), negative indexes not supported`);
  if (start > end) fail(`cannot slice(${start}, ${end}), start index must be less than or equal to end index`);
  if (end > BigInt(l.length)) fail(`cannot slice(${start}, ${end}), list is length ${l.length}`);
  charge(Number(end - start));
  return l.slice(Number(start), Number(end));
}

export function flatten(l: readonly unknown[], depth = 1n): unknown[] {
  if (depth < 0n) fail("level must be non-negative");
  const out: unknown[] = [];
  const walk = (xs: readonly unknown[], d: bigint) => {
    charge(xs.length);
    for (const x of xs) {
      if (Array.isArray(x) && d > 0n) walk(x, d - 1n);
      else out.push(x);
    }
  };
  walk(l, depth);
  return out;
}

export function distinct(l: readonly unknown[]): unknown[] {
  charge(l.length);
  const seen = new Set<string>();
  const others: unknown[] = [];
  const out: unknown[] = [];
  for (const x of l) {
    const k = scalarKey(x);
    if (k !== undefined) {
      if (seen.has(k)) continue;
      seen.add(k);
    } else {
      if (others.some((o) => celEquals(o, x))) continue;
      others.push(x);
    }
    out.push(x);
  }
  return out;
}

export function sort(l: readonly unknown[]): unknown[] {
  const n = l.length;
  charge(n * Math.max(1, Math.ceil(Math.log2(n + 1))));
  if (n === 0) return [];
  const kind = sortKind(l[0]);
  for (const x of l) if (sortKind(x) !== kind) fail("list elements must have the same type");
  return [...l].sort(celCompare);
}

export function reverseList(l: readonly unknown[]): unknown[] {
  charge(l.length);
  return [...l].reverse();
}

export function range(n: bigint): bigint[] {
  if (n <= 0n) return [];
  if (n > 10_000_000n) charge(Infinity);
  const count = Number(n);
  charge(count);
  return Array.from({ length: count }, (_, i) => BigInt(i));
}

export function first(l: readonly unknown[]): Optional<unknown> {
  return l.length === 0 ? Optional.none() : Optional.of(l[0]);
}

export function last(l: readonly unknown[]): Optional<unknown> {
  return l.length === 0 ? Optional.none() : Optional.of(l[l.length - 1]);
}

// ---------------------------------------------------------------- sets (cel-go ext.Sets)

export function setsContains(a: readonly unknown[], b: readonly unknown[]): boolean {
  const m = new Members(a);
  charge(b.length);
  return b.every((x) => m.has(x));
}

export function setsEquivalent(a: readonly unknown[], b: readonly unknown[]): boolean {
  return setsContains(a, b) && setsContains(b, a);
}

export function setsIntersects(a: readonly unknown[], b: readonly unknown[]): boolean {
  const m = new Members(a);
  charge(b.length);
  return b.some((x) => m.has(x));
}

// ---------------------------------------------------------------- base64 (cel-go ext.Encoders)

export function base64Decode(s: string): Uint8Array {
  charge(strCost(s));
  // the standard encoding with padding, as the examples in cel-go's documentation require
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) fail(`illegal base64 data in "${s.length > 40 ? `${s.slice(0, 40)}…` : s}"`);
  return new Uint8Array(Buffer.from(s, "base64"));
}

export function base64Encode(b: Uint8Array): string {
  charge(1 + Math.ceil(b.length / 10));
  return Buffer.from(b).toString("base64");
}
