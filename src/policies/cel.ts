/**
 * The one CEL helper: an environment with the Kubernetes CEL libraries, compilation with
 * "unsupported function" detection, and bounded evaluation.
 *
 * Library: @marcbachmann/cel-js (pinned), chosen over @bufbuild/cel because it parses the
 * optional syntax (`a.?b`, `[?k]`, `optional.*`) that Kubernetes policies use, has zero
 * dependencies and a type checker that locates errors. Regular expressions run on re2js (RE2
 * semantics, linear time), like the API server, never on JavaScript's backtracking engine.
 *
 * Bounding: every AST node evaluation costs one step; an evaluation stops after STEP_LIMIT steps
 * (deterministic) or TIME_LIMIT_MS of wall time (a backstop), whichever comes first.
 */
import { Environment } from "@marcbachmann/cel-js";
import { RE2JS } from "re2js";
import { CIDR, CelURL, IPAddr, Quantity } from "./k8s-values.js";

export const STEP_LIMIT = 1_000_000;
export const TIME_LIMIT_MS = 500;
const MAX_AST_NODES = 5_000;
const MAX_REGEX_LENGTH = 2_000;

/** Thrown when an evaluation runs out of its budget. */
export class CelBudgetError extends Error {}

/** Why an expression cannot be used. `unsupported` names a function this evaluator does not have. */
export interface CelCompileProblem {
  message: string;
  /** Character offset in the expression. */
  offset: number;
  unsupported?: string;
}

export interface CelProgram {
  readonly source: string;
  /** Evaluates with the given variables (already converted by `toCel`); throws on errors and budget. */
  run(vars: Record<string, unknown>): unknown;
}

// ---------------------------------------------------------------- environment

interface AstNode {
  op: string;
  args: unknown;
  start: number;
  end: number;
  evaluate(ev: unknown, ast: AstNode, ctx: unknown): unknown;
}

const budget = { steps: 0, deadline: 0 };

function regex(pattern: string): RE2JS {
  if (pattern.length > MAX_REGEX_LENGTH) throw new Error(`regular expression longer than ${MAX_REGEX_LENGTH} characters`);
  return RE2JS.compile(pattern);
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  throw new Error("list elements are not comparable");
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "bigint" || typeof b === "bigint" || typeof a === "number" || typeof b === "number") {
    return (typeof a === "bigint" || typeof a === "number") && (typeof b === "bigint" || typeof b === "number") && Number(a) === Number(b);
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return a === b;
}

function quantityOf(s: string): Quantity {
  const q = Quantity.parse(s);
  if (!q) throw new Error(`invalid quantity "${s}"`);
  return q;
}
function ipOf(s: string): IPAddr {
  const ip = IPAddr.parse(s);
  if (!ip) throw new Error(`IP address parse error for "${s}"`);
  return ip;
}
function cidrOf(s: string): CIDR {
  const c = CIDR.parse(s);
  if (!c) throw new Error(`network address parse error for "${s}"`);
  return c;
}
function urlOf(s: string): CelURL {
  const u = CelURL.parse(s);
  if (!u) throw new Error(`URL parse error: "${s}" must be an absolute URI or an absolute path`);
  return u;
}

/** Function names this environment knows, for "unsupported function" notes. */
let knownNames: Set<string> | undefined;
let environment: Environment | undefined;

export const CEL_VARIABLES = ["object", "oldObject", "request", "params", "namespaceObject", "variables", "authorizer"] as const;

function createEnvironment(): Environment {
  const env = new Environment({
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
    limits: { maxAstNodes: MAX_AST_NODES, maxDepth: 100 },
  });
  for (const v of CEL_VARIABLES) env.registerVariable(v, "dyn");
  const fn = (sig: string, impl: (...a: never[]) => unknown) => env.registerFunction(sig, impl as (...a: unknown[]) => unknown);

  // regex (RE2), replacing the library's JavaScript-RegExp `matches`
  fn("string.re2Matches(string): bool", (s: string, p: string) => regex(p).matcher(s).find());
  fn("re2Matches(string, string): bool", (s: string, p: string) => regex(p).matcher(s).find());
  fn("string.find(string): string", (s: string, p: string) => {
    const m = regex(p).matcher(s);
    return m.find() ? m.group() ?? "" : "";
  });
  const findAll = (s: string, p: string, limit: bigint) => {
    const m = regex(p).matcher(s);
    const out: string[] = [];
    while ((limit < 0n || BigInt(out.length) < limit) && m.find()) out.push(m.group() ?? "");
    return out;
  };
  fn("string.findAll(string): list<string>", (s: string, p: string) => findAll(s, p, -1n));
  fn("string.findAll(string, int): list<string>", (s: string, p: string, n: bigint) => findAll(s, p, n));

  // strings (the parts the library does not have)
  fn("string.charAt(int): string", (s: string, i: bigint) => {
    if (i < 0n || i > BigInt(s.length)) throw new Error(`index out of range: ${i}`);
    return s.charAt(Number(i));
  });
  fn("string.replace(string, string): string", (s: string, a: string, b: string) => s.split(a).join(b));
  fn("string.replace(string, string, int): string", (s: string, a: string, b: string, n: bigint) => {
    if (n < 0n) return s.split(a).join(b);
    const parts = s.split(a);
    const k = Number(n);
    return parts.slice(0, k + 1).join(b) + (parts.length > k + 1 ? a + parts.slice(k + 1).join(a) : "");
  });
  fn("string.reverse(): string", (s: string) => [...s].reverse().join(""));

  // lists
  fn("list<dyn>.isSorted(): bool", (l: unknown[]) => l.every((x, i) => i === 0 || compare(l[i - 1], x) <= 0));
  fn("list<dyn>.sum(): dyn", (l: unknown[]) => {
    if (l.length === 0) return 0n;
    if (l.every((x) => typeof x === "bigint")) return (l as bigint[]).reduce((a, b) => a + b, 0n);
    if (l.every((x) => typeof x === "number")) return (l as number[]).reduce((a, b) => a + b, 0);
    throw new Error("sum() needs a list of numbers of one type");
  });
  const extreme = (l: unknown[], sign: number) => {
    if (l.length === 0) throw new Error("min/max of an empty list");
    return l.reduce((a, b) => (compare(b, a) * sign > 0 ? b : a));
  };
  fn("list<dyn>.min(): dyn", (l: unknown[]) => extreme(l, -1));
  fn("list<dyn>.max(): dyn", (l: unknown[]) => extreme(l, 1));
  fn("list<dyn>.indexOf(dyn): int", (l: unknown[], x: unknown) => BigInt(l.findIndex((y) => sameValue(x, y))));
  fn("list<dyn>.lastIndexOf(dyn): int", (l: unknown[], x: unknown) => {
    for (let i = l.length - 1; i >= 0; i--) if (sameValue(x, l[i])) return BigInt(i);
    return -1n;
  });
  fn("list<dyn>.slice(int, int): list<dyn>", (l: unknown[], a: bigint, b: bigint) => {
    if (a < 0n || b < a || b > BigInt(l.length)) throw new Error(`slice(${a}, ${b}) out of range for a list of ${l.length}`);
    return l.slice(Number(a), Number(b));
  });

  // quantity
  env.registerType("Quantity", Quantity);
  fn("quantity(string): Quantity", quantityOf);
  fn("isQuantity(string): bool", (s: string) => Quantity.parse(s) !== undefined);
  fn("Quantity.isInteger(): bool", (q: Quantity) => q.isInteger());
  fn("Quantity.asInteger(): int", (q: Quantity) => q.asInteger());
  fn("Quantity.asApproximateFloat(): double", (q: Quantity) => q.asApproximateFloat());
  fn("Quantity.sign(): int", (q: Quantity) => q.sign());
  fn("Quantity.add(Quantity): Quantity", (q: Quantity, o: Quantity) => q.add(o));
  fn("Quantity.add(int): Quantity", (q: Quantity, o: bigint) => q.add(new Quantity(o, 1n, "")));
  fn("Quantity.sub(Quantity): Quantity", (q: Quantity, o: Quantity) => q.add(new Quantity(-o.num, o.den, "")));
  fn("Quantity.sub(int): Quantity", (q: Quantity, o: bigint) => q.add(new Quantity(-o, 1n, "")));
  fn("Quantity.isGreaterThan(Quantity): bool", (q: Quantity, o: Quantity) => q.compare(o) > 0);
  fn("Quantity.isLessThan(Quantity): bool", (q: Quantity, o: Quantity) => q.compare(o) < 0);
  fn("Quantity.compareTo(Quantity): int", (q: Quantity, o: Quantity) => BigInt(q.compare(o)));

  // url
  env.registerType("URL", CelURL);
  fn("url(string): URL", urlOf);
  fn("isURL(string): bool", (s: string) => CelURL.parse(s) !== undefined);
  fn("URL.getScheme(): string", (u: CelURL) => u.scheme);
  fn("URL.getHost(): string", (u: CelURL) => u.host);
  fn("URL.getHostname(): string", (u: CelURL) => u.hostname);
  fn("URL.getPort(): string", (u: CelURL) => u.port);
  fn("URL.getEscapedPath(): string", (u: CelURL) => u.escapedPath);
  fn("URL.getQuery(): map<string, list<string>>", (u: CelURL) => new Map(u.query));

  // ip and cidr
  env.registerType("net.IP", IPAddr);
  env.registerType("net.CIDR", CIDR);
  fn("ip(string): net.IP", ipOf);
  fn("isIP(string): bool", (s: string) => IPAddr.parse(s) !== undefined);
  fn("net.IP.family(): int", (ip: IPAddr) => ip.family());
  fn("net.IP.isUnspecified(): bool", (ip: IPAddr) => ip.isUnspecified());
  fn("net.IP.isLoopback(): bool", (ip: IPAddr) => ip.isLoopback());
  fn("net.IP.isLinkLocalMulticast(): bool", (ip: IPAddr) => ip.isLinkLocalMulticast());
  fn("net.IP.isLinkLocalUnicast(): bool", (ip: IPAddr) => ip.isLinkLocalUnicast());
  fn("net.IP.isGlobalUnicast(): bool", (ip: IPAddr) => ip.isGlobalUnicast());
  fn("string(net.IP): string", (ip: IPAddr) => ip.toString());
  fn("cidr(string): net.CIDR", cidrOf);
  fn("isCIDR(string): bool", (s: string) => CIDR.parse(s) !== undefined);
  fn("net.CIDR.containsIP(net.IP): bool", (c: CIDR, ip: IPAddr) => c.containsIP(ip));
  fn("net.CIDR.containsIP(string): bool", (c: CIDR, ip: string) => c.containsIP(ipOf(ip)));
  fn("net.CIDR.containsCIDR(net.CIDR): bool", (c: CIDR, o: CIDR) => c.containsCIDR(o));
  fn("net.CIDR.containsCIDR(string): bool", (c: CIDR, o: string) => c.containsCIDR(cidrOf(o)));
  fn("net.CIDR.ip(): net.IP", (c: CIDR) => c.ip);
  fn("net.CIDR.masked(): net.CIDR", (c: CIDR) => c.masked());
  fn("net.CIDR.prefixLength(): int", (c: CIDR) => BigInt(c.prefix));
  fn("string(net.CIDR): string", (c: CIDR) => c.toString());

  // the step meter: capture the evaluator once, then charge every node it runs
  let captured: { run?: unknown } | undefined;
  env.registerFunction("__meter(ast): bool", () => ({
    typeCheck: (chk: { getType(n: string): unknown }) => chk.getType("bool"),
    evaluate: (ev: { run?: unknown }) => ((captured = ev), true),
  }));
  env.evaluate("__meter(1)", {});
  if (!captured) throw new Error("CEL evaluator could not be metered");
  captured.run = function run(this: unknown, ast: AstNode, ctx: unknown) {
    if (++budget.steps > STEP_LIMIT) throw new CelBudgetError(`evaluation exceeded ${STEP_LIMIT} steps`);
    if ((budget.steps & 1023) === 0 && performance.now() > budget.deadline) throw new CelBudgetError(`evaluation exceeded ${TIME_LIMIT_MS} ms`);
    return ast.evaluate(this, ast, ctx);
  };

  knownNames = new Set(env.getDefinitions().functions.map((f) => {
    const sig = (f as { signature: string }).signature;
    const head = sig.slice(0, sig.indexOf("("));
    return head.slice(head.lastIndexOf(".") + 1);
  }).filter((n) => n !== "__meter" && !n.startsWith("re2")));
  knownNames.add("matches");
  return env;
}

function env(): Environment {
  environment ??= createEnvironment();
  return environment;
}

/** The functions and macros CEL expressions may call (for docs and tests). */
export function supportedFunctions(): string[] {
  env();
  return [...(knownNames as Set<string>)].sort();
}

// ---------------------------------------------------------------- compile and run

function walk(node: unknown, visit: (n: AstNode) => void): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  const n = node as AstNode;
  if (typeof n.op !== "string") return;
  visit(n);
  if (Array.isArray(n.args)) for (const a of n.args) walk(a, visit);
  else walk(n.args, visit);
}

/** Parses and type-checks an expression. */
export function compileCel(source: string): { program: CelProgram } | { problem: CelCompileProblem } {
  const e = env();
  let parsed: ReturnType<Environment["parse"]>;
  try {
    parsed = e.parse(source);
  } catch (err) {
    return { problem: problemOf(err) };
  }
  let unsupported: { name: string; offset: number } | undefined;
  walk(parsed.ast, (n) => {
    if (n.op !== "call" && n.op !== "rcall") return;
    const args = n.args as unknown[];
    const name = args[0];
    if (typeof name !== "string") return;
    if (name === "matches") args[0] = "re2Matches";
    else if (!knownNames?.has(name) && !unsupported) unsupported = { name, offset: n.start };
  });
  if (unsupported) {
    return { problem: { message: `function "${unsupported.name}" is not supported by shipshape's CEL evaluator`, offset: unsupported.offset, unsupported: unsupported.name } };
  }
  const checked = parsed.check();
  if (!checked.valid) return { problem: problemOf(checked.error) };
  return {
    program: {
      source,
      run(vars) {
        budget.steps = 0;
        budget.deadline = performance.now() + TIME_LIMIT_MS;
        return parsed(vars);
      },
    },
  };
}

function problemOf(err: unknown): CelCompileProblem {
  const e = err as { summary?: string; message?: string; range?: { start: number } };
  const message = (e.summary ?? e.message ?? String(err)).split("\n")[0] ?? String(err);
  return { message: message.replace(/re2Matches/g, "matches"), offset: e.range?.start ?? 0 };
}

/** A readable one-line reason for an evaluation error. */
export function evalErrorMessage(err: unknown): string {
  const e = err as { summary?: string; message?: string };
  return ((e.summary ?? e.message ?? String(err)).split("\n")[0] ?? "").replace(/re2Matches/g, "matches");
}

const converted = new WeakMap<object, unknown>();

/** Plain JSON-like values → CEL values: integral numbers become ints (bigint), like JSON integers on the API server. */
export function toCel(v: unknown): unknown {
  if (typeof v === "number") return Number.isInteger(v) && Number.isSafeInteger(v) ? BigInt(v) : v;
  if (v === null || typeof v !== "object") return v;
  const hit = converted.get(v);
  if (hit !== undefined) return hit;
  let out: unknown;
  if (Array.isArray(v)) out = v.map(toCel);
  else if (v instanceof Map) out = new Map([...v].map(([k, x]) => [k, toCel(x)]));
  else if (v instanceof Date) out = v.toISOString();
  else {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = toCel(x);
    out = o;
  }
  converted.set(v, out);
  return out;
}

/** A CEL value as message text. */
export function celToString(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "bigint" || typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "null";
  if (v instanceof Quantity || v instanceof IPAddr || v instanceof CIDR) return v.toString();
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? Number(x) : x instanceof Map ? Object.fromEntries(x) : x));
  } catch {
    return String(v);
  }
}
