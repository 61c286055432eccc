// The Go value model used by the template engine, and Go's fmt printing rules.
//
// Go ints are JS bigints (int64), Go float64s are JS numbers, maps are plain objects (map[string]interface{}),
// slices are arrays, nil is null. Structs with methods (.Release, .Capabilities, .Files, …) are GoObjects.

export type GoValue = unknown;

export class GoObject {
  constructor(
    readonly typeName: string,
    readonly fields: Record<string, GoValue>,
    readonly methods: Record<string, (...args: GoValue[]) => GoValue> = {},
    readonly stringer?: () => string,
  ) {}
}

/** A time.Time (UTC offset in minutes, zone name). */
export class GoTime {
  constructor(readonly ms: number, readonly offsetMin = 0, readonly zone = "UTC", readonly nanos = 0) {}
}

/** A []byte value. */
export class GoBytes {
  constructor(readonly bytes: Uint8Array) {}
}

export class GoError extends Error {}

export const isMap = (v: GoValue): v is Record<string, GoValue> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof GoObject) && !(v instanceof GoTime) && !(v instanceof GoBytes);

export function typeName(v: GoValue): string {
  if (v === null || v === undefined) return "<nil>";
  switch (typeof v) {
    case "string": return "string";
    case "boolean": return "bool";
    case "bigint": return "int";
    case "number": return "float64";
    case "function": return "func";
  }
  if (Array.isArray(v)) return "[]interface {}";
  if (v instanceof GoObject) return v.typeName;
  if (v instanceof GoTime) return "time.Time";
  if (v instanceof GoBytes) return "[]uint8";
  return "map[string]interface {}";
}

export function kindName(v: GoValue): string {
  if (v === null || v === undefined) return "invalid";
  switch (typeof v) {
    case "string": return "string";
    case "boolean": return "bool";
    case "bigint": return "int";
    case "number": return "float64";
  }
  if (Array.isArray(v) || v instanceof GoBytes) return "slice";
  if (v instanceof GoObject || v instanceof GoTime) return v instanceof GoObject && v.typeName.startsWith("map") ? "map" : "struct";
  return "map";
}

/** Go template truthiness. */
export function isTrue(v: GoValue): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case "boolean": return v;
    case "string": return v.length > 0;
    case "bigint": return v !== 0n;
    case "number": return v !== 0;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoBytes) return v.bytes.length > 0;
  if (v instanceof GoObject || v instanceof GoTime) return true;
  return Object.keys(v as object).length > 0;
}

export function sortedKeys(m: Record<string, GoValue>): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// ---------- float formatting (strconv) ----------

function shortestDigits(f: number): { digits: string; dp: number } {
  // f > 0, finite
  const e = f.toExponential(); // shortest round-trip digits
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const digits = (m[1]! + (m[2] ?? "")).replace(/0+$/, "") || "0";
  return { digits, dp: Number(m[3]) + 1 };
}

function precDigits(f: number, nd: number): { digits: string; dp: number } {
  const e = f.toExponential(Math.max(0, nd - 1));
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  return { digits: m[1]! + (m[2] ?? ""), dp: Number(m[3]) + 1 };
}

function fmtE(neg: boolean, digits: string, dp: number, prec: number, upper: boolean): string {
  let mant = digits[0]!;
  let rest = digits.slice(1);
  if (prec >= 0) rest = rest.padEnd(prec, "0").slice(0, prec);
  if (rest.length) mant += "." + rest;
  const exp = digits === "0" ? 0 : dp - 1;
  const es = Math.abs(exp) < 10 ? "0" + Math.abs(exp) : String(Math.abs(exp));
  return (neg ? "-" : "") + mant + (upper ? "E" : "e") + (exp < 0 ? "-" : "+") + es;
}

function fmtF(neg: boolean, digits: string, dp: number, prec: number): string {
  let intPart: string;
  let frac: string;
  if (dp <= 0) { intPart = "0"; frac = "0".repeat(-dp) + digits; }
  else if (dp >= digits.length) { intPart = digits + "0".repeat(dp - digits.length); frac = ""; }
  else { intPart = digits.slice(0, dp); frac = digits.slice(dp); }
  if (prec >= 0) frac = frac.padEnd(prec, "0").slice(0, prec);
  return (neg ? "-" : "") + intPart + (frac.length ? "." + frac : "");
}

/** strconv.FormatFloat(f, fmt, prec, 64) for fmt in e, E, f, g, G. */
export function formatFloat(f: number, fmt: string, prec: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  const neg = f < 0 || Object.is(f, -0);
  const a = Math.abs(f);
  const shortest = prec < 0;
  if (fmt === "f" || fmt === "F") {
    if (shortest) {
      if (a === 0) return (neg ? "-" : "") + "0";
      const { digits, dp } = shortestDigits(a);
      return fmtF(neg, digits, dp, -1);
    }
    return (neg ? "-" : "") + a.toFixed(Math.min(prec, 100));
  }
  if (fmt === "e" || fmt === "E") {
    if (a === 0) return fmtE(neg, "0", 1, shortest ? -1 : prec, fmt === "E");
    const { digits, dp } = shortest ? shortestDigits(a) : precDigits(a, prec + 1);
    return fmtE(neg, digits, dp, shortest ? -1 : prec, fmt === "E");
  }
  // g / G
  let p = prec;
  if (p === 0) p = 1;
  let digits: string;
  let dp: number;
  if (a === 0) { digits = "0"; dp = 1; }
  else if (shortest) ({ digits, dp } = shortestDigits(a));
  else ({ digits, dp } = precDigits(a, p));
  if (!shortest) digits = digits.replace(/0+$/, "") || "0";
  let eprec = shortest ? 6 : p;
  if (!shortest && eprec > digits.length && digits.length >= dp) eprec = digits.length;
  const exp = dp - 1;
  if (a !== 0 && (exp < -4 || exp >= eprec)) return fmtE(neg, digits, dp, shortest ? -1 : Math.max(digits.length - 1, 0), fmt === "G");
  return fmtF(neg, digits, dp, shortest ? -1 : Math.max(digits.length - dp, 0));
}

// ---------- fmt ----------

const pad2 = (n: number) => String(n).padStart(2, "0");

export function formatTime(t: GoTime, layout: string): string {
  const d = new Date(t.ms + t.offsetMin * 60000);
  const Y = d.getUTCFullYear(), M = d.getUTCMonth(), D = d.getUTCDate(), h = d.getUTCHours(), m = d.getUTCMinutes(), s = d.getUTCSeconds();
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  const off = t.offsetMin;
  const offH = pad2(Math.floor(Math.abs(off) / 60)), offM = pad2(Math.abs(off) % 60), sign = off < 0 ? "-" : "+";
  const nanos = t.nanos + (t.ms % 1000 + 1000) % 1000 * 1e6;
  const tokens: [string, () => string][] = [
    ["January", () => months[M]!], ["Jan", () => months[M]!.slice(0, 3)], ["Monday", () => days[d.getUTCDay()]!], ["Mon", () => days[d.getUTCDay()]!.slice(0, 3)],
    ["MST", () => t.zone], ["2006", () => String(Y).padStart(4, "0")], ["-07:00:00", () => `${sign}${offH}:${offM}:00`], ["-0700", () => `${sign}${offH}${offM}`], ["-07:00", () => `${sign}${offH}:${offM}`], ["-07", () => `${sign}${offH}`],
    ["Z07:00", () => (off === 0 ? "Z" : `${sign}${offH}:${offM}`)], ["Z0700", () => (off === 0 ? "Z" : `${sign}${offH}${offM}`)],
    [".000000000", () => "." + String(nanos).padStart(9, "0")], [".000000", () => "." + String(nanos).padStart(9, "0").slice(0, 6)], [".000", () => "." + String(nanos).padStart(9, "0").slice(0, 3)],
    [".999999999", () => (nanos ? "." + String(nanos).padStart(9, "0").replace(/0+$/, "") : "")], [".999", () => { const s3 = String(nanos).padStart(9, "0").slice(0, 3).replace(/0+$/, ""); return s3 ? "." + s3 : ""; }],
    ["01", () => pad2(M + 1)], ["02", () => pad2(D)], ["_2", () => String(D).padStart(2, " ")], ["06", () => pad2(Y % 100)], ["15", () => pad2(h)], ["03", () => pad2(h % 12 || 12)], ["04", () => pad2(m)], ["05", () => pad2(s)],
    ["PM", () => (h >= 12 ? "PM" : "AM")], ["pm", () => (h >= 12 ? "pm" : "am")], ["1", () => String(M + 1)], ["2", () => String(D)], ["3", () => String(h % 12 || 12)], ["4", () => String(m)], ["5", () => String(s)],
  ];
  let out = "";
  let i = 0;
  outer: while (i < layout.length) {
    for (const [tok, fn] of tokens) {
      if (layout.startsWith(tok, i)) { out += fn(); i += tok.length; continue outer; }
    }
    out += layout[i++];
  }
  return out;
}

export function sprintValue(v: GoValue, top = true): string {
  if (v === null || v === undefined) return "<nil>";
  switch (typeof v) {
    case "string": return v;
    case "boolean": return v ? "true" : "false";
    case "bigint": return v.toString();
    case "number": return formatFloat(v, "g", -1);
    case "function": return "0x0";
  }
  if (Array.isArray(v)) return "[" + v.map((x) => sprintValue(x, false)).join(" ") + "]";
  if (v instanceof GoBytes) return top ? "[" + [...v.bytes].join(" ") + "]" : "[" + [...v.bytes].join(" ") + "]";
  if (v instanceof GoTime) return formatTime(v, "2006-01-02 15:04:05.999999999 -0700 MST");
  if (v instanceof GoObject) {
    if (v.stringer) return v.stringer();
    return "{" + Object.values(v.fields).map((x) => sprintValue(x, false)).join(" ") + "}";
  }
  const m = v as Record<string, GoValue>;
  return "map[" + sortedKeys(m).map((k) => `${k}:${sprintValue(m[k], false)}`).join(" ") + "]";
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: GoValue[]): string {
  let out = "";
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string") out += " ";
    out += sprintValue(a);
  }
  return out;
}

export function sprintln(args: GoValue[]): string {
  return args.map((a) => sprintValue(a)).join(" ") + "\n";
}

function goQuote(s: string, ascii = false): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c === 7) out += "\\a";
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else if (c === 11) out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c === 0xfffd && ch !== "\ufffd") out += "\\ufffd";
    else if ((ascii && c > 0x7e) || (c >= 0x80 && c < 0xa0) || c === 0xad) out += c > 0xffff ? "\\U" + c.toString(16).padStart(8, "0") : "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}
export { goQuote };

interface Spec { minus: boolean; plus: boolean; sharp: boolean; zero: boolean; space: boolean; width: number | null; prec: number | null }

function padTo(s: string, sp: Spec, numeric = false): string {
  if (sp.width === null || [...s].length >= sp.width) return s;
  const n = sp.width - [...s].length;
  if (sp.minus) return s + " ".repeat(n);
  if (sp.zero && numeric) {
    const sign = /^[+\- ]/.test(s) ? s[0]! : "";
    return sign + "0".repeat(n) + s.slice(sign.length);
  }
  return " ".repeat(n) + s;
}

function toBigInt(v: GoValue): bigint | null {
  if (typeof v === "bigint") return v;
  return null;
}

/** fmt's badVerb: the value is printed with %v under the same flags, width and precision. */
function badVerb(verb: string, v: GoValue, sp?: Spec): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${sp ? fmtValue(v, "v", sp) : sprintValue(v)})`;
}

/** strconv.FormatFloat(f, 'x'|'X', -1, 64) and (f, 'b', 0, 64). */
function formatFloatBits(f: number, verb: string): string {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, f);
  const hi = dv.getUint32(0), lo = dv.getUint32(4);
  const neg = hi >>> 31 === 1;
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp = bexp - 1023;
  if (bexp === 0) exp = -1022; // subnormal
  else mant |= 1n << 52n;
  const sign = neg ? "-" : "";
  if (verb === "b") return `${sign}${mant}p${exp - 52 >= 0 ? "+" : "-"}${Math.abs(exp - 52)}`;
  if (mant === 0n) return `${sign}0${verb === "X" ? "X0P" : "x0p"}+00`;
  while (mant < 1n << 52n) { mant <<= 1n; exp--; } // normalise subnormals
  const frac = (mant & ((1n << 52n) - 1n)).toString(16).padStart(13, "0").replace(/0+$/, "");
  let out = `${sign}0x1${frac ? "." + frac : ""}p${exp >= 0 ? "+" : "-"}${String(Math.abs(exp)).padStart(2, "0")}`;
  if (verb === "X") out = out.toUpperCase();
  return out;
}

/** strconv.QuoteRune. */
function quoteRune(c: number): string {
  const esc: Record<number, string> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 39: "\\'", 92: "\\\\" };
  if (esc[c] !== undefined) return `'${esc[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, "0")}'`;
  if (c > 0x10ffff || (c >= 0xd800 && c < 0xe000)) return "'\\ufffd'";
  if ((c >= 0x80 && c < 0xa0) || c === 0xad) return `'\\u${c.toString(16).padStart(4, "0")}'`;
  return `'${String.fromCodePoint(c)}'`;
}

function fmtInt(v: bigint, verb: string, sp: Spec): string {
  const neg = v < 0n;
  let a = neg ? -v : v;
  let s: string;
  switch (verb) {
    case "d": case "v": s = a.toString(10); break;
    case "b": s = a.toString(2); break;
    case "o": s = a.toString(8); if (sp.sharp) s = "0" + s; break;
    case "O": s = "0o" + a.toString(8); break;
    case "x": s = a.toString(16); if (sp.sharp) s = "0x" + s; break;
    case "X": s = a.toString(16).toUpperCase(); if (sp.sharp) s = "0X" + s; break;
    case "c": return padTo(String.fromCodePoint(Number(v)), sp);
    case "q": return padTo(quoteRune(Number(v)), sp);
    case "U": s = "U+" + a.toString(16).toUpperCase().padStart(4, "0"); break;
    default: return badVerb(verb, v, sp);
  }
  a = 0n;
  if (sp.prec !== null) s = s.padStart(sp.prec, "0");
  s = (neg ? "-" : sp.plus ? "+" : sp.space ? " " : "") + s;
  return padTo(s, sp.prec !== null ? { ...sp, zero: false } : sp, true);
}

function fmtFloatVerb(f: number, verb: string, sp: Spec): string {
  let s: string;
  switch (verb) {
    case "v": case "g": s = formatFloat(f, "g", sp.prec ?? -1); break;
    case "G": s = formatFloat(f, "G", sp.prec ?? -1); break;
    case "e": case "E": s = formatFloat(f, verb, sp.prec ?? 6); break;
    case "f": case "F": s = formatFloat(f, "f", sp.prec ?? 6); break;
    case "x": case "X": case "b": s = formatFloatBits(f, verb); break;
    default: return badVerb(verb, f, sp);
  }
  if (sp.plus && !s.startsWith("-") && !s.startsWith("+")) s = "+" + s;
  else if (sp.space && !s.startsWith("-")) s = " " + s;
  if (s === "+Inf" && !sp.plus) s = "+Inf";
  return padTo(s, sp, Number.isFinite(f));
}

function fmtValue(v: GoValue, verb: string, sp: Spec): string {
  if (verb === "T") return padTo(v === null || v === undefined ? "<nil>" : typeName(v), sp);
  if (v === null || v === undefined) return verb === "v" ? padTo("<nil>", sp) : badVerb(verb, v);
  if (typeof v === "boolean") return verb === "v" || verb === "t" ? padTo(String(v), sp) : badVerb(verb, v, sp);
  if (typeof v === "bigint") return fmtInt(v, verb, sp);
  if (typeof v === "number") return fmtFloatVerb(v, verb, sp);
  if (typeof v === "string") {
    switch (verb) {
      case "v": case "s": return padTo(sp.prec !== null ? [...v].slice(0, sp.prec).join("") : v, sp);
      case "q": return padTo(sp.sharp && !v.includes("`") ? "`" + v + "`" : goQuote(v, sp.plus), sp);
      case "x": case "X": {
        let h = Buffer.from(v, "utf8").toString("hex");
        if (verb === "X") h = h.toUpperCase();
        return padTo(h, sp);
      }
      default: return badVerb(verb, v, sp);
    }
  }
  if (v instanceof GoBytes) {
    if (verb === "s") return padTo(Buffer.from(v.bytes).toString("utf8"), sp);
    if (verb === "x") return padTo(Buffer.from(v.bytes).toString("hex"), sp);
  }
  // fmt's printValue: each element (map keys and values too) is printed with the same verb, flags and width
  const elem = (x: GoValue): string => (x === null || x === undefined ? padTo("<nil>", sp) : fmtValue(x, verb, sp));
  if (Array.isArray(v)) return "[" + v.map(elem).join(" ") + "]";
  if (isMap(v)) return "map[" + sortedKeys(v).map((k) => `${elem(k)}:${elem(v[k])}`).join(" ") + "]";
  if (verb === "v" || verb === "s") return padTo(sprintValue(v), sp);
  return badVerb(verb, v);
}

/** fmt.Sprintf with Go's verbs, flags, width and precision. */
export function sprintf(format: string, args: GoValue[]): string {
  let out = "";
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c !== "%") { out += c; i++; continue; }
    i++;
    const sp: Spec = { minus: false, plus: false, sharp: false, zero: false, space: false, width: null, prec: null };
    for (; i < format.length; i++) {
      const f = format[i];
      if (f === "-") sp.minus = true;
      else if (f === "+") sp.plus = true;
      else if (f === "#") sp.sharp = true;
      else if (f === "0") sp.zero = !sp.minus;
      else if (f === " ") sp.space = true;
      else break;
    }
    if (format[i] === "*") {
      i++;
      const a = args[argi++];
      sp.width = typeof a === "bigint" ? Number(a) : null;
      if (sp.width !== null && sp.width < 0) { sp.minus = true; sp.width = -sp.width; }
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) { sp.width = Number(m[0]); i += m[0].length; }
    }
    if (format[i] === ".") {
      i++;
      if (format[i] === "*") { i++; const a = args[argi++]; sp.prec = typeof a === "bigint" ? Number(a) : 0; }
      else { const m = /^\d+/.exec(format.slice(i)); sp.prec = m ? Number(m[0]) : 0; if (m) i += m[0].length; }
    }
    const verb = format[i++];
    if (verb === undefined) { out += "%!(NOVERB)"; break; }
    if (verb === "%") { out += "%"; continue; }
    if (argi >= args.length) { out += `%!${verb}(MISSING)`; continue; }
    const v = args[argi++];
    out += fmtValue(v, verb, sp);
  }
  if (argi < args.length) {
    out += "%!(EXTRA " + args.slice(argi).map((a) => `${a === null || a === undefined ? "<nil>" : typeName(a)}=${sprintValue(a)}`).join(", ") + ")";
  }
  return out;
}

export { toBigInt };
