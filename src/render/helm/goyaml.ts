// YAML and JSON as Helm sees them: values parsed like sigs.k8s.io/yaml (go-yaml v2 resolution, YAML 1.1 booleans,
// then a JSON round trip so every number is a float64), and `toYaml`/`toJson` output like Go's encoders.
import { LineCounter, parseAllDocuments, isAlias, isMap as isYamlMap, isScalar, isSeq } from "yaml";
import type { Node as YamlNode, Document } from "yaml";
import { GoBytes, GoObject, GoTime, formatFloat, isMap, formatTime } from "./template/values.js";
import type { GoValue } from "./template/values.js";
import { getOrigin, setOrigin } from "./origins.js";
import type { Segment, ValueOrigin } from "./template/output.js";

// ---------- resolution (go-yaml v2 resolve()) ----------

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const TRUES = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"]);
const FALSES = new Set(["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"]);

type Resolved = { tag: "null" } | { tag: "bool"; v: boolean } | { tag: "int"; v: bigint } | { tag: "float"; v: number } | { tag: "str" } | { tag: "merge" };

function parseGoInt(s: string): bigint | null {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return null;
  const body = m[2]!;
  let v: bigint;
  if (/^0[xXbBoO]/.test(body)) v = BigInt(body.toLowerCase());
  else if (body.length > 1 && body.startsWith("0")) v = BigInt("0o" + body.slice(1));
  else v = BigInt(body);
  if (m[1] === "-") v = -v;
  if (v > 9223372036854775807n || v < -9223372036854775808n) return null;
  return v;
}

export function resolvePlain(s: string): Resolved {
  if (NULLS.has(s)) return { tag: "null" };
  if (TRUES.has(s)) return { tag: "bool", v: true };
  if (FALSES.has(s)) return { tag: "bool", v: false };
  if (s === "<<") return { tag: "merge" };
  const c = s[0]!;
  if (c === "." || c === "+" || c === "-" || (c >= "0" && c <= "9")) {
    if ([".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].includes(s)) return { tag: "float", v: Infinity };
    if (["-.inf", "-.Inf", "-.INF"].includes(s)) return { tag: "float", v: -Infinity };
    if ([".nan", ".NaN", ".NAN"].includes(s)) return { tag: "float", v: NaN };
    const plain = s.replace(/_/g, "");
    const i = parseGoInt(plain);
    if (i !== null) return { tag: "int", v: i };
    const bin = /^([+-]?)0b([01]+)$/.exec(plain);
    if (bin) { const v = BigInt("0b" + bin[2]); return { tag: "int", v: bin[1] === "-" ? -v : v }; }
    if (YAML_FLOAT.test(plain)) return { tag: "float", v: Number(plain) };
  }
  return { tag: "str" };
}

const isBase60Float = (s: string) => /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);

// ---------- parsing ----------

export class YamlError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) { super(message); }
}

interface ParseOpts { file?: string; jsonNumbers?: boolean }

/** Parses YAML like sigs.k8s.io/yaml.Unmarshal into interface{}: numbers become float64 unless jsonNumbers is false. */
export function parseGoYamlAll(text: string, opts: ParseOpts = {}): GoValue[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { schema: "failsafe", lineCounter: lc, uniqueKeys: false, merge: false, strict: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: GoValue[] = [];
  for (const d of list as Document[]) {
    const e = d.errors[0];
    if (e) {
      const p = lc.linePos(e.pos[0]);
      throw new YamlError(e.message.split("\n")[0]!, p.line, p.col);
    }
    out.push(convertNode(d.contents as YamlNode | null, d, lc, opts, 0));
  }
  return out;
}

export function parseGoYaml(text: string, opts: ParseOpts = {}): GoValue {
  const docs = parseGoYamlAll(text, opts);
  return docs.length ? docs[0] : null;
}

function scalarValue(node: YamlNode, opts: ParseOpts): GoValue {
  if (!isScalar(node)) return null;
  const raw = String(node.value ?? "");
  const tag = node.tag;
  if (node.type === "PLAIN" && (!tag || tag === "?")) {
    const r = resolvePlain(raw);
    switch (r.tag) {
      case "null": return null;
      case "bool": return r.v;
      case "int": return opts.jsonNumbers === false ? r.v : Number(r.v);
      case "float": return r.v;
      default: return raw;
    }
  }
  if (tag === "tag:yaml.org,2002:int" || tag === "!!int") { const i = parseGoInt(raw.replace(/_/g, "")); if (i !== null) return opts.jsonNumbers === false ? i : Number(i); }
  if (tag === "tag:yaml.org,2002:float" || tag === "!!float") return Number(raw);
  if (tag === "tag:yaml.org,2002:bool" || tag === "!!bool") return TRUES.has(raw);
  if (tag === "tag:yaml.org,2002:null" || tag === "!!null") return null;
  return raw;
}

function keyString(v: GoValue): string {
  if (v === null) return "null";
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : formatFloat(v, "g", -1);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

function convertNode(node: YamlNode | null, doc: Document, lc: LineCounter, opts: ParseOpts, depth: number): GoValue {
  if (!node) return null;
  if (depth > 200) throw new YamlError("document nested too deeply", 1, 1);
  if (isAlias(node)) return convertNode(node.resolve(doc) as YamlNode, doc, lc, opts, depth + 1);
  if (isScalar(node)) return scalarValue(node, opts);
  if (isSeq(node)) {
    const arr: GoValue[] = [];
    node.items.forEach((it, i) => {
      arr.push(convertNode(it as YamlNode, doc, lc, opts, depth + 1));
      if (opts.file && (it as YamlNode)?.range) { const p = lc.linePos((it as YamlNode).range![0]); setOrigin(arr, String(i), { file: opts.file, line: p.line, column: p.col }); }
    });
    return arr;
  }
  if (isYamlMap(node)) {
    const obj: Record<string, GoValue> = {};
    const merges: Record<string, GoValue>[] = [];
    for (const pair of node.items) {
      const k = pair.key as YamlNode | null;
      if (k && isScalar(k) && k.type === "PLAIN" && k.value === "<<") {
        const mv = convertNode(pair.value as YamlNode, doc, lc, opts, depth + 1);
        if (Array.isArray(mv)) for (const m of mv) { if (isMap(m)) merges.push(m); } else if (isMap(mv)) merges.push(mv);
        continue;
      }
      const key = keyString(k ? convertNode(k, doc, lc, opts, depth + 1) : null);
      Object.defineProperty(obj, key, { value: convertNode(pair.value as YamlNode, doc, lc, opts, depth + 1), enumerable: true, writable: true, configurable: true });
      if (opts.file && k?.range) { const p = lc.linePos(k.range[0]); setOrigin(obj, key, { file: opts.file, line: p.line, column: p.col }); }
    }
    for (const m of merges) for (const [k, v] of Object.entries(m)) if (!Object.prototype.hasOwnProperty.call(obj, k)) obj[k] = v;
    return obj;
  }
  return null;
}

// ---------- JSON (encoding/json) ----------

function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${formatFloat(f, "g", -1)}`);
  const a = Math.abs(f);
  if (a !== 0 && (a < 1e-6 || a >= 1e21)) {
    let s = formatFloat(f, "e", -1);
    s = s.replace(/e([+-])0(\d)$/, "e$1$2");
    return s;
  }
  return formatFloat(f, "f", -1);
}

function jsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (c < 0x20) {
      if (ch === "\n") out += "\\n"; else if (ch === "\r") out += "\\r"; else if (ch === "\t") out += "\\t";
      else if (ch === "\b") out += "\\b"; else if (ch === "\f") out += "\\f";
      else out += "\\u" + c.toString(16).padStart(4, "0");
    } else if (escapeHTML && (ch === "<" || ch === ">" || ch === "&")) out += "\\u" + c.toString(16).padStart(4, "0");
    else if (c === 0x2028 || c === 0x2029) out += "\\u" + c.toString(16);
    else out += ch;
  }
  return out + '"';
}

/** Go's json.Marshal / MarshalIndent. */
export function toGoJson(v: GoValue, escapeHTML = true, indent = "", level = 0): string {
  const nl = indent ? "\n" + indent.repeat(level + 1) : "";
  const close = indent ? "\n" + indent.repeat(level) : "";
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "string": return jsonString(v, escapeHTML);
    case "boolean": return String(v);
    case "bigint": return v.toString();
    case "number": return jsonFloat(v);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return "[" + v.map((x) => nl + toGoJson(x, escapeHTML, indent, level + 1)).join(",") + close + "]";
  }
  if (v instanceof GoBytes) return jsonString(Buffer.from(v.bytes).toString("base64"), escapeHTML);
  if (v instanceof GoTime) return jsonString(formatTime(v, "2006-01-02T15:04:05.999999999Z07:00"), escapeHTML);
  const m = v instanceof GoObject ? v.fields : (v as Record<string, GoValue>);
  const keys = Object.keys(m).filter((k) => k !== "__entries__").sort();
  if (keys.length === 0) return "{}";
  return "{" + keys.map((k) => nl + jsonString(k, escapeHTML) + (indent ? ": " : ":") + toGoJson(m[k], escapeHTML, indent, level + 1)).join(",") + close + "}";
}

// ---------- YAML emission (go-yaml v2 Marshal of the JSON form) ----------

/** go-yaml v2's key order: numbers inside keys compare numerically, letters after non-letters. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a], br = [...b];
  const isLetter = (c: string) => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined) => c !== undefined && /\p{Nd}/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!), bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0n, bn = 0n;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") { an = 1n; bn = 1n; break; }
      }
    }
    let ai = i, bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai]!.charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

export function sortYamlKeys(keys: string[]): string[] {
  return keys.sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

interface Analysis { multiline: boolean; blockPlain: boolean; flowPlain: boolean; single: boolean; block: boolean }

const isPrintable = (c: number) => c === 0x0a || (c >= 0x20 && c <= 0x7e) || c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) || (c >= 0x10000 && c <= 0x10ffff);
const isBreakC = (c: string | undefined) => c === "\n" || c === "\r" || c === "\u0085" || c === "\u2028" || c === "\u2029";
const isBlankZ = (c: string | undefined) => c === undefined || c === " " || c === "\t" || isBreakC(c);

function analyze(value: string): Analysis {
  if (value.length === 0) return { multiline: false, flowPlain: false, blockPlain: true, single: true, block: false };
  let flowInd = false, blockInd = false;
  if (value.startsWith("---") || value.startsWith("...")) { flowInd = true; blockInd = true; }
  let precededByWs = true, lineBreaks = false, special = false, leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false, breakSpace = false, spaceBreak = false, prevSpace = false, prevBreak = false;
  const chars = [...value];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const followedByWs = i + 1 >= chars.length || isBlankZ(chars[i + 1]);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) { flowInd = true; blockInd = true; }
      else if (ch === "?" || ch === ":") { flowInd = true; if (followedByWs) blockInd = true; }
      else if (ch === "-" && followedByWs) { flowInd = true; blockInd = true; }
    } else {
      if (",?[]{}".includes(ch)) flowInd = true;
      else if (ch === ":") { flowInd = true; if (followedByWs) blockInd = true; }
      else if (ch === "#" && precededByWs) { flowInd = true; blockInd = true; }
    }
    if (!isPrintable(ch.codePointAt(0)!)) special = true;
    if (ch === " ") {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true; prevBreak = false;
    } else if (isBreakC(ch)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false; prevBreak = true;
    } else { prevSpace = false; prevBreak = false; }
    precededByWs = isBlankZ(ch);
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, single: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) { a.flowPlain = false; a.blockPlain = false; }
  if (trailingSpace) a.block = false;
  if (breakSpace) { a.flowPlain = false; a.blockPlain = false; a.single = false; }
  if (spaceBreak || special) { a.flowPlain = false; a.blockPlain = false; a.single = false; a.block = false; }
  if (lineBreaks) { a.flowPlain = false; a.blockPlain = false; }
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

type Style = "plain" | "single" | "double" | "literal";

function chooseStyle(s: string, simpleKey: boolean): Style {
  const r = resolvePlain(s);
  const canPlain = r.tag === "str" && !isBase60Float(s);
  let style: Style = s.includes("\n") ? "literal" : canPlain ? "plain" : "double";
  const a = analyze(s);
  if (style === "plain") {
    if (!a.blockPlain) style = "single";
    if (s.length === 0 && simpleKey) style = "single";
  }
  if (style === "single" && !a.single) style = "double";
  if (style === "literal" && (!a.block || simpleKey)) style = "double";
  if (simpleKey && a.multiline && style !== "double") style = "double";
  return style;
}

const BEST_WIDTH = 80;

function doubleQuoted(s: string, col: number, indent: number, allowBreaks: boolean): string {
  let out = '"';
  let column = col + 1;
  let spaces = false;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const c = ch.codePointAt(0)!;
    if (!isPrintable(c) || c === 0xfeff || isBreakC(ch) || ch === '"' || ch === "\\") {
      let e: string;
      switch (c) {
        case 0: e = "\\0"; break;
        case 7: e = "\\a"; break;
        case 8: e = "\\b"; break;
        case 9: e = "\\t"; break;
        case 0xa: e = "\\n"; break;
        case 0xb: e = "\\v"; break;
        case 0xc: e = "\\f"; break;
        case 0xd: e = "\\r"; break;
        case 0x1b: e = "\\e"; break;
        case 0x22: e = '\\"'; break;
        case 0x5c: e = "\\\\"; break;
        case 0x85: e = "\\N"; break;
        case 0xa0: e = "\\_"; break;
        case 0x2028: e = "\\L"; break;
        case 0x2029: e = "\\P"; break;
        default:
          if (c <= 0xff) e = "\\x" + c.toString(16).toUpperCase().padStart(2, "0");
          else if (c <= 0xffff) e = "\\u" + c.toString(16).toUpperCase().padStart(4, "0");
          else e = "\\U" + c.toString(16).toUpperCase().padStart(8, "0");
      }
      out += e; column += e.length; spaces = false;
    } else if (ch === " ") {
      if (allowBreaks && !spaces && column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        out += "\n" + " ".repeat(indent);
        column = indent;
        if (chars[i + 1] === " ") { out += "\\"; column++; }
      } else { out += ch; column++; }
      spaces = true;
    } else { out += ch; column++; spaces = false; }
  }
  return out + '"';
}

function foldedPlain(s: string, col: number, indent: number, allowBreaks: boolean, quote: string): string {
  let out = quote;
  let column = col + quote.length;
  let spaces = false;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === " ") {
      const cond = quote ? i !== 0 && i !== chars.length - 1 && chars[i + 1] !== " " : chars[i + 1] !== " ";
      if (allowBreaks && !spaces && column > BEST_WIDTH && cond) {
        out += "\n" + " ".repeat(indent);
        column = indent;
      } else { out += ch; column++; }
      spaces = true;
    } else {
      const w = ch === "'" && quote ? "''" : ch;
      out += w; column += w.length; spaces = false;
    }
  }
  return out + quote;
}

function literal(s: string, indent: number): string {
  let hints = "";
  if (s.startsWith(" ") || s.startsWith("\n")) hints += "2";
  if (!s.endsWith("\n")) hints += "-";
  else if (s.length === 1 || s.endsWith("\n\n")) hints += "+";
  const lines = s.split("\n");
  if (s.endsWith("\n")) lines.pop();
  return "|" + hints + lines.map((l) => "\n" + (l.length ? " ".repeat(indent) + l : "")).join("");
}

/** Formats a scalar string at the given column; `indent` is the indentation for continuation lines. */
function emitString(s: string, col: number, indent: number, simpleKey: boolean): string {
  const style = chooseStyle(s, simpleKey);
  switch (style) {
    case "plain": return foldedPlain(s, col, indent, !simpleKey, "");
    case "single": return foldedPlain(s, col, indent, !simpleKey, "'");
    case "double": return doubleQuoted(s, col, indent, !simpleKey);
    case "literal": return literal(s, indent);
  }
}

/** Normalises a Go value to its JSON form (what sigs.k8s.io/yaml marshals). */
function jsonForm(v: GoValue, depth = 0): GoValue {
  if (depth > 500) throw new Error("value nested too deeply");
  if (v === null || v === undefined) return null;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${formatFloat(v, "g", -1)}`);
    return v;
  }
  if (typeof v !== "object") return v;
  if (Array.isArray(v)) return v;
  if (v instanceof GoBytes) return Buffer.from(v.bytes).toString("base64");
  if (v instanceof GoTime) return formatTime(v, "2006-01-02T15:04:05.999999999Z07:00");
  return v;
}

function scalarYaml(v: GoValue, col: number, indent: number): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "boolean": return String(v);
    case "bigint": return v.toString();
    case "number": {
      if (Number.isInteger(v) && Math.abs(v) < 9.2e18) return BigInt(v).toString();
      const s = formatFloat(v, "g", -1);
      return s === "+Inf" ? ".inf" : s === "-Inf" ? "-.inf" : s === "NaN" ? ".nan" : s;
    }
    case "string": return emitString(v, col, indent, false);
  }
  return String(v);
}

interface EmitCtx { lines: string[]; origins: (ValueOrigin | undefined)[] }

function mapEntries(v: GoValue): [string, GoValue][] | null {
  if (v instanceof GoObject) return Object.entries(v.fields).filter(([k]) => k !== "__entries__");
  if (isMap(v)) return Object.entries(v);
  return null;
}

function emitNode(v0: GoValue, indent: number, ctx: EmitCtx, prefix: string, origin: ValueOrigin | undefined, depth: number): void {
  const v = jsonForm(v0, depth);
  const entries = mapEntries(v);
  if (entries) {
    if (entries.length === 0) { ctx.lines.push(prefix + "{}"); ctx.origins.push(origin); return; }
    const keys = sortYamlKeys(entries.map(([k]) => k));
    const m = new Map(entries);
    keys.forEach((k, i) => {
      const keyText = emitString(k, 0, 0, true);
      const head = (i === 0 ? prefix : " ".repeat(indent)) + keyText + ":";
      const o = (typeof v === "object" && v !== null ? getOrigin(v, k) : undefined) ?? origin;
      emitValue(m.get(k), indent, ctx, head, o, depth + 1, false);
    });
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) { ctx.lines.push(prefix + "[]"); ctx.origins.push(origin); return; }
    v.forEach((item, i) => {
      const head = (i === 0 ? prefix : " ".repeat(indent)) + "-";
      emitValue(item, indent, ctx, head, getOrigin(v, String(i)) ?? origin, depth + 1, true);
    });
    return;
  }
  const text = scalarYaml(v, prefix.length, indent + 2);
  pushText(ctx, prefix + text, origin);
}

function pushText(ctx: EmitCtx, text: string, origin: ValueOrigin | undefined): void {
  for (const l of text.split("\n")) { ctx.lines.push(l); ctx.origins.push(origin); }
}

/** Emits `head` (a "key:" or "-") followed by the value. */
function emitValue(v0: GoValue, indent: number, ctx: EmitCtx, head: string, origin: ValueOrigin | undefined, depth: number, inSeq: boolean): void {
  const v = jsonForm(v0, depth);
  const entries = mapEntries(v);
  if (entries && entries.length > 0) {
    if (inSeq) { emitNode(v, indent + 2, ctx, head + " ", origin, depth); return; }
    ctx.lines.push(head); ctx.origins.push(origin);
    emitNode(v, indent + 2, ctx, " ".repeat(indent + 2), origin, depth);
    return;
  }
  if (Array.isArray(v) && v.length > 0) {
    if (inSeq) { emitNode(v, indent + 2, ctx, head + " ", origin, depth); return; }
    ctx.lines.push(head); ctx.origins.push(origin);
    emitNode(v, indent, ctx, " ".repeat(indent), origin, depth);
    return;
  }
  if (entries || Array.isArray(v)) { ctx.lines.push(head + (entries ? " {}" : " []")); ctx.origins.push(origin); return; }
  const text = scalarYaml(v, head.length + 1, indent + 2);
  pushText(ctx, head + " " + text, origin);
}

/** Helm's toYaml: sigs.k8s.io/yaml.Marshal without the final newline. Returns the text and a per-line value origin map. */
export function toGoYaml(v: GoValue): { text: string; lineOrigins: (ValueOrigin | undefined)[] } {
  const ctx: EmitCtx = { lines: [], origins: [] };
  emitNode(v, 0, ctx, "", undefined, 0);
  return { text: ctx.lines.join("\n"), lineOrigins: ctx.origins };
}

/** Segments for a toYaml result: one per line, inheriting the action, with the values-file origin of that line. */
export function yamlSegments(text: string, lineOrigins: (ValueOrigin | undefined)[]): Segment[] {
  const segs: Segment[] = [];
  let pos = 0;
  const lines = text.split("\n");
  lines.forEach((l, i) => {
    const o = lineOrigins[i];
    const end = pos + l.length + (i < lines.length - 1 ? 1 : 0);
    if (end > pos) segs.push({ start: pos, end, origin: o ? { file: "", offset: 0, kind: "action", value: o } : null });
    pos = end;
  });
  return segs;
}
