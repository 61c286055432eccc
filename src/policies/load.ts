/**
 * Reads declarative CEL policies: inline `policies:` entries of the config and the
 * `*.policy.yaml` files (globs) it lists. A policy that does not compile is a configuration
 * error at its file and line; a function this evaluator lacks is a note there, and the
 * validation that uses it is skipped.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { isScalar } from "yaml";
import { relPosix } from "../discover/git.js";
import { ConfigError, didYouMean } from "../engine/config-errors.js";
import type { Notification } from "../engine/types.js";
import { locate } from "../load/locate.js";
import { parseYaml, type ParsedDocument, type SourceText } from "../load/parse.js";
import type { Path } from "../model/path.js";
import { isObj, type Obj } from "../model/values.js";
import { CATEGORIES, type Category, type Level, type Rule } from "../rule-api.js";
import { compileCel, type CelProgram } from "./cel.js";
import { parseDottedPath } from "./paths.js";
import { policyRule, type NamedProgram, type PolicyDefinition, type PolicyMatch, type PolicyValidation } from "./policy-rule.js";

export const POLICY_ID = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\/[a-z0-9]([a-z0-9-]*[a-z0-9])?)?$/;
const POLICY_KEYS = ["id", "title", "description", "remediation", "level", "securitySeverity", "category", "tags", "match", "matchConditions", "variables", "validations", "path"];
const MATCH_KEYS = ["kinds", "namespaces", "excludedNamespaces", "labelSelector", "paths", "excludedPaths"];
const LEVELS: readonly Level[] = ["error", "warning", "note"];

/** One `policies:` entry as written in the config: a glob (string) or an inline policy, with its line. */
export interface PolicyEntry {
  value: unknown;
  /** The path of the entry inside the config document. */
  at: Path;
}

export interface PolicySource {
  /** Display path of the file (relative to cwd). */
  display: string;
  source: SourceText;
  doc: ParsedDocument;
}

export interface LoadedPolicies {
  rules: Rule[];
  notifications: Notification[];
}

/** Loads every policy listed in the config; throws ConfigError for a policy that is wrong. */
export function loadPolicies(entries: readonly PolicyEntry[], config: PolicySource, configDir: string, cwd: string): LoadedPolicies {
  const out: LoadedPolicies = { rules: [], notifications: [] };
  const relativeToConfig = (file: string) => relPosix(configDir, path.resolve(cwd, file));
  const add = (src: PolicySource, at: Path, value: unknown) => {
    const def = readPolicy(src, at, value, relativeToConfig, out.notifications);
    out.rules.push(policyRule(def));
  };
  for (const e of entries) {
    if (isObj(e.value)) {
      add(config, e.at, e.value);
      continue;
    }
    if (typeof e.value !== "string") throw fail(config, e.at, "each policies entry must be a file glob or an inline policy (a map with id and validations)");
    const files = fg.sync(e.value, { cwd: configDir, absolute: true, onlyFiles: true, dot: true }).sort();
    if (files.length === 0) throw fail(config, e.at, `policies: "${e.value}" matches no file (globs are relative to the config file's directory)`);
    for (const abs of files) {
      const display = relPosix(cwd, abs);
      let text: string;
      try {
        text = readFileSync(abs, "utf8");
      } catch (err) {
        throw new ConfigError(`cannot read policy file: ${(err as Error).message}`, display);
      }
      const parsed = parseYaml(text, "1.2");
      const problem = parsed.problems[0];
      if (problem) throw new ConfigError(problem.message, display, problem.range.line);
      for (const doc of parsed.documents) {
        if (doc.value === null || doc.value === undefined) continue;
        add({ display, source: parsed.source, doc }, [], doc.value);
      }
    }
  }
  const ids = new Set<string>();
  for (const r of out.rules) {
    if (ids.has(r.meta.id)) throw new ConfigError(`policy id "${r.meta.id}" is defined twice`);
    ids.add(r.meta.id);
  }
  return out;
}

function lineOf(src: PolicySource, at: Path): number {
  return locate(src.doc.ast, src.source, at).line;
}

function fail(src: PolicySource, at: Path, message: string): ConfigError {
  return new ConfigError(message, src.display, lineOf(src, at));
}

function strings(src: PolicySource, at: Path, v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return [v];
  if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) throw fail(src, at, `${what} must be a list of strings`);
  return v as string[];
}

function keys(src: PolicySource, at: Path, v: Obj, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(v)) if (!allowed.includes(k)) throw fail(src, [...at, k], `unknown key "${k}" in ${where}${didYouMean(k, allowed)}`);
}

/** The line of a character offset inside an expression (block scalars keep their lines). */
function expressionLine(src: PolicySource, at: Path, text: string, offset: number): number {
  const node = src.doc.ast.getIn(at, true);
  if (isScalar(node) && node.range && (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED")) {
    const header = src.source.position(node.range[0]).line;
    return header + 1 + (text.slice(0, Math.min(offset, text.trimEnd().length)).match(/\n/g)?.length ?? 0);
  }
  return lineOf(src, at);
}

interface Compiled {
  program?: CelProgram;
}

function compile(src: PolicySource, at: Path, v: unknown, policyId: string, what: string, notes: Notification[]): Compiled {
  if (typeof v !== "string" || v.trim() === "") throw fail(src, at, `policy "${policyId}": ${what} must be a non-empty CEL expression`);
  const c = compileCel(v);
  if ("program" in c) return { program: c.program };
  const line = expressionLine(src, at, v, c.problem.offset);
  if (c.problem.unsupported) {
    notes.push({ level: "note", file: src.display, line, id: "policy-unsupported-function", message: `policy "${policyId}": ${what} is skipped: ${c.problem.message}` });
    return {};
  }
  throw new ConfigError(`policy "${policyId}": ${what} does not compile: ${c.problem.message}`, src.display, line);
}

function readPolicy(src: PolicySource, at: Path, value: unknown, relativeToConfig: (f: string) => string, notes: Notification[]): PolicyDefinition {
  if (!isObj(value)) throw fail(src, at, "a policy must be a map with id, match and validations");
  keys(src, at, value, POLICY_KEYS, "a policy");
  const id = value.id;
  if (typeof id !== "string" || !POLICY_ID.test(id)) throw fail(src, [...at, "id"], "a policy needs an `id` in kebab-case (optionally `namespace/id`)");
  const level = value.level ?? "error";
  if (!LEVELS.includes(level as Level)) throw fail(src, [...at, "level"], `policy "${id}": level must be one of ${LEVELS.join(", ")}`);
  const sev = value.securitySeverity;
  if (sev !== undefined && (typeof sev !== "number" || sev < 0.1 || sev > 10)) throw fail(src, [...at, "securitySeverity"], `policy "${id}": securitySeverity must be a number from 0.1 to 10.0`);
  const category = value.category ?? "workload";
  if (!(CATEGORIES as readonly string[]).includes(category as string)) throw fail(src, [...at, "category"], `policy "${id}": category must be one of ${CATEGORIES.join(", ")}`);
  const defaultPath = readPath(src, [...at, "path"], value.path, id) ?? ["metadata", "name"];

  const match: PolicyMatch = { kinds: [], namespaces: [], excludedNamespaces: [], labelSelector: undefined, paths: [], excludedPaths: [] };
  if (value.match !== undefined) {
    const m = value.match;
    const mp: Path = [...at, "match"];
    if (!isObj(m)) throw fail(src, mp, `policy "${id}": match must be a map`);
    keys(src, mp, m, MATCH_KEYS, "match");
    if (m.kinds !== undefined) {
      if (!Array.isArray(m.kinds)) throw fail(src, [...mp, "kinds"], `policy "${id}": match.kinds must be a list of { apiGroups, kinds }`);
      match.kinds = m.kinds.map((k, i) => {
        const kp: Path = [...mp, "kinds", i];
        if (!isObj(k)) throw fail(src, kp, `policy "${id}": each match.kinds entry is a map of apiGroups and kinds`);
        keys(src, kp, k, ["apiGroups", "kinds"], "a match.kinds entry");
        const kinds = strings(src, [...kp, "kinds"], k.kinds, "kinds");
        if (kinds.length === 0) throw fail(src, kp, `policy "${id}": a match.kinds entry needs kinds (use "*" for any)`);
        return { apiGroups: k.apiGroups === undefined ? ["*"] : strings(src, [...kp, "apiGroups"], k.apiGroups, "apiGroups"), kinds };
      });
    }
    match.namespaces = strings(src, [...mp, "namespaces"], m.namespaces, "namespaces");
    match.excludedNamespaces = strings(src, [...mp, "excludedNamespaces"], m.excludedNamespaces, "excludedNamespaces");
    if (m.labelSelector !== undefined && !isObj(m.labelSelector)) throw fail(src, [...mp, "labelSelector"], `policy "${id}": labelSelector must be a map (matchLabels, matchExpressions)`);
    match.labelSelector = m.labelSelector;
    match.paths = strings(src, [...mp, "paths"], m.paths, "paths");
    match.excludedPaths = strings(src, [...mp, "excludedPaths"], m.excludedPaths, "excludedPaths");
  }

  const named = (key: "matchConditions" | "variables"): NamedProgram[] => {
    const list = value[key];
    if (list === undefined) return [];
    if (!Array.isArray(list)) throw fail(src, [...at, key], `policy "${id}": ${key} must be a list of { name, expression }`);
    const out: NamedProgram[] = [];
    list.forEach((v, i) => {
      const p: Path = [...at, key, i];
      if (!isObj(v)) throw fail(src, p, `policy "${id}": each ${key} entry is a map of name and expression`);
      keys(src, p, v, ["name", "expression"], `a ${key} entry`);
      if (typeof v.name !== "string" || v.name === "") throw fail(src, [...p, "name"], `policy "${id}": each ${key} entry needs a name`);
      if (key === "variables" && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.name)) throw fail(src, [...p, "name"], `policy "${id}": variable names must be CEL identifiers (letters, digits, _)`);
      const c = compile(src, [...p, "expression"], v.expression, id, `${key === "variables" ? "variable" : "matchCondition"} "${v.name}"`, notes);
      if (c.program) out.push({ name: v.name, program: c.program });
    });
    return out;
  };
  const matchConditions = named("matchConditions");
  const variables = named("variables");

  const vals = value.validations;
  if (!Array.isArray(vals) || vals.length === 0) throw fail(src, [...at, "validations"], `policy "${id}" needs validations (a list of { expression, message })`);
  const validations: PolicyValidation[] = [];
  vals.forEach((v, i) => {
    const p: Path = [...at, "validations", i];
    if (!isObj(v)) throw fail(src, p, `policy "${id}": each validation is a map with expression and message`);
    keys(src, p, v, ["expression", "message", "messageExpression", "path", "reason"], "a validation");
    const what = `validation ${i + 1}`;
    const c = compile(src, [...p, "expression"], v.expression, id, what, notes);
    if (v.message !== undefined && typeof v.message !== "string") throw fail(src, [...p, "message"], `policy "${id}": message must be a string`);
    const me = v.messageExpression !== undefined ? compile(src, [...p, "messageExpression"], v.messageExpression, id, `${what} messageExpression`, notes) : {};
    if (!c.program) return;
    validations.push({
      program: c.program,
      ...(typeof v.message === "string" ? { message: v.message } : {}),
      ...(me.program ? { messageExpression: me.program } : {}),
      path: readPath(src, [...p, "path"], v.path, id) ?? defaultPath,
    });
  });

  const title = typeof value.title === "string" ? value.title : `Organisation policy ${id}`;
  return {
    id,
    title,
    description: typeof value.description === "string" ? value.description : `A CEL policy defined in ${src.display}.`,
    remediation: typeof value.remediation === "string" ? value.remediation : "Change the resource so that the policy's validations hold, or ask the policy's owners for an exception.",
    level: level as Level,
    ...(typeof sev === "number" ? { securitySeverity: sev } : {}),
    category: category as Category,
    tags: strings(src, [...at, "tags"], value.tags, "tags"),
    match,
    matchConditions,
    variables,
    validations,
    file: src.display,
    line: lineOf(src, at.length > 0 ? at : ["id"]),
    relativeToConfig,
  };
}

function readPath(src: PolicySource, at: Path, v: unknown, id: string): Path | undefined {
  if (v === undefined) return undefined;
  const p = typeof v === "string" ? parseDottedPath(v) : undefined;
  if (!p || p.length === 0) throw fail(src, at, `policy "${id}": path must be a field path such as spec.replicas or metadata.labels["team"]`);
  return p;
}
