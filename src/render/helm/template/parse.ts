// Go text/template lexer and parser (the subset of syntax Go 1.24 accepts), with byte offsets on every node
// so rendered output can be mapped back to the template line that produced it.

export class TemplateParseError extends Error {
  constructor(message: string, readonly file: string, readonly offset: number) {
    super(message);
  }
}

export type Node =
  | TextNode | ActionNode | IfNode | RangeNode | WithNode | TemplateNode | BreakNode | ContinueNode;

export interface ListNode { kind: "list"; nodes: Node[]; pos: number }
export interface TextNode { kind: "text"; text: string; pos: number }
export interface ActionNode { kind: "action"; pipe: PipeNode; pos: number }
export interface BranchNode { pipe: PipeNode; list: ListNode; elseList: ListNode | null; pos: number }
export interface IfNode extends BranchNode { kind: "if" }
export interface RangeNode extends BranchNode { kind: "range" }
export interface WithNode extends BranchNode { kind: "with" }
export interface TemplateNode { kind: "template"; name: string; pipe: PipeNode | null; pos: number }
export interface BreakNode { kind: "break"; pos: number }
export interface ContinueNode { kind: "continue"; pos: number }

export interface PipeNode { kind: "pipe"; decl: string[]; isAssign: boolean; cmds: CommandNode[]; pos: number }
export interface CommandNode { kind: "command"; args: ArgNode[]; pos: number }
export type ArgNode =
  | { kind: "field"; idents: string[]; pos: number }
  | { kind: "variable"; idents: string[]; pos: number }
  | { kind: "chain"; node: ArgNode; fields: string[]; pos: number }
  | { kind: "identifier"; name: string; pos: number }
  | { kind: "dot"; pos: number }
  | { kind: "nil"; pos: number }
  | { kind: "bool"; value: boolean; pos: number }
  | { kind: "number"; value: bigint | number; text: string; pos: number }
  | { kind: "string"; value: string; pos: number }
  | PipeNode;

export interface ParsedTemplate { name: string; root: ListNode; defines: Map<string, ListNode>; source: string }

type TokType = "text" | "left" | "right" | "comment" | "space" | "field" | "variable" | "ident" | "keyword" | "bool" | "number"
  | "string" | "char" | "pipe" | "lparen" | "rparen" | "declare" | "assign" | "comma" | "dot" | "nil" | "eof";
interface Tok { t: TokType; v: string; pos: number; trimmed?: boolean }

const KEYWORDS = new Set(["block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"]);
const isSpace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isAlnum = (c: string) => /[\p{L}\p{Nd}_]/u.test(c);

function lex(src: string, file: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = src.length;
  let trimNextText = false;
  const err = (msg: string, at: number) => new TemplateParseError(msg, file, at);
  while (i < n || toks.length === 0) {
    const start = src.indexOf("{{", i);
    const textEnd = start < 0 ? n : start;
    let trimLeft = false;
    if (start >= 0 && src[start + 2] === "-" && isSpace(src[start + 3] ?? "")) trimLeft = true;
    let tStart = i;
    let tEnd = textEnd;
    if (trimNextText) while (tStart < tEnd && isSpace(src[tStart]!)) tStart++;
    if (trimLeft) while (tEnd > tStart && isSpace(src[tEnd - 1]!)) tEnd--;
    trimNextText = false;
    if (tEnd > tStart) toks.push({ t: "text", v: src.slice(tStart, tEnd), pos: tStart });
    if (start < 0) break;
    // inside action
    let p = start + 2 + (trimLeft ? 2 : 0);
    const actionPos = start;
    // comment
    if (src.startsWith("/*", p)) {
      const close = src.indexOf("*/", p + 2);
      if (close < 0) throw err("unclosed comment", start);
      p = close + 2;
      let trimRight = false;
      if (src.startsWith(" -}}", p) || src.startsWith("\t-}}", p) || src.startsWith("\n-}}", p) || src.startsWith("\r-}}", p)) { trimRight = true; p += 4; }
      else if (src.startsWith("}}", p)) p += 2;
      else throw err("comment ends before closing delimiter", start);
      trimNextText = trimRight;
      i = p;
      continue;
    }
    toks.push({ t: "left", v: "{{", pos: actionPos });
    let parenDepth = 0;
    for (;;) {
      if (p >= n) throw err("unclosed action", actionPos);
      const c = src[p]!;
      // right delimiter (with optional trim)
      if (isSpace(c) && src[p + 1] === "-" && src.startsWith("}}", p + 2)) {
        toks.push({ t: "right", v: "}}", pos: p, trimmed: true });
        p += 4; trimNextText = true; break;
      }
      if (src.startsWith("}}", p)) {
        if (parenDepth > 0) throw err("unclosed left paren", p);
        toks.push({ t: "right", v: "}}", pos: p });
        p += 2; break;
      }
      if (isSpace(c)) {
        const s = p;
        while (p < n && isSpace(src[p]!) && !(src[p + 1] === "-" && src.startsWith("}}", p + 2))) p++;
        if (p === s) p++;
        toks.push({ t: "space", v: " ", pos: s });
        continue;
      }
      if (c === "|") { toks.push({ t: "pipe", v: c, pos: p++ }); continue; }
      if (c === "(") { parenDepth++; toks.push({ t: "lparen", v: c, pos: p++ }); continue; }
      if (c === ")") { parenDepth--; if (parenDepth < 0) throw err("unexpected right paren", p); toks.push({ t: "rparen", v: c, pos: p++ }); continue; }
      if (c === ",") { toks.push({ t: "comma", v: c, pos: p++ }); continue; }
      if (c === ":" ) {
        if (src[p + 1] !== "=") throw err("expected :=", p);
        toks.push({ t: "declare", v: ":=", pos: p }); p += 2; continue;
      }
      if (c === "=") { toks.push({ t: "assign", v: "=", pos: p++ }); continue; }
      if (c === '"') {
        const s = p; p++;
        while (p < n && src[p] !== '"') { if (src[p] === "\\") p++; if (src[p] === "\n") throw err("unterminated quoted string", s); p++; }
        if (p >= n) throw err("unterminated quoted string", s);
        p++;
        toks.push({ t: "string", v: src.slice(s, p), pos: s }); continue;
      }
      if (c === "`") {
        const close = src.indexOf("`", p + 1);
        if (close < 0) throw err("unterminated raw quoted string", p);
        toks.push({ t: "string", v: src.slice(p, close + 1), pos: p }); p = close + 1; continue;
      }
      if (c === "'") {
        const s = p; p++;
        while (p < n && src[p] !== "'") { if (src[p] === "\\") p++; p++; }
        p++;
        toks.push({ t: "char", v: src.slice(s, p), pos: s }); continue;
      }
      if (c === "$") {
        const s = p; p++;
        while (p < n && isAlnum(src[p]!)) p++;
        toks.push({ t: "variable", v: src.slice(s, p), pos: s }); continue;
      }
      if (c === "." && !/[0-9]/.test(src[p + 1] ?? "")) {
        const s = p; p++;
        if (p < n && isAlnum(src[p]!)) {
          while (p < n && isAlnum(src[p]!)) p++;
          toks.push({ t: "field", v: src.slice(s, p), pos: s });
        } else toks.push({ t: "dot", v: ".", pos: s });
        continue;
      }
      if (/[0-9+\-.]/.test(c)) {
        const m = /^[+-]?(0[xX][0-9a-fA-F_]*\.?[0-9a-fA-F_]*([pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+|[0-9_]*\.?[0-9_]*([eE][+-]?[0-9_]+)?)i?/.exec(src.slice(p, p + 100));
        const text = m?.[0] ?? "";
        if (!text || !/[0-9]/.test(text)) throw err(`bad number syntax: "${src.slice(p, p + 10)}"`, p);
        if (isAlnum(src[p + text.length] ?? "")) throw err(`bad number syntax: "${src.slice(p, p + text.length + 1)}"`, p);
        toks.push({ t: "number", v: text, pos: p }); p += text.length; continue;
      }
      if (isAlnum(c)) {
        const s = p;
        while (p < n && isAlnum(src[p]!)) p++;
        const w = src.slice(s, p);
        if (w === "true" || w === "false") toks.push({ t: "bool", v: w, pos: s });
        else if (w === "nil") toks.push({ t: "nil", v: w, pos: s });
        else if (KEYWORDS.has(w)) toks.push({ t: "keyword", v: w, pos: s });
        else toks.push({ t: "ident", v: w, pos: s });
        continue;
      }
      throw err(`unexpected "${c}" in command`, p);
    }
    i = p;
  }
  toks.push({ t: "eof", v: "", pos: n });
  return toks;
}

export function unquoteGo(text: string): string {
  if (text.startsWith("`")) return text.slice(1, -1).replace(/\r/g, "");
  const body = text.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") { out += c; continue; }
    const d = body[++i];
    switch (d) {
      case "n": out += "\n"; break;
      case "t": out += "\t"; break;
      case "r": out += "\r"; break;
      case "a": out += "\x07"; break;
      case "b": out += "\b"; break;
      case "f": out += "\f"; break;
      case "v": out += "\v"; break;
      case "\\": out += "\\"; break;
      case "'": out += "'"; break;
      case '"': out += '"'; break;
      case "x": out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16)); i += 2; break;
      case "u": out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16)); i += 4; break;
      case "U": out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16)); i += 8; break;
      default:
        if (d !== undefined && /[0-7]/.test(d)) { out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8)); i += 2; break; }
        throw new Error(`invalid syntax: ${text}`);
    }
  }
  return out;
}

function parseNumber(text: string): bigint | number {
  const t = text.replace(/_/g, "");
  if (t.endsWith("i")) throw new Error(`complex numbers are not supported: ${text}`);
  const neg = t.startsWith("-");
  const body = t.replace(/^[+-]/, "");
  const isHex = /^0[xX]/.test(body);
  if (/^0[xX][0-9a-fA-F]+$/.test(body) || /^0[bB][01]+$/.test(body) || /^0[oO][0-7]+$/.test(body)) {
    const v = BigInt(body.toLowerCase());
    return neg ? -v : v;
  }
  if (/^0[0-7]+$/.test(body)) { const v = BigInt("0o" + body.slice(1)); return neg ? -v : v; }
  if (/^[0-9]+$/.test(body)) {
    const v = BigInt(body);
    if (v > 9223372036854775807n + (neg ? 1n : 0n)) {
      throw new Error(`integer overflow: "${text}"`);
    }
    return neg ? -v : v;
  }
  if (isHex) {
    const hm = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(body);
    if (!hm) throw new Error(`bad number syntax: "${text}"`);
    const frac = hm[2] ?? "";
    const mant = parseInt((hm[1] || "0") + frac, 16) / 16 ** frac.length;
    const f = mant * 2 ** Number(hm[3]);
    return neg ? -f : f;
  }
  const f = Number(t);
  if (Number.isNaN(f)) throw new Error(`bad number syntax: "${text}"`);
  return f;
}

function unquoteChar(text: string): bigint {
  const s = unquoteGo('"' + text.slice(1, -1).replace(/"/g, '\\"') + '"');
  const cp = s.codePointAt(0);
  if (cp === undefined || [...s].length !== 1) throw new Error(`malformed character constant: ${text}`);
  return BigInt(cp);
}

class Parser {
  private i = 0;
  readonly defines = new Map<string, ListNode>();
  private rangeDepth = 0;
  constructor(private readonly toks: Tok[], private readonly file: string, private readonly vars: string[][] = [["$"]]) {}

  private err(msg: string, at?: number): never { throw new TemplateParseError(msg, this.file, at ?? this.peek().pos); }
  private peek(): Tok { return this.toks[this.i]!; }
  private next(): Tok { return this.toks[this.i++]!; }
  private peekNonSpace(): Tok { while (this.peek().t === "space") this.i++; return this.peek(); }
  private nextNonSpace(): Tok { this.peekNonSpace(); return this.next(); }

  parseRoot(): ListNode {
    const root: ListNode = { kind: "list", nodes: [], pos: 0 };
    for (;;) {
      const t = this.peek();
      if (t.t === "eof") return root;
      if (t.t === "left") {
        // define?
        const save = this.i;
        this.next();
        const k = this.peekNonSpace();
        if (k.t === "keyword" && k.v === "define") {
          this.next();
          this.parseDefine(k.pos);
          continue;
        }
        this.i = save;
      }
      const { node, end } = this.textOrAction();
      if (end) this.err(`unexpected {{${end.v}}}`, end.pos);
      if (node) root.nodes.push(node);
    }
  }

  private parseDefine(pos: number): void {
    const nameTok = this.nextNonSpace();
    if (nameTok.t !== "string") this.err("name of template must be a string in define clause", nameTok.pos);
    const name = unquoteGo(nameTok.v);
    this.expectRight("define clause");
    const saved = this.vars.length;
    this.vars.push(["$"]);
    const { list, end } = this.itemList();
    this.vars.length = saved;
    if (end.v !== "end") this.err(`unexpected {{${end.v}}} in define clause`, end.pos);
    list.pos = pos;
    this.defines.set(name, list);
  }

  private expectRight(context: string): Tok {
    const t = this.nextNonSpace();
    if (t.t !== "right") this.err(`unexpected "${t.v}" in ${context}`, t.pos);
    return t;
  }

  // parses items until {{end}} or {{else}}; returns the terminator
  private itemList(): { list: ListNode; end: Tok & { elseTok?: boolean } } {
    const list: ListNode = { kind: "list", nodes: [], pos: this.peek().pos };
    for (;;) {
      if (this.peek().t === "eof") this.err("unexpected EOF");
      const { node, end } = this.textOrAction();
      if (end) return { list, end };
      if (node) list.nodes.push(node);
    }
  }

  private textOrAction(): { node: Node | null; end?: Tok } {
    const t = this.next();
    if (t.t === "text") return { node: { kind: "text", text: t.v, pos: t.pos } };
    if (t.t !== "left") this.err(`unexpected ${t.v}`, t.pos);
    const k = this.peekNonSpace();
    if (k.t === "keyword") {
      this.next();
      switch (k.v) {
        case "end": this.expectRight("end"); return { node: null, end: k };
        case "else": return { node: null, end: k };
        case "if": return { node: this.branch("if", t.pos) };
        case "range": { this.rangeDepth++; const r = this.branch("range", t.pos); this.rangeDepth--; return { node: r }; }
        case "with": return { node: this.branch("with", t.pos) };
        case "block": {
          const nameTok = this.nextNonSpace();
          if (nameTok.t !== "string") this.err("name of block must be a string", nameTok.pos);
          const name = unquoteGo(nameTok.v);
          const pipe = this.pipeline("block", true);
          const saved = this.vars.length;
          this.vars.push(["$"]);
          const { list, end } = this.itemList();
          this.vars.length = saved;
          if (end.v !== "end") this.err("unexpected else in block", end.pos);
          this.defines.set(name, list);
          return { node: { kind: "template", name, pipe, pos: t.pos } };
        }
        case "template": {
          const nameTok = this.nextNonSpace();
          if (nameTok.t !== "string") this.err("name of template must be a string", nameTok.pos);
          const name = unquoteGo(nameTok.v);
          let pipe: PipeNode | null = null;
          if (this.peekNonSpace().t !== "right") pipe = this.pipeline("template", true);
          else this.next();
          return { node: { kind: "template", name, pipe, pos: t.pos } };
        }
        case "break":
        case "continue":
          if (this.rangeDepth === 0) this.err(`{{${k.v}}} outside {{range}}`, k.pos);
          this.expectRight(k.v);
          return { node: { kind: k.v, pos: t.pos } };
        case "define":
          this.err("unexpected define clause (nested define)", k.pos);
      }
    }
    const pipe = this.pipeline("command", true);
    return { node: { kind: "action", pipe, pos: t.pos } };
  }

  private branch(kind: "if" | "range" | "with", pos: number): IfNode | RangeNode | WithNode {
    this.vars.push([...(this.vars[this.vars.length - 1] ?? [])]);
    const depth = this.vars.length;
    const pipe = this.pipeline(kind, true, kind === "range");
    const { list, end } = this.itemList();
    let elseList: ListNode | null = null;
    if (end.v === "else") {
      // else if / else with chains
      const k = this.peekNonSpace();
      if ((k.t === "keyword" && (k.v === "if" || k.v === "with"))) {
        this.next();
        if (kind === "range" && k.v === "with") this.err("else with in range", k.pos);
        this.vars.length = depth - 1;
        const inner = this.branch(k.v as "if" | "with", end.pos);
        elseList = { kind: "list", nodes: [inner], pos: end.pos };
        this.vars.length = depth - 1;
        return { kind, pipe, list, elseList, pos } as IfNode;
      }
      this.expectRight("else");
      const r = this.itemList();
      if (r.end.v !== "end") this.err(`expected end; found {{${r.end.v}}}`, r.end.pos);
      elseList = r.list;
    }
    this.vars.length = depth - 1;
    return { kind, pipe, list, elseList, pos } as IfNode;
  }

  private pipeline(context: string, consumeRight: boolean, allowTwo = false): PipeNode {
    const pos = this.peekNonSpace().pos;
    const decl: string[] = [];
    let isAssign = false;
    // declarations
    const save = this.i;
    const v = this.peekNonSpace();
    if (v.t === "variable") {
      this.next();
      const after = this.peekNonSpace();
      if (after.t === "declare" || after.t === "assign") {
        this.next();
        decl.push(v.v);
        isAssign = after.t === "assign";
        if (!isAssign) this.currentVars().push(v.v);
      } else if (after.t === "comma" && allowTwo) {
        this.next();
        const v2 = this.nextNonSpace();
        if (v2.t !== "variable") this.err("range can only initialize variables", v2.pos);
        const op = this.nextNonSpace();
        if (op.t !== "declare" && op.t !== "assign") this.err("expected :=", op.pos);
        isAssign = op.t === "assign";
        decl.push(v.v, v2.v);
        if (!isAssign) this.currentVars().push(v.v, v2.v);
      } else this.i = save;
    }
    const pipe: PipeNode = { kind: "pipe", decl, isAssign, cmds: [], pos };
    for (;;) {
      const t = this.peekNonSpace();
      if (t.t === "right") {
        if (consumeRight) this.next();
        break;
      }
      if (t.t === "rparen") break;
      pipe.cmds.push(this.command());
      const after = this.peekNonSpace();
      if (after.t === "pipe") { this.next(); continue; }
    }
    if (pipe.cmds.length === 0) this.err(`missing value for ${context}`, pos);
    for (let c = 1; c < pipe.cmds.length; c++) {
      const first = pipe.cmds[c]!.args[0]!;
      if (["bool", "dot", "nil", "number", "string"].includes(first.kind)) this.err(`non executable command in pipeline stage ${c + 1}`, first.pos);
    }
    return pipe;
  }

  private currentVars(): string[] { return this.vars[this.vars.length - 1]!; }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: "command", args: [], pos: this.peekNonSpace().pos };
    for (;;) {
      this.peekNonSpace();
      const op = this.operand();
      if (op) cmd.args.push(op);
      const t = this.peek();
      if (t.t === "space") { this.next(); const u = this.peekNonSpace(); if (u.t === "right" || u.t === "rparen" || u.t === "pipe") break; continue; }
      if (t.t === "right" || t.t === "rparen" || t.t === "pipe") break;
      if (t.t === "eof") this.err("unclosed action");
      this.err(`unexpected "${t.v}" in operand`, t.pos);
    }
    if (cmd.args.length === 0) this.err("empty command", cmd.pos);
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (!node) return null;
    if (this.peek().t === "field") {
      const fields: string[] = [];
      while (this.peek().t === "field") fields.push(this.next().v.slice(1));
      if (node.kind === "field") return { kind: "field", idents: [...node.idents, ...fields], pos: node.pos };
      if (node.kind === "variable") return { kind: "variable", idents: [...node.idents, ...fields], pos: node.pos };
      if (["bool", "string", "number", "nil", "dot"].includes(node.kind)) this.err(`unexpected . after term "${this.describe(node)}"`, node.pos);
      return { kind: "chain", node, fields, pos: node.pos };
    }
    return node;
  }

  private describe(node: ArgNode): string { return node.kind === "string" ? JSON.stringify(node.value) : node.kind; }

  private term(): ArgNode | null {
    const t = this.next();
    switch (t.t) {
      case "ident": return { kind: "identifier", name: t.v, pos: t.pos };
      case "dot": return { kind: "dot", pos: t.pos };
      case "nil": return { kind: "nil", pos: t.pos };
      case "variable": {
        if (!this.vars.some((scope) => scope.includes(t.v)) && !this.currentVars().includes(t.v)) this.err(`undefined variable "${t.v}"`, t.pos);
        return { kind: "variable", idents: [t.v], pos: t.pos };
      }
      case "field": return { kind: "field", idents: [t.v.slice(1)], pos: t.pos };
      case "bool": return { kind: "bool", value: t.v === "true", pos: t.pos };
      case "number":
        try { return { kind: "number", value: parseNumber(t.v), text: t.v, pos: t.pos }; } catch (e) { this.err((e as Error).message, t.pos); }
        break;
      case "char":
        try { return { kind: "number", value: unquoteChar(t.v), text: t.v, pos: t.pos }; } catch (e) { this.err((e as Error).message, t.pos); }
        break;
      case "string":
        try { return { kind: "string", value: unquoteGo(t.v), pos: t.pos }; } catch (e) { this.err((e as Error).message, t.pos); }
        break;
      case "lparen": {
        const pipe = this.pipeline("parenthesized pipeline", false);
        const r = this.nextNonSpace();
        if (r.t !== "rparen") this.err("unclosed left paren", r.pos);
        return pipe;
      }
      default:
        this.i--;
        this.err(`unexpected "${t.v}" in operand`, t.pos);
    }
    return null;
  }
}

/** Parses one template source. Top-level `define`/`block` bodies are returned separately. */
export function parseTemplate(name: string, src: string): ParsedTemplate {
  const toks = lex(src, name);
  const p = new Parser(toks, name);
  const root = p.parseRoot();
  return { name, root, defines: p.defines, source: src };
}

/** True when a template body holds only whitespace text and comments (Go keeps the older definition then). */
export function isEmptyList(list: ListNode): boolean {
  return list.nodes.every((n) => n.kind === "text" && n.text.trim() === "");
}
