/**
 * A fast, position-keeping parse path for the common Kubernetes subset of YAML.
 *
 * One hand-written pass over the text gives, per document, the plain value exactly as
 * `parseAllDocuments(text, YAML_OPTIONS)` + `toJS(TO_JS_OPTIONS)` gives it, the duplicate keys the
 * `yaml` package reports, and a compact position index (flat typed arrays) that `locate()` reads to
 * give the same ranges the `yaml` AST gives. The ranges follow the `yaml` CST's rules for where
 * comments attach (a collection's end runs through the comments its last value owns).
 *
 * Anything outside the subset (anchors, aliases, tags, directives, merge keys, complex or
 * non-string keys, tabs, control characters, syntax errors and other oddities) makes the whole
 * FILE bail out: `fastParse` returns undefined and the caller parses with `yaml` instead. It never
 * guesses: when a case is not certainly the same as `yaml`, it bails.
 */
import { Document, isScalar } from "yaml";
import { YAML_OPTIONS } from "./yaml-options.js";

/** Thrown (allocated once) to leave the scanner when the text is outside the subset. */
const BAIL_ERROR: Error = new Error("fast-yaml: outside the supported subset");
/** With FAST_YAML_DEBUG set, every bail-out carries its own stack (to see which rule refused a file). */
const DEBUG = typeof process !== "undefined" && process.env.FAST_YAML_DEBUG !== undefined;
class Bail extends Error {}
const BAIL_GETTER = { get value(): Error { return DEBUG ? new Bail("fast-yaml: outside the supported subset") : BAIL_ERROR; } };

const K_SCALAR = 0;
const K_MAP = 1;
const K_SEQ = 2;
/** Node record: kind, start, end (range[1]), first entry, entry count. */
const NODE = 5;
/** Entry record: key start, key end, child node (sequences: -1, -1, child). */
const ENTRY = 3;

/** Positions of one file's documents: flat arrays shared by the documents of the file. */
export class FastIndex {
  constructor(
    readonly nodes: Int32Array,
    readonly entries: Int32Array,
    /** Key text per entry (as `locate` compares it: the key's value as a string); "" for sequence items. */
    readonly keys: readonly string[],
  ) {}

  kind(node: number): number {
    return this.nodes[node * NODE] as number;
  }
  start(node: number): number {
    return this.nodes[node * NODE + 1] as number;
  }
  end(node: number): number {
    return this.nodes[node * NODE + 2] as number;
  }

  /**
   * The span of a path, as `locate` computes it on the `yaml` AST: the start of the key of the last
   * segment that exists (a sequence item: its node), through the end of its value.
   */
  span(root: number, path: readonly (string | number)[]): { start: number; end: number; depth: number } {
    let cur = root;
    let start = this.start(root);
    let end = this.end(root);
    let depth = 0;
    const nodes = this.nodes;
    const entries = this.entries;
    for (const seg of path) {
      const k = nodes[cur * NODE] as number;
      const first = nodes[cur * NODE + 3] as number;
      const count = nodes[cur * NODE + 4] as number;
      if (k === K_MAP) {
        const name = String(seg);
        let hit = -1;
        for (let e = first; e < first + count; e++) if (this.keys[e] === name) hit = e;
        if (hit < 0) break;
        const child = entries[hit * ENTRY + 2] as number;
        start = entries[hit * ENTRY] as number;
        end = Math.max(entries[hit * ENTRY + 1] as number, this.end(child));
        cur = child;
      } else if (k === K_SEQ && typeof seg === "number") {
        if (!Number.isInteger(seg) || seg < 0 || seg >= count) break;
        const child = entries[(first + seg) * ENTRY + 2] as number;
        start = this.start(child);
        end = this.end(child);
        cur = child;
      } else {
        break;
      }
      depth++;
    }
    return { start, end, depth };
  }

  /** The range of the first top-level key with this text, as `assemble` reads it from the AST. */
  topKey(root: number, name: string): { start: number; end: number } | undefined {
    if (this.kind(root) !== K_MAP) return undefined;
    const first = this.nodes[root * NODE + 3] as number;
    const count = this.nodes[root * NODE + 4] as number;
    for (let e = first; e < first + count; e++) {
      if (this.keys[e] === name) return { start: this.entries[e * ENTRY] as number, end: this.entries[e * ENTRY + 1] as number };
    }
    return undefined;
  }
}

export interface FastDocument {
  value: unknown;
  /** Root node in the file's index. */
  root: number;
  /** Offset of the document's content (`contents.range[0]`). */
  contentStart: number;
  /** `doc.range[1]` of the `yaml` document (the end of its contents, comments included). */
  rangeEnd: number;
}

export interface FastParse {
  index: FastIndex;
  documents: FastDocument[];
  /** Offsets of repeated keys (the `DUPLICATE_KEY` error position), per document. */
  duplicates: number[][];
}

// ---------------------------------------------------------------------------------------------
// Scalar resolution: the very tags of the configured schema, so resolution is `yaml`'s own.

interface ScalarTag {
  test?: RegExp;
  default?: boolean | "key";
  resolve: (value: string, onError: (msg: string) => void, options: unknown) => unknown;
}

const schemaDoc = new Document(null, YAML_OPTIONS);
const TAGS = (schemaDoc.schema.tags as unknown as ScalarTag[]).filter((t) => t.default === true && t.test instanceof RegExp);
const TAG_OPTIONS = schemaDoc.options;
let resolveFailed = false;
const onResolveError = () => {
  resolveFailed = true;
};

/**
 * First characters a plain scalar needs to resolve to anything but a string under the 1.1 tags
 * (null `~`/`null`, booleans `y`/`n`/`yes`/`on`/`off`/`true`/`false`, numbers `0-9 + - .`).
 */
const MAYBE_TYPED = new Uint8Array(128);
for (const c of "~nNyYtTfFoO0123456789+-.") MAYBE_TYPED[c.charCodeAt(0)] = 1;

function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  if (c < 128 && MAYBE_TYPED[c] === 0) return s;
  if (c >= 128) return s;
  for (const tag of TAGS) {
    if ((tag.test as RegExp).test(s)) {
      const r = tag.resolve(s, onResolveError, TAG_OPTIONS);
      if (resolveFailed) {
        resolveFailed = false;
        throw BAIL_GETTER.value;
      }
      return isScalar(r) ? r.value : r;
    }
  }
  return s;
}

// ---------------------------------------------------------------------------------------------

const LF = 10;
const CR = 13;
const SP = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DOT = 46;
const SQ = 39;
const DQ = 34;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const PIPE = 124;
const GT = 62;
const BACKSLASH = 92;
const QUESTION = 63;

/** Characters that may not start a plain scalar here (indicators this path does not take). */
const BAD_PLAIN_START = new Uint8Array(128);
for (const c of ",[]{}#&*!|>'\"%@`") BAD_PLAIN_START[c.charCodeAt(0)] = 1;

/** Text the scanner refuses outright: tabs, control characters, NEL, LS/PS, a BOM past the start, a CR without LF. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const REFUSED = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]|\r(?!\n)/;

const DQ_ESCAPES: Record<string, string> = {
  "0": "\0", a: "\x07", b: "\b", e: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
  N: "\u0085", _: "\u00a0", L: "\u2028", P: "\u2029", " ": " ", '"': '"', "/": "/", "\\": "\\",
};

class Scanner {
  private readonly n: number;
  private readonly hasCR: boolean;
  // index under construction
  private nodes = new Int32Array(1024);
  private nn = 0;
  private entries = new Int32Array(1024);
  private ne = 0;
  private readonly keys: string[] = [];
  /** Entries of the collections still open, flushed in one block when each closes. */
  private readonly tmp: number[] = [];
  private readonly tmpKeys: string[] = [];
  private dups: number[] = [];

  // results of the last value parsed
  private value: unknown = null;
  private end1 = 0;
  private end2 = 0;

  // the next content line, found after the last value: its start, indent and first character
  /** Start of the next content line, or -1 at a document boundary / end of text. */
  private lineStart = -1;
  private lineIndent = 0;
  private content = 0;
  /** Where the trivia before the next content (or boundary) end: the start of that content token. */
  private triviaEnd = 0;
  // the pending comment-only item (`P` of the `yaml` CST) that travels up as collections close
  private pHasComment = false;
  private pMaxIndent = -1;
  /** Whether the last value parsed ends in an empty value (the rightmost node is a null with no text). */
  private lastEmpty = false;

  constructor(private readonly text: string) {
    this.n = text.length;
    this.hasCR = text.includes("\r");
  }

  run(): FastParse {
    const text = this.text;
    if (REFUSED.test(text.length > 0 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)) throw BAIL_GETTER.value;
    const documents: FastDocument[] = [];
    const duplicates: number[][] = [];
    let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let afterDocEnd = true; // at the stream start, or after `...`: a bare document may start
    for (;;) {
      // stream-level trivia
      p = this.skipBlankAndComments(p);
      if (p >= this.n) break;
      const c = text.charCodeAt(p);
      if (c === 0x25 /* % */) throw BAIL_GETTER.value;
      let contentStart: number;
      let root: number;
      let rangeEnd: number;
      this.dups = [];
      if (this.isMarker(p, DASH)) {
        // `---`: nothing but a comment may follow on its line
        let q = p + 3;
        while (q < this.n && text.charCodeAt(q) === SP) q++;
        const afterMarker = q;
        let hasComment = false;
        if (q < this.n && text.charCodeAt(q) === HASH) {
          if (q === p + 3) throw BAIL_GETTER.value;
          hasComment = true;
        } else if (!this.atLineEnd(q)) {
          throw BAIL_GETTER.value;
        }
        const next = this.nextLine(q);
        this.findContent(next);
        if (this.lineStart < 0) {
          // an empty document: a null placed after the marker
          if (this.atDocEndMarker()) throw BAIL_GETTER.value;
          hasComment ||= this.commentsBetween(next, this.triviaEnd);
          contentStart = afterMarker;
          rangeEnd = hasComment ? this.triviaEnd : afterMarker;
          root = this.scalarNode(afterMarker, afterMarker);
          documents.push({ value: null, root, contentStart, rangeEnd });
          duplicates.push(this.dups);
          p = this.lineStartOrEnd();
          afterDocEnd = false;
          continue;
        }
      } else if (this.isMarker(p, DOT)) {
        throw BAIL_GETTER.value; // `...` with no document before it
      } else {
        if (!afterDocEnd) throw BAIL_GETTER.value;
        this.findContent(p);
        if (this.lineStart < 0) throw BAIL_GETTER.value;
      }
      if (this.lineIndent !== 0) throw BAIL_GETTER.value;
      contentStart = this.content;
      this.pHasComment = false;
      this.pMaxIndent = -1;
      root = this.blockNode(-1, 0);
      if (this.lineStart >= 0) throw BAIL_GETTER.value; // content left over at the document level
      rangeEnd = this.end2;
      documents.push({ value: this.value, root, contentStart, rangeEnd });
      duplicates.push(this.dups);
      p = this.lineStartOrEnd();
      afterDocEnd = false;
      if (p < this.n && this.isMarker(p, DOT)) {
        // `...`: only a comment may follow on its line; what follows is the stream again
        let q = p + 3;
        while (q < this.n && text.charCodeAt(q) === SP) q++;
        if (q < this.n && text.charCodeAt(q) === HASH) {
          if (q === p + 3) throw BAIL_GETTER.value;
        } else if (!this.atLineEnd(q)) {
          throw BAIL_GETTER.value;
        }
        p = this.nextLine(q);
        afterDocEnd = true;
      }
    }
    const index = new FastIndex(this.nodes.slice(0, this.nn * NODE), this.entries.slice(0, this.ne * ENTRY), this.keys);
    return { index, documents, duplicates };
  }

  // -------------------------------------------------------------------------------------------
  // lines

  private atLineEnd(p: number): boolean {
    if (p >= this.n) return true;
    const c = this.text.charCodeAt(p);
    return c === LF || c === CR;
  }

  /** The start of the line after the one holding p (n at the end of text). */
  private nextLine(p: number): number {
    const i = this.text.indexOf("\n", p);
    return i < 0 ? this.n : i + 1;
  }

  /** `---` or `...` at p (a line start), followed by white space or the end. */
  private isMarker(p: number, ch: number): boolean {
    const t = this.text;
    if (t.charCodeAt(p) !== ch || t.charCodeAt(p + 1) !== ch || t.charCodeAt(p + 2) !== ch) return false;
    const c = p + 3 < this.n ? t.charCodeAt(p + 3) : LF;
    return c === SP || c === LF || c === CR;
  }

  private skipBlankAndComments(p: number): number {
    const t = this.text;
    while (p < this.n) {
      let q = p;
      while (q < this.n && t.charCodeAt(q) === SP) q++;
      if (q >= this.n) return this.n;
      const c = t.charCodeAt(q);
      if (c === LF || c === CR || c === HASH) {
        p = this.nextLine(q);
        continue;
      }
      return p;
    }
    return p;
  }

  /** Whether any comment line lies in [from, to). */
  private commentsBetween(from: number, to: number): boolean {
    const i = this.text.indexOf("#", from);
    return i >= 0 && i < to;
  }

  /**
   * From a line start, skips blank and comment lines to the next content line and sets
   * lineStart/lineIndent/content/triviaEnd (lineStart -1 at `---`, `...` or the end of text).
   */
  private findContent(p: number): void {
    const t = this.text;
    for (;;) {
      if (p >= this.n) {
        this.lineStart = -1;
        this.triviaEnd = this.n;
        return;
      }
      let q = p;
      while (q < this.n && t.charCodeAt(q) === SP) q++;
      if (q >= this.n) {
        this.lineStart = -1;
        this.triviaEnd = this.n;
        return;
      }
      const c = t.charCodeAt(q);
      if (c === LF || c === CR || c === HASH) {
        p = this.nextLine(q);
        continue;
      }
      if (q === p && (this.isMarker(p, DASH) || this.isMarker(p, DOT))) {
        this.lineStart = -1;
        this.triviaEnd = p;
        this.content = p;
        return;
      }
      this.lineStart = p;
      this.lineIndent = q - p;
      this.content = q;
      this.triviaEnd = q;
      return;
    }
  }

  private atDocEndMarker(): boolean {
    return this.triviaEnd < this.n && this.isMarker(this.triviaEnd, DOT) && this.lineStart < 0;
  }

  private lineStartOrEnd(): number {
    return this.lineStart >= 0 ? this.lineStart : this.triviaEnd;
  }

  /**
   * After a value that owns an `end` token list (a flow scalar or flow collection) in a block
   * collection at `indent`, with p at the start of the next line: the comment lines indented deeper
   * than the collection join the value's end until a comment at or left of the collection's indent;
   * the rest is the pending item. Sets end2 (when extended) and the pending item, and finds the next content.
   */
  private trailingOwned(p: number, indent: number): void {
    const t = this.text;
    let attaching = true;
    this.pHasComment = false;
    this.pMaxIndent = -1;
    for (;;) {
      let q = p;
      while (q < this.n && t.charCodeAt(q) === SP) q++;
      if (q >= this.n) break;
      const c = t.charCodeAt(q);
      if (c === LF || c === CR) {
        p = this.nextLine(q);
        continue;
      }
      if (c !== HASH) break;
      const ind = q - p;
      const next = this.nextLine(q);
      if (attaching && ind > indent) {
        this.end2 = next;
      } else {
        attaching = false;
        this.pHasComment = true;
        if (ind > this.pMaxIndent) this.pMaxIndent = ind;
      }
      p = next;
    }
    this.findContent(p);
  }

  /** After a value that owns no end tokens (a block scalar): every later comment is pending. */
  private trailingPending(p: number): void {
    const t = this.text;
    this.pHasComment = false;
    this.pMaxIndent = -1;
    for (;;) {
      let q = p;
      while (q < this.n && t.charCodeAt(q) === SP) q++;
      if (q >= this.n) break;
      const c = t.charCodeAt(q);
      if (c === LF || c === CR) {
        p = this.nextLine(q);
        continue;
      }
      if (c !== HASH) break;
      this.pHasComment = true;
      if (q - p > this.pMaxIndent) this.pMaxIndent = q - p;
      p = this.nextLine(q);
    }
    this.findContent(p);
  }

  /** A collection at `indent` closes: its pending comment item stays (and ends it) or moves up. */
  private closePending(indent: number, end1: number): number {
    if (this.pHasComment && indent !== 0 && this.pMaxIndent >= indent) {
      this.pHasComment = false;
      this.pMaxIndent = -1;
      return this.triviaEnd;
    }
    return end1;
  }

  // -------------------------------------------------------------------------------------------
  // index

  private newNode(kind: number, start: number): number {
    if ((this.nn + 1) * NODE > this.nodes.length) {
      const grown = new Int32Array(this.nodes.length * 2);
      grown.set(this.nodes);
      this.nodes = grown;
    }
    const id = this.nn++;
    const o = id * NODE;
    this.nodes[o] = kind;
    this.nodes[o + 1] = start;
    this.nodes[o + 2] = start;
    this.nodes[o + 3] = 0;
    this.nodes[o + 4] = 0;
    return id;
  }

  private scalarNode(start: number, end: number): number {
    this.lastEmpty = false;
    const id = this.newNode(K_SCALAR, start);
    this.nodes[id * NODE + 2] = end;
    return id;
  }

  private closeNode(id: number, end: number, base: number): void {
    const tmp = this.tmp;
    const count = (tmp.length - base) / ENTRY;
    if ((this.ne + count) * ENTRY > this.entries.length) {
      let size = this.entries.length * 2;
      while ((this.ne + count) * ENTRY > size) size *= 2;
      const grown = new Int32Array(size);
      grown.set(this.entries);
      this.entries = grown;
    }
    const o = id * NODE;
    this.nodes[o + 2] = end;
    this.nodes[o + 3] = this.ne;
    this.nodes[o + 4] = count;
    const entries = this.entries;
    let w = this.ne * ENTRY;
    for (let i = base; i < tmp.length; i++) entries[w++] = tmp[i] as number;
    const kb = base / ENTRY;
    for (let i = kb; i < this.tmpKeys.length; i++) this.keys.push(this.tmpKeys[i] as string);
    this.ne += count;
    tmp.length = base;
    this.tmpKeys.length = kb;
  }

  // -------------------------------------------------------------------------------------------
  // block nodes

  /**
   * A node that starts on its own line (the current content line), as the value of a collection
   * at `parentIndent` (-1 at the document level). `seqHere`: a block sequence at the parent's own
   * indent is this node (a map value's compact sequence).
   */
  private blockNode(parentIndent: number, indentNext: number): number {
    const t = this.text;
    const p = this.content;
    const c = t.charCodeAt(p);
    const ind = this.lineIndent;
    if (c === DASH && this.isIndicator(p + 1)) return this.blockSeq(ind, p);
    if (c === LBRACKET || c === LBRACE) {
      if (parentIndent < 0) {
        // a document that is one flow collection (JSON): only its own line's comment is its own
        const id = this.flow(p, 0, true);
        let q = this.end1;
        while (q < this.n && t.charCodeAt(q) === SP) q++;
        if (q < this.n && t.charCodeAt(q) === HASH) {
          if (q === this.end1) throw BAIL_GETTER.value;
        } else if (!this.atLineEnd(q)) {
          throw BAIL_GETTER.value;
        }
        const next = this.nextLine(q);
        this.end2 = next;
        this.findContent(next);
        return id;
      }
      // a flow collection on a line of its own (`resources:` then `{}` below, as `toYaml` writes it)
      const id = this.flow(p, indentNext, false);
      this.afterInline(this.end1, parentIndent);
      return id;
    }
    if (this.keyEnd(p) >= 0) return this.blockMap(ind, p);
    if (parentIndent < 0) throw BAIL_GETTER.value; // a scalar document
    // a scalar on a line of its own
    if (c === SQ || c === DQ) {
      const id = this.quoted(p, indentNext);
      this.afterInline(this.end1, parentIndent);
      return id;
    }
    if (c === PIPE || c === GT) throw BAIL_GETTER.value;
    const id = this.plain(p, indentNext);
    this.afterInline(this.end1, parentIndent);
    return id;
  }

  /** `-`, `?` or `:` at p-1 is an indicator when white space or the end follows. */
  private isIndicator(p: number): boolean {
    if (p >= this.n) return true;
    const c = this.text.charCodeAt(p);
    return c === SP || c === LF || c === CR;
  }

  /**
   * If a block mapping key starts at p (on one line, followed by `: ` or `:` at the line end),
   * the offset of its `:`; else -1. Bails on keys this path does not take.
   */
  private keyEnd(p: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === SQ || c === DQ) {
      const close = this.quoteClose(p);
      if (close < 0) return -1;
      let q = close + 1;
      while (q < this.n && t.charCodeAt(q) === SP) q++;
      if (q < this.n && t.charCodeAt(q) === COLON && this.isIndicator(q + 1)) return q;
      return -1;
    }
    if (c === HASH || c === LBRACKET || c === LBRACE || c === PIPE || c === GT) return -1;
    for (let i = p; i < this.n; i++) {
      const ch = t.charCodeAt(i);
      if (ch === COLON) {
        if (this.isIndicator(i + 1)) return i === p ? -2 : i;
      } else if (ch === LF || ch === CR) {
        return -1;
      } else if (ch === SP && t.charCodeAt(i + 1) === HASH) {
        return -1;
      }
    }
    return -1;
  }

  /** The closing quote of a quoted scalar that opens at p, on the same line; -1 if none there. */
  private quoteClose(p: number): number {
    const t = this.text;
    const q = t.charCodeAt(p);
    for (let i = p + 1; i < this.n; i++) {
      const ch = t.charCodeAt(i);
      if (ch === LF || ch === CR) return -1;
      if (q === SQ) {
        if (ch === SQ) {
          if (t.charCodeAt(i + 1) === SQ) i++;
          else return i;
        }
      } else if (ch === BACKSLASH) {
        i++;
      } else if (ch === DQ) {
        return i;
      }
    }
    return -1;
  }

  private blockMap(indent: number, first: number): number {
    const t = this.text;
    const id = this.newNode(K_MAP, first);
    const base = this.tmp.length;
    const obj: Record<string, unknown> = {};
    let p = first;
    let end1 = first;
    for (;;) {
      // the key
      const colon = this.keyEnd(p);
      if (colon < 0) throw BAIL_GETTER.value;
      let key: string;
      let keyEndOff: number;
      const c = t.charCodeAt(p);
      if (c === SQ || c === DQ) {
        const close = this.quoteClose(p);
        key = this.quotedValue(p, close);
        keyEndOff = close + 1;
      } else {
        if (c < 128 && BAD_PLAIN_START[c] === 1) throw BAIL_GETTER.value;
        if ((c === DASH || c === QUESTION || c === COLON) && this.isIndicator(p + 1)) throw BAIL_GETTER.value;
        let e = colon;
        while (t.charCodeAt(e - 1) === SP) e--;
        const raw = t.slice(p, e);
        if (raw === "<<" || raw.length > 1000) throw BAIL_GETTER.value;
        const k = resolvePlain(raw);
        if (typeof k !== "string") throw BAIL_GETTER.value;
        key = k;
        keyEndOff = e;
      }
      if (key === "__proto__") throw BAIL_GETTER.value;
      if (Object.prototype.hasOwnProperty.call(obj, key)) {
        // `yaml` places the error at the end of the previous value when no token lies between them:
        // the same offset, unless that value ends in an empty value (whose position is after its `:`)
        if (this.lastEmpty) throw BAIL_GETTER.value;
        this.dups.push(p);
      }
      // the value
      let q = colon + 1;
      while (q < this.n && t.charCodeAt(q) === SP) q++;
      let child: number;
      if (this.atLineEnd(q) || t.charCodeAt(q) === HASH) {
        if (t.charCodeAt(q) === HASH && q === colon + 1) throw BAIL_GETTER.value;
        const next = this.nextLine(q);
        this.findContent(next);
        const ls = this.lineStart;
        if (ls >= 0 && (this.lineIndent > indent || (this.lineIndent === indent && t.charCodeAt(this.content) === DASH && this.isIndicator(this.content + 1)))) {
          if (this.lineIndent === indent) child = this.blockSeq(indent, this.content);
          else child = this.blockNode(indent, indent + 1);
        } else {
          // an empty value: null after the `:` and its spaces; the comments up to the next content are its own
          const hasComment = t.charCodeAt(q) === HASH || this.commentsBetween(next, this.triviaEnd);
          if (this.atDocEndMarker()) throw BAIL_GETTER.value;
          child = this.scalarNode(q, q);
          this.value = null;
          this.end1 = q;
          this.end2 = hasComment ? this.triviaEnd : q;
          this.pHasComment = false;
          this.pMaxIndent = -1;
          this.lastEmpty = true;
        }
      } else {
        child = this.inline(q, indent, indent + 1);
      }
      this.tmp.push(p, keyEndOff, child);
      this.tmpKeys.push(key);
      obj[key] = this.value;
      end1 = this.end2;
      // the next key, or the end of the map
      if (this.lineStart < 0 || this.lineIndent < indent) break;
      if (this.lineIndent > indent) throw BAIL_GETTER.value;
      if (t.charCodeAt(this.content) === DASH && this.isIndicator(this.content + 1)) throw BAIL_GETTER.value;
      this.pHasComment = false;
      this.pMaxIndent = -1;
      p = this.content;
    }
    this.closeNode(id, end1, base);
    this.value = obj;
    this.end1 = end1;
    this.end2 = this.closePending(indent, end1);
    return id;
  }

  private blockSeq(indent: number, first: number): number {
    const t = this.text;
    const id = this.newNode(K_SEQ, first);
    const base = this.tmp.length;
    const arr: unknown[] = [];
    let p = first;
    let end1 = first;
    for (;;) {
      // p at `-`
      let q = p + 1;
      while (q < this.n && t.charCodeAt(q) === SP) q++;
      let child: number;
      if (this.atLineEnd(q) || t.charCodeAt(q) === HASH) {
        if (t.charCodeAt(q) === HASH && q === p + 1) throw BAIL_GETTER.value;
        const next = this.nextLine(q);
        this.findContent(next);
        if (this.lineStart >= 0 && this.lineIndent > indent) {
          child = this.blockNode(indent, indent + 1);
        } else {
          const hasComment = t.charCodeAt(q) === HASH || this.commentsBetween(next, this.triviaEnd);
          if (this.atDocEndMarker()) throw BAIL_GETTER.value;
          child = this.scalarNode(q, q);
          this.value = null;
          this.end1 = q;
          this.end2 = hasComment ? this.triviaEnd : q;
          this.pHasComment = false;
          this.pMaxIndent = -1;
          this.lastEmpty = true;
        }
      } else {
        const col = q - this.lineStartOf(q);
        const c = t.charCodeAt(q);
        if (c === DASH && this.isIndicator(q + 1)) {
          this.lineIndent = col;
          child = this.blockSeq(col, q);
        } else if (c !== LBRACKET && c !== LBRACE && this.keyEnd(q) >= 0) {
          child = this.blockMap(col, q);
        } else {
          child = this.inline(q, indent, indent + 1);
        }
      }
      this.tmp.push(-1, -1, child);
      this.tmpKeys.push("");
      arr.push(this.value);
      end1 = this.end2;
      if (this.lineStart < 0 || this.lineIndent < indent) break;
      if (this.lineIndent > indent) throw BAIL_GETTER.value;
      if (!(t.charCodeAt(this.content) === DASH && this.isIndicator(this.content + 1))) break; // the parent's next key
      this.pHasComment = false;
      this.pMaxIndent = -1;
      p = this.content;
    }
    this.closeNode(id, end1, base);
    this.value = arr;
    this.end1 = end1;
    this.end2 = this.closePending(indent, end1);
    return id;
  }

  private lineStartOf(p: number): number {
    return this.text.lastIndexOf("\n", p - 1) + 1;
  }

  /**
   * A value that starts on the line of its key or dash, at q, in a collection at `indent`:
   * a flow scalar, a flow collection or a block scalar.
   */
  private inline(q: number, indent: number, indentNext: number): number {
    const t = this.text;
    const c = t.charCodeAt(q);
    if (c === PIPE || c === GT) return this.blockScalar(q, indent, indentNext);
    if (c === LBRACKET || c === LBRACE) {
      const id = this.flow(q, indentNext, false);
      this.afterInline(this.end1, indent);
      return id;
    }
    let id: number;
    if (c === SQ || c === DQ) id = this.quoted(q, indentNext);
    else id = this.plain(q, indentNext);
    this.afterInline(this.end1, indent);
    return id;
  }

  /** After a flow scalar ending at `end`: the rest of its line (a comment at most), then trailing comments. */
  private afterInline(end: number, indent: number): void {
    const t = this.text;
    let q = end;
    while (q < this.n && t.charCodeAt(q) === SP) q++;
    if (q < this.n && t.charCodeAt(q) === HASH) {
      if (q === end) throw BAIL_GETTER.value;
    } else if (!this.atLineEnd(q)) {
      throw BAIL_GETTER.value; // `a: b: c`, text after a closing quote, ...
    }
    const next = this.nextLine(q);
    this.end2 = next;
    this.trailingOwned(next, indent);
  }

  /** A plain scalar in block context at p; continuation lines need an indent of at least indentNext. */
  private plain(p: number, indentNext: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c < 128 && BAD_PLAIN_START[c] === 1) throw BAIL_GETTER.value;
    if ((c === DASH || c === QUESTION || c === COLON) && this.isIndicator(p + 1)) throw BAIL_GETTER.value;
    let end = this.plainLineEnd(p);
    const raw = t.slice(p, end);
    // continuation lines
    let folded: string | undefined;
    for (;;) {
      let q = end;
      while (q < this.n && t.charCodeAt(q) === SP) q++;
      if (!this.atLineEnd(q) || q >= this.n) break;
      // at a line end: look past blank lines for a more-indented continuation
      let l = this.nextLine(q);
      let blanks = 0;
      let found = -1;
      while (l < this.n) {
        let r = l;
        while (r < this.n && t.charCodeAt(r) === SP) r++;
        if (r >= this.n) break;
        const ch = t.charCodeAt(r);
        if (ch === LF || ch === CR) {
          blanks++;
          l = this.nextLine(r);
          continue;
        }
        if (r - l >= indentNext && indentNext > 0 && ch !== HASH) found = r;
        break;
      }
      if (found < 0) break;
      if (this.hasCR) throw BAIL_GETTER.value;
      const ch = t.charCodeAt(found);
      if (ch < 128 && BAD_PLAIN_START[ch] === 1) throw BAIL_GETTER.value;
      if (ch === DASH) throw BAIL_GETTER.value;
      const e = this.plainLineEnd(found);
      // `: ` on a continuation line ends the scalar there: an implicit key over two lines
      let z = e;
      while (z < this.n && t.charCodeAt(z) === SP) z++;
      if (z < this.n && t.charCodeAt(z) === COLON) throw BAIL_GETTER.value;
      folded = (folded ?? raw) + (blanks === 0 ? " " : "\n".repeat(blanks)) + t.slice(found, e);
      end = e;
    }
    this.end1 = end;
    this.value = resolvePlain(folded ?? raw);
    return this.scalarNode(p, end);
  }

  /** The end (exclusive) of the content of a plain scalar on the line of p: before `: `, ` #` or the line end, trailing spaces dropped. */
  private plainLineEnd(p: number): number {
    const t = this.text;
    let end = p;
    for (let i = p; i < this.n; i++) {
      const ch = t.charCodeAt(i);
      if (ch === LF || ch === CR) break;
      if (ch === SP) {
        if (t.charCodeAt(i + 1) === HASH) break;
        continue;
      }
      if (ch === COLON && this.isIndicator(i + 1)) break;
      end = i + 1;
    }
    return end;
  }

  /** A quoted scalar (single line) in block context. */
  private quoted(p: number, _indentNext: number): number {
    const close = this.quoteClose(p);
    if (close < 0) throw BAIL_GETTER.value; // multi-line quoted scalars go to `yaml`
    this.value = this.quotedValue(p, close);
    this.end1 = close + 1;
    return this.scalarNode(p, close + 1);
  }

  private quotedValue(p: number, close: number): string {
    const t = this.text;
    if (t.charCodeAt(p) === SQ) {
      const s = t.slice(p + 1, close);
      return s.includes("''") ? s.replace(/''/g, "'") : s;
    }
    const s = t.slice(p + 1, close);
    if (!s.includes("\\")) return s;
    let out = "";
    for (let i = 0; i < s.length; i++) {
      const ch = s[i] as string;
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const next = s[++i];
      if (next === undefined) throw BAIL_GETTER.value;
      const esc = DQ_ESCAPES[next];
      if (esc !== undefined) {
        out += esc;
      } else if (next === "x" || next === "u" || next === "U") {
        const len = next === "x" ? 2 : next === "u" ? 4 : 8;
        const hex = s.substr(i + 1, len);
        if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) throw BAIL_GETTER.value;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) throw BAIL_GETTER.value;
        out += String.fromCodePoint(code);
        i += len;
      } else {
        throw BAIL_GETTER.value;
      }
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // block scalars: the `yaml` lexer's extent and its resolveBlockScalar, for space-indented text

  private blockScalar(h: number, indent: number, lexIndentNext: number): number {
    const t = this.text;
    const literal = t.charCodeAt(h) === PIPE;
    let chomp = "";
    let explicit = 0;
    let i = h + 1;
    for (; i < this.n; i++) {
      const ch = t.charCodeAt(i);
      if ((ch === DASH || ch === 43) && chomp === "") chomp = ch === DASH ? "-" : "+";
      else if (ch >= 49 && ch <= 57 && explicit === 0) explicit = ch - 48;
      else break;
    }
    if (!this.atLineEnd(i) && t.charCodeAt(i) !== SP) throw BAIL_GETTER.value;
    while (i < this.n && t.charCodeAt(i) === SP) i++;
    if (i < this.n && t.charCodeAt(i) === HASH) {
      // a comment on the header line (after white space)
      const e = t.indexOf("\n", i);
      i = e < 0 ? this.n : e;
      if (t.charCodeAt(i - 1) === CR) i--;
    }
    if (!this.atLineEnd(i)) throw BAIL_GETTER.value;
    if (i >= this.n) throw BAIL_GETTER.value;
    const pos = this.nextLine(i);
    if (this.hasCR) throw BAIL_GETTER.value;
    // the lexer: where the scalar ends
    let nl = pos - 1;
    let ind = 0;
    let k = pos;
    for (; k < this.n; k++) {
      const ch = t.charCodeAt(k);
      if (ch === SP) ind++;
      else if (ch === LF) {
        nl = k;
        ind = 0;
      } else break;
    }
    let indentNext = lexIndentNext;
    if (ind >= indentNext) {
      indentNext = explicit === 0 ? ind : explicit - 1 + (indentNext === 0 ? 1 : indentNext);
      for (;;) {
        const cs = this.continueBlock(nl + 1, indentNext);
        if (cs < 0) break;
        nl = t.indexOf("\n", cs);
        if (nl < 0) break;
      }
      if (nl < 0) nl = this.n;
    }
    if (chomp !== "+") {
      for (;;) {
        let j = nl - 1;
        const lastChar = j;
        while (t.charCodeAt(j) === SP) j--;
        if (t.charCodeAt(j) === LF && j >= pos && j + 1 + ind > lastChar) nl = j;
        else break;
      }
    }
    const source = t.slice(pos, Math.min(nl + 1, this.n));
    const end = pos + source.length;
    this.value = resolveBlock(source, literal, chomp, explicit, indent);
    this.end1 = end;
    this.end2 = end;
    const id = this.scalarNode(h, end);
    this.trailingPending(end);
    return id;
  }

  private continueBlock(offset: number, indentNext: number): number {
    const t = this.text;
    if (offset >= this.n) return -1;
    let ind = 0;
    while (t.charCodeAt(offset + ind) === SP) ind++;
    const ch = offset + ind < this.n ? t.charCodeAt(offset + ind) : -1;
    if (indentNext > 0) return ch === LF || ind >= indentNext ? offset + ind : -1;
    throw BAIL_GETTER.value;
  }

  // -------------------------------------------------------------------------------------------
  // flow collections (JSON-like): single-line scalars, no implicit pairs, no empty entries

  private flowIndentNext = 0;
  private flowRoot = false;

  private flow(p: number, indentNext: number, root: boolean): number {
    this.flowIndentNext = indentNext;
    this.flowRoot = root;
    const id = this.flowCollection(p, 1);
    return id;
  }

  /** Skips spaces, newlines and comments inside a flow collection, checking line indents. */
  private flowSpace(p: number, level: number): number {
    const t = this.text;
    for (;;) {
      if (p >= this.n) throw BAIL_GETTER.value;
      const c = t.charCodeAt(p);
      if (c === SP) {
        p++;
      } else if (c === LF || c === CR) {
        if (c === CR) p++;
        p++;
        const ls = p;
        while (p < this.n && t.charCodeAt(p) === SP) p++;
        if (p >= this.n) throw BAIL_GETTER.value;
        const ch = t.charCodeAt(p);
        if (ch === LF || ch === CR || ch === HASH) continue;
        const ind = p - ls;
        if (this.flowRoot) {
          if (ind === 0 && (this.isMarker(ls, DASH) || this.isMarker(ls, DOT))) throw BAIL_GETTER.value;
        } else if (ind < this.flowIndentNext) {
          if (!(ind === this.flowIndentNext - 1 && level === 1 && (ch === RBRACKET || ch === RBRACE))) throw BAIL_GETTER.value;
        }
      } else if (c === HASH) {
        const prev = t.charCodeAt(p - 1);
        if (prev !== SP && prev !== LF) throw BAIL_GETTER.value;
        const e = t.indexOf("\n", p);
        if (e < 0) throw BAIL_GETTER.value;
        p = e;
      } else {
        return p;
      }
    }
  }

  private flowCollection(p: number, level: number): number {
    const t = this.text;
    const isMap = t.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const id = this.newNode(isMap ? K_MAP : K_SEQ, p);
    const base = this.tmp.length;
    const obj: Record<string, unknown> = {};
    const arr: unknown[] = [];
    let q = this.flowSpace(p + 1, level);
    let count = 0;
    for (;;) {
      if (t.charCodeAt(q) === close) break;
      if (count > 0) {
        if (t.charCodeAt(q) !== COMMA) throw BAIL_GETTER.value;
        q = this.flowSpace(q + 1, level);
        if (t.charCodeAt(q) === close) break; // a trailing comma
      }
      if (isMap) {
        const ks = q;
        const c = t.charCodeAt(q);
        let key: string;
        let ke: number;
        if (c === SQ || c === DQ) {
          const cq = this.quoteClose(q);
          if (cq < 0) throw BAIL_GETTER.value;
          key = this.quotedValue(q, cq);
          ke = cq + 1;
          q = ke;
          while (t.charCodeAt(q) === SP) q++;
          if (t.charCodeAt(q) !== COLON) throw BAIL_GETTER.value;
        } else {
          ke = this.flowPlainEnd(q);
          const raw = t.slice(q, ke);
          if (raw === "<<" || raw.length > 1000) throw BAIL_GETTER.value;
          const k = resolvePlain(raw);
          if (typeof k !== "string") throw BAIL_GETTER.value;
          key = k;
          q = ke;
          while (t.charCodeAt(q) === SP) q++;
          if (t.charCodeAt(q) !== COLON || !this.isIndicator(q + 1)) throw BAIL_GETTER.value;
        }
        if (key === "__proto__") throw BAIL_GETTER.value;
        if (Object.prototype.hasOwnProperty.call(obj, key)) this.dups.push(ks);
        q = this.flowSpace(q + 1, level);
        const vc = t.charCodeAt(q);
        if (vc === COMMA || vc === close) throw BAIL_GETTER.value; // an empty value
        const child = this.flowValue(q, level);
        this.tmp.push(ks, ke, child);
        this.tmpKeys.push(key);
        obj[key] = this.value;
        q = this.flowSpace(this.end1, level);
        if (t.charCodeAt(q) === COLON) throw BAIL_GETTER.value;
      } else {
        const vc = t.charCodeAt(q);
        if (vc === COMMA) throw BAIL_GETTER.value;
        const child = this.flowValue(q, level);
        this.tmp.push(-1, -1, child);
        this.tmpKeys.push("");
        arr.push(this.value);
        q = this.flowSpace(this.end1, level);
        if (t.charCodeAt(q) === COLON) throw BAIL_GETTER.value;
      }
      count++;
    }
    this.closeNode(id, q + 1, base);
    this.value = isMap ? obj : arr;
    this.end1 = q + 1;
    return id;
  }

  private flowValue(q: number, level: number): number {
    const t = this.text;
    const c = t.charCodeAt(q);
    if (c === LBRACKET || c === LBRACE) return this.flowCollection(q, level + 1);
    if (c === SQ || c === DQ) {
      const cq = this.quoteClose(q);
      if (cq < 0) throw BAIL_GETTER.value;
      this.value = this.quotedValue(q, cq);
      this.end1 = cq + 1;
      return this.scalarNode(q, cq + 1);
    }
    if (c === DASH && this.isIndicator(q + 1)) throw BAIL_GETTER.value;
    const e = this.flowPlainEnd(q);
    if (e === q) throw BAIL_GETTER.value;
    this.value = resolvePlain(t.slice(q, e));
    this.end1 = e;
    return this.scalarNode(q, e);
  }

  /** A plain scalar in flow context: ends at `,[]{}`, `: `, ` #` or the line end; bails on `:` inside or a continuation. */
  private flowPlainEnd(p: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    if ((c < 128 && BAD_PLAIN_START[c] === 1) || c === COLON || c === QUESTION || (c === DASH && this.isIndicator(p + 1))) throw BAIL_GETTER.value;
    let end = p;
    let i = p;
    for (; i < this.n; i++) {
      const ch = t.charCodeAt(i);
      if (ch === LF || ch === CR) break;
      if (ch === COMMA || ch === LBRACKET || ch === RBRACKET || ch === LBRACE || ch === RBRACE) break;
      if (ch === SP) {
        if (t.charCodeAt(i + 1) === HASH) break;
        continue;
      }
      if (ch === COLON) {
        const next = t.charCodeAt(i + 1);
        if (this.isIndicator(i + 1)) break;
        if (next === COMMA || next === LBRACKET || next === RBRACKET || next === LBRACE || next === RBRACE) throw BAIL_GETTER.value;
      }
      end = i + 1;
    }
    if (i < this.n && (t.charCodeAt(i) === LF || t.charCodeAt(i) === CR || t.charCodeAt(i) === SP)) {
      // the lexer would continue the scalar on the next line unless a flow indicator or comment comes first
      let j = i;
      while (j < this.n) {
        const ch = t.charCodeAt(j);
        if (ch === SP || ch === LF || ch === CR) j++;
        else break;
      }
      const ch = t.charCodeAt(j);
      if (t.slice(i, j).includes("\n") && !(ch === COMMA || ch === RBRACKET || ch === RBRACE || ch === HASH)) throw BAIL_GETTER.value;
    }
    return end;
  }
}

/** `resolveBlockScalar` of the `yaml` package for a space-indented block scalar's source lines. */
function resolveBlock(source: string, literal: boolean, chomp: string, explicit: number, parentIndent: number): string {
  const lines: [string, string][] = [];
  if (source) {
    const split = source.split(/\n( *)/);
    const first = split[0] as string;
    const m = /^( *)/.exec(first);
    lines.push(m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first]);
    for (let i = 1; i < split.length; i += 2) lines.push([split[i] as string, split[i + 1] as string]);
  }
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if ((lines[i] as [string, string])[1] === "") chompStart = i;
    else break;
  }
  if (chompStart === 0) {
    return chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
  }
  let trimIndent = parentIndent + explicit;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i] as [string, string];
    if (content === "") {
      if (explicit === 0 && indent.length > trimIndent) trimIndent = indent.length;
    } else {
      if (indent.length < trimIndent) throw BAIL_GETTER.value;
      if (explicit === 0) trimIndent = indent.length;
      contentStart = i;
      if (trimIndent === 0) throw BAIL_GETTER.value;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if ((lines[i] as [string, string])[0].length > trimIndent) chompStart = i + 1;
  }
  let value = "";
  let sep = "";
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += (lines[i] as [string, string])[0].slice(trimIndent) + "\n";
  for (let i = contentStart; i < chompStart; ++i) {
    const [indent, content] = lines[i] as [string, string];
    if (content && indent.length < trimIndent) throw BAIL_GETTER.value;
    if (literal) {
      value += sep + indent.slice(trimIndent) + content;
      sep = "\n";
    } else if (indent.length > trimIndent) {
      if (sep === " ") sep = "\n";
      else if (!prevMoreIndented && sep === "\n") sep = "\n\n";
      value += sep + indent.slice(trimIndent) + content;
      sep = "\n";
      prevMoreIndented = true;
    } else if (content === "") {
      if (sep === "\n") value += "\n";
      else sep = "\n";
    } else {
      value += sep + content;
      sep = " ";
      prevMoreIndented = false;
    }
  }
  switch (chomp) {
    case "-":
      break;
    case "+":
      for (let i = chompStart; i < lines.length; ++i) value += "\n" + (lines[i] as [string, string])[0].slice(trimIndent);
      if (value[value.length - 1] !== "\n") value += "\n";
      break;
    default:
      value += "\n";
  }
  return value;
}

/**
 * Parses a whole YAML 1.1 text on the fast path; undefined when anything in it is outside the
 * supported subset (the caller then parses it with `yaml`).
 */
/** The stack of the last bail-out (with FAST_YAML_DEBUG set). */
export let lastBail: string | undefined;

export function fastParse(text: string): FastParse | undefined {
  try {
    return new Scanner(text).run();
  } catch (e) {
    if (e === BAIL_ERROR || e instanceof RangeError) return undefined;
    if (e instanceof Bail) {
      lastBail = e.stack;
      return undefined;
    }
    throw e;
  }
}
