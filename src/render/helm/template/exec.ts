// Go text/template execution with Helm's settings (missingkey=zero), bounded in depth, time and output size.
import { GoError, GoObject, GoBytes, GoTime, isMap, isTrue, sortedKeys, sprint, sprintValue, typeName } from "./values.js";
import type { GoValue } from "./values.js";
import type { ArgNode, CommandNode, ListNode, Node, PipeNode } from "./parse.js";
import { Out, OutputLimitError, removeAll } from "./output.js";
import type { Origin, Segment, ValueOrigin } from "./output.js";
import { getOrigin } from "../origins.js";

export interface TemplateDef { name: string; file: string; list: ListNode; source: string }

export interface ExecLimits { maxDepth: number; deadline: number; output: { remaining: number } }

export class RenderError extends Error {
  constructor(message: string, readonly file: string, readonly offset: number, readonly source: string | null, readonly kind: "exec" | "fail" | "limit" = "exec") {
    super(message);
  }
}

export interface FuncDef {
  fn: (...args: GoValue[]) => GoValue;
  /** Parameter kinds: i any, s string, n int, f float64, b bool, l slice, m map; a trailing "..." marks variadic. */
  params?: string;
}

const NOVALUE = Symbol("novalue");

/** Functions whose result is random, time-dependent or fake key material: marked generated. */
const GENERATORS = new Set([
  "randAlphaNum", "randAlpha", "randNumeric", "randAscii", "randBytes", "randInt", "uuidv4", "now",
  "genCA", "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey", "genPrivateKey",
]);
/**
 * Functions that return one of their arguments (or a value found in one) rather than a value computed from all
 * of them: `default (randAlphaNum 8) .Values.pw` is the user's literal when set. Their result is generated only
 * when it is itself a generated value. `include`, `tpl` and `toYaml` carry per-segment marks instead.
 */
const SELECTORS = new Set([
  "default", "coalesce", "ternary", "first", "last", "mustFirst", "mustLast", "index", "get", "dig", "pluck", "required",
  "set", "unset", "merge", "mergeOverwrite", "mustMerge", "mustMergeOverwrite", "include", "tpl", "toYaml", "toYamlPretty", "mustToYaml",
]);
class BreakSignal { constructor(readonly cont: boolean) {} }

interface State { file: string; source: string; dot: GoValue; vars: { name: string; value: GoValue }[]; lastOrigin: { v: GoValue; o: ValueOrigin } | null }

export class Executor {
  readonly mapped = new Map<string, Segment[]>();
  /**
   * Strings produced by a generator function, or computed from one (`randAlphaNum 16 | b64enc`), by value;
   * printed, they mark their output segment `generated`.
   */
  readonly generated = new Set<string>();
  private readonly generatedObjects = new WeakSet<object>();
  private depth = 0;
  private steps = 0;
  private includeCounts = new Map<string, number>();
  /** The template currently executing (for error messages and `tpl`). */
  current: { name: string; file: string } = { name: "", file: "" };

  constructor(
    readonly templates: Map<string, TemplateDef>,
    readonly funcs: Map<string, FuncDef>,
    readonly limits: ExecLimits,
  ) {}

  /** Executes a named template into a fresh mapped output. */
  execute(name: string, data: GoValue): { text: string; segs: Segment[] } {
    const def = this.templates.get(name);
    if (!def) throw new RenderError(`no template "${name}" associated with template`, name, 0, null);
    const out = new Out(this.limits.output);
    const saved = this.current;
    this.current = { name, file: def.file };
    try {
      this.walkList(out, { file: def.file, source: def.source, dot: data, vars: [{ name: "$", value: data }], lastOrigin: null }, def.list);
    } finally {
      this.current = saved;
    }
    return { text: out.text, segs: out.segs };
  }

  /** `include`: runs a defined template and returns its text, remembering the text's source map. */
  include(name: string, data: GoValue, at: { file: string; offset: number; source: string }): string {
    const def = this.templates.get(name);
    if (!def) throw new GoError(`no template "${name}" associated with template "${this.current.name}"`);
    const count = (this.includeCounts.get(name) ?? 0) + 1;
    if (count > 1000 || this.depth >= this.limits.maxDepth) {
      throw new RenderError(`rendering template has a nested reference name: ${name}: unable to execute template`, at.file, at.offset, at.source, "limit");
    }
    this.includeCounts.set(name, count);
    this.depth++;
    const out = new Out(this.limits.output);
    try {
      this.walkList(out, { file: def.file, source: def.source, dot: data, vars: [{ name: "$", value: data }], lastOrigin: null }, def.list);
    } finally {
      this.depth--;
      this.includeCounts.set(name, count - 1);
    }
    if (out.text && this.mapped.size < 50000) this.mapped.set(out.text, out.segs);
    return out.text;
  }

  /** `tpl`: parses and runs a template string. */
  runInline(def: TemplateDef, data: GoValue): string {
    if (this.depth >= this.limits.maxDepth) throw new GoError("tpl: nesting too deep");
    this.depth++;
    const out = new Out(this.limits.output);
    try {
      this.walkList(out, { file: def.file, source: def.source, dot: data, vars: [{ name: "$", value: data }], lastOrigin: null }, def.list);
    } finally {
      this.depth--;
    }
    const cleaned = removeAll(out.text, out.segs, "<no value>");
    // `tpl` text maps to the calling action; a generated value printed inside keeps its mark
    const segs = cleaned.segs.map((s) => ({ ...s, origin: s.origin && s.origin.file === "" ? (s.origin.generated ? { file: "", offset: 0, kind: "action" as const, generated: true as const } : null) : s.origin }));
    if (cleaned.text && this.mapped.size < 50000) this.mapped.set(cleaned.text, segs);
    return cleaned.text;
  }

  registerMapped(text: string, segs: Segment[]): void {
    if (text && this.mapped.size < 50000) this.mapped.set(text, segs);
  }

  private tick(): void {
    if ((++this.steps & 1023) === 0 && Date.now() > this.limits.deadline) {
      throw new RenderError("render time limit exceeded", this.current.file, 0, null, "limit");
    }
  }

  private err(s: State, pos: number, msg: string): RenderError {
    return new RenderError(msg, s.file, pos, s.source);
  }

  private walkList(out: Out, s: State, list: ListNode): void {
    for (const n of list.nodes) this.walk(out, s, n);
  }

  private walk(out: Out, s: State, n: Node): void {
    this.tick();
    switch (n.kind) {
      case "text":
        out.write(n.text, { file: s.file, offset: n.pos, kind: "text" });
        return;
      case "action": {
        s.lastOrigin = null;
        const v = this.evalPipeline(s, n.pipe);
        if (n.pipe.decl.length === 0) this.print(out, s, v, n.pos);
        return;
      }
      case "if":
      case "with": {
        const mark = s.vars.length;
        const v = this.evalPipeline(s, n.pipe);
        if (isTrue(v)) {
          if (n.kind === "with") this.walkList(out, { ...s, dot: v }, n.list);
          else this.walkList(out, s, n.list);
        } else if (n.elseList) this.walkList(out, s, n.elseList);
        s.vars.length = mark;
        return;
      }
      case "range":
        this.walkRange(out, s, n);
        return;
      case "template": {
        const def = this.templates.get(n.name);
        if (!def) throw this.err(s, n.pos, `template: no template "${n.name}" associated with template "${this.current.name}"`);
        const dot = n.pipe ? this.evalPipeline(s, n.pipe) : null;
        if (this.depth >= this.limits.maxDepth) throw this.err(s, n.pos, "exceeded maximum template depth");
        this.depth++;
        try {
          this.walkList(out, { file: def.file, source: def.source, dot, vars: [{ name: "$", value: dot }], lastOrigin: null }, def.list);
        } finally { this.depth--; }
        return;
      }
      case "break": throw new BreakSignal(false);
      case "continue": throw new BreakSignal(true);
    }
  }

  private walkRange(out: Out, s: State, n: Extract<Node, { kind: "range" }>): void {
    const mark = s.vars.length;
    const pipeNoDecl: PipeNode = { ...n.pipe, decl: [] };
    const val = this.evalPipeline(s, pipeNoDecl);
    const decl = n.pipe.decl;
    const bind = (k: GoValue, v: GoValue) => {
      if (decl.length === 1) this.setVar(s, decl[0]!, v, !n.pipe.isAssign, mark);
      else if (decl.length === 2) { this.setVar(s, decl[0]!, k, !n.pipe.isAssign, mark); this.setVar(s, decl[1]!, v, !n.pipe.isAssign, mark); }
    };
    const body = (k: GoValue, v: GoValue): boolean => {
      s.vars.length = mark;
      bind(k, v);
      try {
        this.walkList(out, { ...s, dot: v }, n.list);
      } catch (e) {
        if (e instanceof BreakSignal) return e.cont;
        throw e;
      }
      return true;
    };
    let ran = false;
    if (Array.isArray(val)) {
      for (let i = 0; i < val.length; i++) { ran = true; if (!body(BigInt(i), val[i])) break; }
    } else if (val instanceof GoBytes) {
      for (let i = 0; i < val.bytes.length; i++) { ran = true; if (!body(BigInt(i), BigInt(val.bytes[i]!))) break; }
    } else if (isMap(val)) {
      for (const k of sortedKeys(val)) { ran = true; if (!body(k, val[k])) break; }
    } else if (val instanceof GoObject && val.fields.__entries__ && isMap(val.fields.__entries__)) {
      const m = val.fields.__entries__;
      for (const k of sortedKeys(m)) { ran = true; if (!body(k, m[k])) break; }
    } else if (typeof val === "bigint") {
      if (decl.length > 1) throw this.err(s, n.pos, `can't use ${val} to iterate over more than one variable`);
      for (let i = 0n; i < val; i++) { ran = true; this.tick(); s.vars.length = mark; if (decl.length === 1) this.setVar(s, decl[0]!, i, !n.pipe.isAssign, mark); try { this.walkList(out, { ...s, dot: i }, n.list); } catch (e) { if (e instanceof BreakSignal) { if (!e.cont) break; continue; } throw e; } }
    } else if (val !== null && val !== undefined) {
      throw this.err(s, n.pos, `range can't iterate over ${sprintValue(val)}`);
    }
    s.vars.length = mark;
    if (!ran && n.elseList) this.walkList(out, s, n.elseList);
    s.vars.length = mark;
  }

  private setVar(s: State, name: string, value: GoValue, declare: boolean, _mark: number): void {
    if (declare) { s.vars.push({ name, value }); return; }
    for (let i = s.vars.length - 1; i >= 0; i--) {
      if (s.vars[i]!.name === name) { s.vars[i]!.value = value; return; }
    }
    throw new GoError(`undefined variable: ${name}`);
  }

  private print(out: Out, s: State, v: GoValue, pos: number): void {
    const origin: Origin = { file: s.file, offset: pos, kind: "action" };
    if (v === null || v === undefined) { out.write("<no value>", origin); return; }
    let text: string;
    if (typeof v === "string") text = v;
    else if (v instanceof GoObject && v.stringer) text = v.stringer();
    else text = sprintValue(v);
    if (this.generated.size > 0 && this.isGenerated(v, 0)) origin.generated = true;
    const lo = s.lastOrigin;
    if (lo && (typeof lo.v === "string" || typeof lo.v === "number" || typeof lo.v === "bigint" || typeof lo.v === "boolean")) {
      const lv = sprintValue(lo.v);
      // also through `b64enc` (a Secret's `data`)
      if (lv !== "" && (text.includes(lv) || text.includes(Buffer.from(lv, "utf8").toString("base64")))) origin.value = lo.o;
    }
    const mapped = typeof v === "string" ? this.mapped.get(v) : undefined;
    if (mapped) out.writeMapped(text, mapped, origin);
    else out.write(text, origin);
  }

  evalPipeline(s: State, pipe: PipeNode): GoValue {
    let value: GoValue | typeof NOVALUE = NOVALUE;
    for (const cmd of pipe.cmds) value = this.evalCommand(s, cmd, value);
    const v = value === NOVALUE ? null : value;
    if (pipe.decl.length) {
      if (pipe.isAssign) this.setVar(s, pipe.decl[0]!, v, false, 0);
      else s.vars.push({ name: pipe.decl[0]!, value: v });
    }
    return v;
  }

  private evalCommand(s: State, cmd: CommandNode, final: GoValue | typeof NOVALUE): GoValue {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case "field": return this.evalFieldChain(s, s.dot, first.idents, cmd, final, first.pos);
      case "chain": {
        const recv = this.evalArg(s, first.node);
        return this.evalFieldChain(s, recv, first.fields, cmd, final, first.pos);
      }
      case "identifier": return this.evalFunction(s, first.name, cmd, final, first.pos);
      case "variable": {
        const v = this.lookupVar(s, first.idents[0]!, first.pos);
        if (first.idents.length === 1) { this.notAFunction(s, cmd, final); return v; }
        return this.evalFieldChain(s, v, first.idents.slice(1), cmd, final, first.pos);
      }
      case "pipe": this.notAFunction(s, cmd, final); return this.evalPipeline({ ...s }, first);
    }
    this.notAFunction(s, cmd, final);
    switch (first.kind) {
      case "bool": return first.value;
      case "dot": return s.dot;
      case "nil": throw this.err(s, first.pos, "nil is not a command");
      case "number": return first.value;
      case "string": return first.value;
    }
    return null;
  }

  private notAFunction(s: State, cmd: CommandNode, final: GoValue | typeof NOVALUE): void {
    if (cmd.args.length > 1 || final !== NOVALUE) throw this.err(s, cmd.pos, `can't give argument to non-function ${describeArg(cmd.args[0]!)}`);
  }

  private lookupVar(s: State, name: string, pos: number): GoValue {
    for (let i = s.vars.length - 1; i >= 0; i--) if (s.vars[i]!.name === name) return s.vars[i]!.value;
    throw this.err(s, pos, `undefined variable: ${name}`);
  }

  evalArg(s: State, n: ArgNode): GoValue {
    switch (n.kind) {
      case "dot": return s.dot;
      case "nil": return null;
      case "bool": return n.value;
      case "number": return n.value;
      case "string": return n.value;
      case "field": return this.evalFieldChain(s, s.dot, n.idents, null, NOVALUE, n.pos);
      case "variable": {
        const v = this.lookupVar(s, n.idents[0]!, n.pos);
        return n.idents.length === 1 ? v : this.evalFieldChain(s, v, n.idents.slice(1), null, NOVALUE, n.pos);
      }
      case "chain": return this.evalFieldChain(s, this.evalArg(s, n.node), n.fields, null, NOVALUE, n.pos);
      case "pipe": return this.evalPipeline({ ...s }, n);
      case "identifier": return this.evalFunction(s, n.name, { kind: "command", args: [n], pos: n.pos }, NOVALUE, n.pos);
    }
  }

  private evalFieldChain(s: State, recv: GoValue, idents: string[], cmd: CommandNode | null, final: GoValue | typeof NOVALUE, pos: number): GoValue {
    let r = recv;
    for (let i = 0; i < idents.length; i++) {
      const last = i === idents.length - 1;
      // a nil that is the result of a pipeline, variable or dot yields nil (Go: invalid receiver); a nil map entry
      // inside the chain is an error ("nil pointer evaluating interface {}.x")
      if ((r === null || r === undefined) && i === 0) return null;
      r = this.evalField(s, r, idents[i]!, last ? cmd : null, last ? final : NOVALUE, pos, idents.slice(0, i + 1));
    }
    return r;
  }

  private evalField(s: State, recv: GoValue, name: string, cmd: CommandNode | null, final: GoValue | typeof NOVALUE, pos: number, path: string[]): GoValue {
    const hasArgs = (cmd !== null && cmd.args.length > 1) || final !== NOVALUE;
    if (recv === null || recv === undefined) throw this.err(s, pos, `nil pointer evaluating interface {}.${name}`);
    if (recv instanceof GoObject) {
      const m = recv.methods[name];
      if (m) {
        const args = cmd ? cmd.args.slice(1).map((a) => this.evalArg(s, a)) : [];
        if (final !== NOVALUE) args.push(final);
        try { return m(...args); } catch (e) { throw this.wrapCallError(s, pos, name, e); }
      }
      if (Object.prototype.hasOwnProperty.call(recv.fields, name)) {
        if (hasArgs) throw this.err(s, pos, `${name} has arguments but cannot be invoked as function`);
        return recv.fields[name];
      }
      if (recv.typeName.startsWith("map")) {
        if (hasArgs) throw this.err(s, pos, `${name} is not a method but has arguments`);
        return null;
      }
      throw this.err(s, pos, `can't evaluate field ${name} in type ${recv.typeName}`);
    }
    if (isMap(recv)) {
      if (hasArgs) throw this.err(s, pos, `${name} is not a method but has arguments`);
      const has = Object.prototype.hasOwnProperty.call(recv, name);
      const v = has ? recv[name] : null;
      if (has) {
        const o = getOrigin(recv, name);
        if (o) s.lastOrigin = { v, o };
      }
      return v === undefined ? null : v;
    }
    void path;
    throw this.err(s, pos, `can't evaluate field ${name} in type ${typeName(recv)}`);
  }

  private wrapCallError(s: State, pos: number, name: string, e: unknown): Error {
    if (e instanceof RenderError || e instanceof OutputLimitError) return e;
    const msg = e instanceof Error ? e.message : String(e);
    return this.err(s, pos, `error calling ${name}: ${msg}`);
  }

  private evalFunction(s: State, name: string, cmd: CommandNode, final: GoValue | typeof NOVALUE, pos: number): GoValue {
    const argNodes = cmd.args.slice(1);
    if (name === "and" || name === "or") {
      if (argNodes.length + (final !== NOVALUE ? 1 : 0) === 0) throw this.err(s, pos, `wrong number of args for ${name}: want at least 1 got 0`);
      let v: GoValue = null;
      const all = argNodes.length;
      for (let i = 0; i < all; i++) {
        v = this.evalArg(s, argNodes[i]!);
        if (name === "and" ? !isTrue(v) : isTrue(v)) return v;
      }
      if (final !== NOVALUE) v = final;
      return v;
    }
    const def = this.funcs.get(name);
    if (!def) throw this.err(s, pos, `function "${name}" not defined`);
    const args = argNodes.map((a) => this.evalArg(s, a));
    if (final !== NOVALUE) args.push(final);
    const conv = this.convertArgs(s, name, def, args, pos);
    try {
      const r = def.fn.call({ exec: this, state: s, pos }, ...conv);
      if (GENERATORS.has(name)) this.markGenerated(r);
      else if (this.generated.size > 0 && !SELECTORS.has(name) && (typeof r === "string" || r instanceof GoTime || r instanceof GoObject)) {
        let budget = 2000;
        const tainted = (v: GoValue, depth: number): boolean => {
          if (--budget < 0 || depth > 20) return false;
          if (typeof v === "string") return v !== "" && this.generated.has(v);
          if (typeof v !== "object" || v === null) return false;
          if (this.generatedObjects.has(v)) return true;
          if (Array.isArray(v)) return v.some((x) => tainted(x, depth + 1));
          if (isMap(v)) return Object.values(v).some((x) => tainted(x, depth + 1));
          return false;
        };
        if (!conv.includes(r) && conv.some((a) => tainted(a, 0))) this.markGenerated(r);
      }
      return r;
    } catch (e) {
      if (e instanceof BreakSignal) throw e;
      throw this.wrapCallError(s, pos, name, e);
    }
  }

  /** Whether a value was generated (a generated string, time or certificate), without looking inside containers. */
  isGenerated(v: GoValue, _depth: number): boolean {
    if (typeof v === "string") return v !== "" && this.generated.has(v);
    return typeof v === "object" && v !== null && this.generatedObjects.has(v);
  }

  private markGenerated(v: GoValue): void {
    if (typeof v === "string") { if (v !== "") this.generated.add(v); return; }
    if (typeof v !== "object" || v === null) return;
    this.generatedObjects.add(v);
    // a certificate ({Cert, Key}): its fields are generated too
    const fields = v instanceof GoObject ? v.fields : isMap(v) ? v : null;
    if (fields) for (const f of Object.values(fields)) if (typeof f === "string" && f !== "") this.generated.add(f);
  }

  private convertArgs(s: State, name: string, def: FuncDef, args: GoValue[], pos: number): GoValue[] {
    if (def.params === undefined) return args;
    const ps = def.params ? def.params.split(",") : [];
    const variadic = ps.length > 0 && ps[ps.length - 1]!.endsWith("...");
    const fixed = variadic ? ps.length - 1 : ps.length;
    if (variadic ? args.length < fixed : args.length !== fixed) {
      throw this.err(s, pos, `wrong number of args for ${name}: want ${variadic ? "at least " : ""}${fixed} got ${args.length}`);
    }
    return args.map((a, i) => {
      const p = i < fixed ? ps[i]! : ps[ps.length - 1]!.replace("...", "");
      return this.convertArg(s, a, p, pos);
    });
  }

  private convertArg(s: State, v: GoValue, p: string, pos: number): GoValue {
    const want: Record<string, string> = { s: "string", n: "int", f: "float64", b: "bool", l: "[]interface {}", m: "map[string]interface {}" };
    if (p === "i") return v;
    if (v === null || v === undefined) {
      if (p === "l" || p === "m") return v ?? null;
      throw this.err(s, pos, `invalid value; expected ${want[p]}`);
    }
    const bad = () => this.err(s, pos, `wrong type for value; expected ${want[p]}; got ${typeName(v)}`);
    switch (p) {
      case "s": if (typeof v !== "string") throw bad(); return v;
      case "n": if (typeof v === "bigint") return v; throw bad();
      case "f": if (typeof v === "number") return v; if (typeof v === "bigint") return Number(v); throw bad();
      case "b": if (typeof v !== "boolean") throw bad(); return v;
      case "l": if (!Array.isArray(v)) throw bad(); return v;
      case "m": if (!isMap(v)) throw bad(); return v;
    }
    return v;
  }
}

function describeArg(n: ArgNode): string {
  switch (n.kind) {
    case "field": return "." + n.idents.join(".");
    case "variable": return n.idents.join(".");
    case "string": return JSON.stringify(n.value);
    case "number": return n.text;
    case "bool": return String(n.value);
    case "dot": return ".";
    default: return n.kind;
  }
}

export { NOVALUE, sprint, GoTime };
