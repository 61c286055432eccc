/**
 * The one CEL helper: an environment with the Kubernetes CEL libraries, compilation with
 * "unsupported function" detection, and bounded evaluation.
 *
 * Library: @marcbachmann/cel-js (pinned), chosen over @bufbuild/cel because it parses the
 * optional syntax (`a.?b`, `[?k]`, `optional.*`) that Kubernetes policies use, has zero
 * dependencies and a type checker that locates errors. Regular expressions run on re2js (RE2
 * semantics, linear time), like the API server, never on JavaScript's backtracking engine.
 * Where the library's own string functions differ from cel-go (UTF-16 indexes, Unicode case
 * mapping), calls are renamed at compile time to shipshape's implementations (`cel-ext.ts`).
 *
 * Bounding (`cel-budget.ts`): every AST node evaluation costs one step, library functions charge
 * steps in proportion to their work, `+` charges the size of the string or list it builds; an
 * evaluation stops after STEP_LIMIT steps (deterministic) or TIME_LIMIT_MS of wall time (a
 * backstop), whichever comes first.
 */
import { Environment } from "@marcbachmann/cel-js";
import { RE2JS } from "re2js";
import { CIDR, CelURL, IPAddr, Quantity } from "./k8s-values.js";
import { charge, resetBudget, strCost } from "./cel-budget.js";
import * as ext from "./cel-ext.js";

export { CelBudgetError, STEP_LIMIT, TIME_LIMIT_MS } from "./cel-budget.js";

const MAX_AST_NODES = 5_000;
const MAX_REGEX_LENGTH = 2_000;

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

// ---------------------------------------------------------------- what is supported

/**
 * Every function and macro an expression may call, by area: the single source of truth for
 * docs/policies.md (generated from it, see `celSupportTable`) and checked by a test against the
 * functions the environment actually registers.
 */
export const CEL_LIBRARY: readonly { area: string; names: readonly string[] }[] = [
  { area: "macros", names: ["has", "all", "exists", "exists_one", "map", "filter", "cel.bind"] },
  { area: "conversions", names: ["bool", "bytes", "double", "duration", "dyn", "int", "string", "timestamp", "type", "uint"] },
  { area: "standard", names: ["size", "contains", "startsWith", "endsWith", "matches"] },
  { area: "timestamps and durations", names: ["getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getFullYear", "getHours", "getMilliseconds", "getMinutes", "getMonth", "getSeconds"] },
  { area: "strings (cel-go ext)", names: ["charAt", "indexOf", "lastIndexOf", "lowerAscii", "upperAscii", "replace", "split", "substring", "trim", "join", "reverse", "format", "strings.quote"] },
  { area: "regex (RE2)", names: ["matches", "find", "findAll"] },
  { area: "lists (Kubernetes and cel-go ext)", names: ["isSorted", "sum", "min", "max", "indexOf", "lastIndexOf", "slice", "flatten", "distinct", "sort", "reverse", "first", "last", "lists.range"] },
  { area: "sets (cel-go ext)", names: ["sets.contains", "sets.equivalent", "sets.intersects"] },
  { area: "encoders (cel-go ext)", names: ["base64.decode", "base64.encode"] },
  { area: "quantity", names: ["quantity", "isQuantity", "isInteger", "asInteger", "asApproximateFloat", "sign", "add", "sub", "isGreaterThan", "isLessThan", "compareTo"] },
  { area: "url", names: ["url", "isURL", "getScheme", "getHost", "getHostname", "getPort", "getEscapedPath", "getQuery"] },
  { area: "ip", names: ["ip", "isIP", "ip.isCanonical", "isCanonical", "family", "isUnspecified", "isLoopback", "isLinkLocalMulticast", "isLinkLocalUnicast", "isGlobalUnicast", "string"] },
  { area: "cidr", names: ["cidr", "isCIDR", "containsIP", "containsCIDR", "ip", "masked", "prefixLength", "string"] },
  { area: "optional", names: ["optional.of", "optional.none", "hasValue", "value", "or", "orValue"] },
];

/** Functions the underlying library has but the API server does not: refused like any unknown function. */
const NOT_KUBERNETES = new Set(["json", "hex", "at", "base64", "string"]);
/** Library functions whose semantics differ from cel-go: calls are renamed to shipshape's. */
const RENAMED = new Set(["indexOf", "lastIndexOf", "lowerAscii", "upperAscii", "trim", "substring", "split", "join", "matches"]);
const INTERNAL = "k8s_";
/** Identifiers that name a function namespace (`sets.contains(...)`), not a value. */
const NAMESPACES = ["sets", "strings", "ip", "lists", "base64", "cel", "optional", "format", "math", "semver"];
const OWN_NAMESPACES = ["sets", "strings", "ip", "lists", "base64"];
const NAMESPACE_TYPES: Record<string, string> = {
  CelNamespace: "cel",
  OptionalNamespace: "optional",
  ...Object.fromEntries(OWN_NAMESPACES.map((ns) => [`${ns}Namespace`, ns])),
};

// ---------------------------------------------------------------- environment

interface AstNode {
  op: string;
  args: unknown;
  start: number;
  end: number;
  evaluate(ev: unknown, ast: AstNode, ctx: unknown): unknown;
}

function regex(pattern: string): RE2JS {
  if (pattern.length > MAX_REGEX_LENGTH) throw new Error(`regular expression longer than ${MAX_REGEX_LENGTH} characters`);
  return RE2JS.compile(pattern);
}

/** RE2 runs in time linear in pattern × input; charge that, as the API server estimates regex cost. */
function chargeRegex(s: string, pattern: string): void {
  charge(strCost(s) * (1 + Math.ceil(pattern.length / 4)));
}

function quantityOf(s: string): Quantity {
  const q = Quantity.parse(s);
  if (!q) throw new Error(`invalid quantity "${s}"`);
  return q;
}
function ipOf(s: string): IPAddr {
  const ip = IPAddr.parse(s);
  if (!ip) throw new Error(`IP Address "${s}" parse error during conversion from string`);
  return ip;
}
function cidrOf(s: string): CIDR {
  const c = CIDR.parse(s);
  if (!c) throw new Error(`network address "${s}" parse error during conversion from string`);
  return c;
}
function urlOf(s: string): CelURL {
  const u = CelURL.parse(s);
  if (!u) throw new Error(`URL parse error: "${s}" must be an absolute URI or an absolute path`);
  return u;
}

/** Namespace objects: `sets`, `strings`, … evaluate to these, and their functions take them as receiver. */
class NamespaceValue {}

/** Function names this environment knows (methods and globals by name, namespaced ones as `ns.name`). */
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
  const k = INTERNAL;
  for (const ns of OWN_NAMESPACES) {
    const Namespace = class extends NamespaceValue {};
    env.registerType(`${ns}Namespace`, Namespace);
    env.registerConstant(ns, `${ns}Namespace`, new Namespace());
  }

  // regex (RE2), replacing the library's JavaScript-RegExp `matches`
  const matches = (s: string, p: string) => (chargeRegex(s, p), regex(p).matcher(s).find());
  fn(`string.${k}matches(string): bool`, matches);
  fn(`${k}matches(string, string): bool`, matches);
  fn("string.find(string): string", (s: string, p: string) => {
    chargeRegex(s, p);
    const m = regex(p).matcher(s);
    return m.find() ? m.group() ?? "" : "";
  });
  const findAll = (s: string, p: string, limit: bigint) => {
    chargeRegex(s, p);
    const m = regex(p).matcher(s);
    const out: string[] = [];
    while ((limit < 0n || BigInt(out.length) < limit) && m.find()) {
      charge(1);
      out.push(m.group() ?? "");
    }
    return out;
  };
  fn("string.findAll(string): list<string>", (s: string, p: string) => findAll(s, p, -1n));
  fn("string.findAll(string, int): list<string>", (s: string, p: string, n: bigint) => findAll(s, p, n));

  // strings (cel-go ext.Strings, by code point)
  fn("string.charAt(int): string", ext.charAt);
  fn(`string.${k}indexOf(string): int`, (s: string, x: string) => ext.indexOf(s, x));
  fn(`string.${k}indexOf(string, int): int`, ext.indexOf);
  fn(`string.${k}lastIndexOf(string): int`, (s: string, x: string) => ext.lastIndexOf(s, x));
  fn(`string.${k}lastIndexOf(string, int): int`, ext.lastIndexOf);
  fn(`string.${k}lowerAscii(): string`, ext.lowerAscii);
  fn(`string.${k}upperAscii(): string`, ext.upperAscii);
  fn(`string.${k}trim(): string`, ext.trim);
  fn(`string.${k}substring(int): string`, (s: string, a: bigint) => ext.substring(s, a));
  fn(`string.${k}substring(int, int): string`, ext.substring);
  fn(`string.${k}split(string): list<string>`, (s: string, sep: string) => ext.split(s, sep));
  fn(`string.${k}split(string, int): list<string>`, ext.split);
  fn(`list<dyn>.${k}join(): string`, (l: unknown[]) => ext.join(l));
  fn(`list<dyn>.${k}join(string): string`, ext.join);
  fn("string.replace(string, string): string", (s: string, a: string, b: string) => ext.replace(s, a, b));
  fn("string.replace(string, string, int): string", ext.replace);
  fn("string.reverse(): string", ext.reverseString);
  fn("string.format(list<dyn>): string", ext.format);
  fn(`stringsNamespace.quote(string): string`, (_ns: unknown, s: string) => ext.quote(s));

  // lists (Kubernetes list library, cel-go ext.Lists)
  fn("list<dyn>.isSorted(): bool", ext.isSorted);
  fn("list<dyn>.sum(): dyn", ext.sum);
  fn("list<dyn>.min(): dyn", (l: unknown[]) => ext.extreme(l, -1));
  fn("list<dyn>.max(): dyn", (l: unknown[]) => ext.extreme(l, 1));
  fn(`list<dyn>.${k}indexOf(dyn): int`, ext.listIndexOf);
  fn(`list<dyn>.${k}lastIndexOf(dyn): int`, ext.listLastIndexOf);
  fn("list<dyn>.slice(int, int): list<dyn>", ext.slice);
  fn("list<dyn>.flatten(): list<dyn>", (l: unknown[]) => ext.flatten(l));
  fn("list<dyn>.flatten(int): list<dyn>", ext.flatten);
  fn("list<dyn>.distinct(): list<dyn>", ext.distinct);
  fn("list<dyn>.sort(): list<dyn>", ext.sort);
  fn("list<dyn>.reverse(): list<dyn>", ext.reverseList);
  fn("list<dyn>.first(): optional<dyn>", ext.first);
  fn("list<dyn>.last(): optional<dyn>", ext.last);
  fn(`listsNamespace.range(int): list<int>`, (_ns: unknown, n: bigint) => ext.range(n));

  // sets (cel-go ext.Sets)
  fn(`setsNamespace.contains(list<dyn>, list<dyn>): bool`, (_ns: unknown, a: unknown[], b: unknown[]) => ext.setsContains(a, b));
  fn(`setsNamespace.equivalent(list<dyn>, list<dyn>): bool`, (_ns: unknown, a: unknown[], b: unknown[]) => ext.setsEquivalent(a, b));
  fn(`setsNamespace.intersects(list<dyn>, list<dyn>): bool`, (_ns: unknown, a: unknown[], b: unknown[]) => ext.setsIntersects(a, b));

  // encoders (cel-go ext.Encoders)
  fn(`base64Namespace.decode(string): bytes`, (_ns: unknown, s: string) => ext.base64Decode(s));
  fn(`base64Namespace.encode(bytes): string`, (_ns: unknown, b: Uint8Array) => ext.base64Encode(b));

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
  env.registerOperator("Quantity == Quantity", (a: Quantity, b: Quantity) => a.compare(b) === 0);

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
  env.registerOperator("URL == URL", (a: CelURL, b: CelURL) => a.text === b.text);

  // ip and cidr
  env.registerType("net.IP", IPAddr);
  env.registerType("net.CIDR", CIDR);
  fn("ip(string): net.IP", ipOf);
  fn("isIP(string): bool", (s: string) => IPAddr.parse(s) !== undefined);
  fn(`ipNamespace.isCanonical(string): bool`, (_ns: unknown, s: string) => ipOf(s).toString() === s);
  fn("net.IP.isCanonical(): bool", (ip: IPAddr) => ip.toString() === ip.text);
  fn("net.IP.family(): int", (ip: IPAddr) => ip.family());
  fn("net.IP.isUnspecified(): bool", (ip: IPAddr) => ip.isUnspecified());
  fn("net.IP.isLoopback(): bool", (ip: IPAddr) => ip.isLoopback());
  fn("net.IP.isLinkLocalMulticast(): bool", (ip: IPAddr) => ip.isLinkLocalMulticast());
  fn("net.IP.isLinkLocalUnicast(): bool", (ip: IPAddr) => ip.isLinkLocalUnicast());
  fn("net.IP.isGlobalUnicast(): bool", (ip: IPAddr) => ip.isGlobalUnicast());
  fn("string(net.IP): string", (ip: IPAddr) => ip.toString());
  env.registerOperator("net.IP == net.IP", (a: IPAddr, b: IPAddr) => ext.ipEquals(a, b));
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
  env.registerOperator("net.CIDR == net.CIDR", (a: CIDR, b: CIDR) => a.prefix === b.prefix && ext.ipEquals(a.ip, b.ip));

  // the step meter: capture the evaluator once, then charge every node it runs; `+` also pays
  // for the string or list it builds, so repeated doubling cannot exhaust memory in few steps
  let captured: { run?: unknown } | undefined;
  env.registerFunction("__meter(ast): bool", () => ({
    typeCheck: (chk: { getType(n: string): unknown }) => chk.getType("bool"),
    evaluate: (ev: { run?: unknown }) => ((captured = ev), true),
  }));
  env.evaluate("__meter(1)", {});
  if (!captured) throw new Error("CEL evaluator could not be metered");
  captured.run = function run(this: unknown, ast: AstNode, ctx: unknown) {
    charge(1);
    const out = ast.evaluate(this, ast, ctx);
    if (ast.op === "+") {
      if (typeof out === "string") charge(Math.ceil(out.length / 10));
      else if (Array.isArray(out)) charge(out.length);
    }
    return out;
  };

  knownNames = new Set(env.getDefinitions().functions.flatMap((f) => {
    const sig = (f as { signature: string }).signature;
    const head = sig.slice(0, sig.indexOf("("));
    const dot = head.lastIndexOf(".");
    const name = head.slice(dot + 1).replace(INTERNAL, "");
    const receiver = dot < 0 ? "" : head.slice(0, dot);
    if (name === "__meter" || (name === "type" && receiver === "")) return name === "type" ? ["type"] : [];
    if (receiver in NAMESPACE_TYPES) return [`${NAMESPACE_TYPES[receiver] as string}.${name}`];
    if (receiver !== "" && NOT_KUBERNETES.has(name) && receiver === "bytes") return [];
    return [name];
  }));
  return env;
}

function env(): Environment {
  environment ??= createEnvironment();
  return environment;
}

/** The functions and macros CEL expressions may call (for docs and tests); namespaced ones as `ns.name`. */
export function supportedFunctions(): string[] {
  env();
  return [...(knownNames as Set<string>)].sort();
}

/** The markdown table of docs/policies.md's "What CEL supports here" section, from CEL_LIBRARY. */
export function celSupportTable(): string {
  const rows = CEL_LIBRARY.map((a) => `| ${a.area} | ${a.names.map((n) => `\`${n}\``).join(", ")} |`);
  return ["| area | functions |", "|---|---|", ...rows, ""].join("\n");
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
  // the leftmost unsupported call, the innermost when several start at one offset (`semver('1').major()`)
  let unsupported: { name: string; offset: number } | undefined;
  const refuse = (name: string, offset: number) => {
    if (!unsupported || offset <= unsupported.offset) unsupported = { name, offset };
  };
  walk(parsed.ast, (n) => {
    if (n.op !== "call" && n.op !== "rcall") return;
    const args = n.args as unknown[];
    const name = args[0];
    if (typeof name !== "string") return;
    const receiver = n.op === "rcall" ? (args[1] as AstNode | undefined) : undefined;
    if (receiver?.op === "id" && typeof receiver.args === "string" && NAMESPACES.includes(receiver.args)) {
      const qualified = `${receiver.args}.${name}`;
      if (!knownNames?.has(qualified)) refuse(qualified, n.start);
      return;
    }
    if (!knownNames?.has(name) || (receiver && NOT_KUBERNETES.has(name))) refuse(name, n.start);
    else if (RENAMED.has(name)) args[0] = `${INTERNAL}${name}`;
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
        resetBudget();
        return parsed(vars);
      },
    },
  };
}

function problemOf(err: unknown): CelCompileProblem {
  const e = err as { summary?: string; message?: string; range?: { start: number } };
  const message = (e.summary ?? e.message ?? String(err)).split("\n")[0] ?? String(err);
  return { message: userFacing(message), offset: e.range?.start ?? 0 };
}

/** A readable one-line reason for an evaluation error. */
export function evalErrorMessage(err: unknown): string {
  const e = err as { summary?: string; message?: string };
  return userFacing((e.summary ?? e.message ?? String(err)).split("\n")[0] ?? "");
}

/** Error text with shipshape's internal function and namespace names shown as the user wrote them. */
function userFacing(message: string): string {
  return message.replace(new RegExp(`\\b${INTERNAL}(\\w+)`, "g"), "$1").replace(new RegExp(`\\b(${OWN_NAMESPACES.join("|")})Namespace\\b`, "g"), "$1");
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
