/**
 * A declarative CEL policy (the `policies:` of the config) as a rule: match, matchConditions,
 * variables and validations in the shape of a ValidatingAdmissionPolicy, plus our id, level,
 * securitySeverity and path.
 */
import { minimatch } from "minimatch";
import type { Path } from "../model/path.js";
import { displayName, type Resource } from "../model/resource.js";
import { selectorMatches } from "../model/selectors.js";
import { defineRule, type Category, type Level, type Rule } from "../rule-api.js";
import { PRESET_NAMES } from "../rule-api.js";
import { CelBudgetError, celToString, evalErrorMessage, toCel, type CelProgram } from "./cel.js";
import { admissionRequest, resourceNameOf } from "./requests.js";

export interface PolicyMatch {
  /** `[{ apiGroups, kinds }]`; empty matches every kind. `*` matches any group or kind. */
  kinds: { apiGroups: string[]; kinds: string[] }[];
  namespaces: string[];
  excludedNamespaces: string[];
  labelSelector: unknown;
  /** Globs relative to the config file's directory. */
  paths: string[];
  excludedPaths: string[];
}

export interface NamedProgram {
  name: string;
  program: CelProgram;
}

export interface PolicyValidation {
  program: CelProgram;
  message?: string;
  messageExpression?: CelProgram;
  path: Path;
}

export interface PolicyDefinition {
  id: string;
  title: string;
  description: string;
  remediation: string;
  level: Level;
  securitySeverity?: number;
  category: Category;
  tags: string[];
  match: PolicyMatch;
  matchConditions: NamedProgram[];
  variables: NamedProgram[];
  validations: PolicyValidation[];
  /** Where the policy is written (display path and line), for messages. */
  file: string;
  line: number;
  /** Maps a resource's display file to a path relative to the config directory (for `paths`). */
  relativeToConfig: (file: string) => string;
}

function listMatches(list: readonly string[], value: string): boolean {
  return list.includes("*") || list.includes(value);
}

export function policyMatches(m: PolicyMatch, r: Resource, rel: () => string): boolean {
  if (m.kinds.length > 0 && !m.kinds.some((k) => listMatches(k.apiGroups, r.group) && listMatches(k.kinds, r.kind))) return false;
  if (m.namespaces.length > 0 && (r.namespace === undefined || !m.namespaces.includes(r.namespace))) return false;
  if (r.namespace !== undefined && m.excludedNamespaces.includes(r.namespace)) return false;
  if (m.labelSelector !== undefined && !selectorMatches(m.labelSelector, r.labels)) return false;
  if (m.paths.length > 0 || m.excludedPaths.length > 0) {
    const file = rel();
    if (m.paths.length > 0 && !m.paths.some((g) => minimatch(file, g, { dot: true }))) return false;
    if (m.excludedPaths.some((g) => minimatch(file, g, { dot: true }))) return false;
  }
  return true;
}

/**
 * The `variables` map of one evaluation: each variable is computed on first use (as the API
 * server does), so an unused variable that fails does not fail the policy.
 */
export function lazyVariables(defs: readonly NamedProgram[], base: Record<string, unknown>): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  const scope = { ...base, variables: vars };
  for (const d of defs) {
    let state: { value: unknown } | { error: unknown } | undefined;
    Object.defineProperty(vars, d.name, {
      enumerable: true,
      get() {
        if (!state) {
          try {
            state = { value: d.program.run(scope) };
          } catch (error) {
            state = { error };
          }
        }
        if ("error" in state) throw state.error;
        return state.value;
      },
    });
  }
  return scope;
}

export type Outcome =
  | { kind: "pass" }
  | { kind: "fail"; message: string; path: Path; index: number }
  | { kind: "error"; reason: string; index: number | undefined };

/** Runs matchConditions, then every validation, on variables already set up. */
export function evaluateValidations(
  scope: Record<string, unknown>,
  conditions: readonly NamedProgram[],
  validations: readonly PolicyValidation[],
): Outcome[] {
  for (const c of conditions) {
    let v: unknown;
    try {
      v = c.program.run(scope);
    } catch (e) {
      return [{ kind: "error", reason: `matchCondition "${c.name}" failed: ${reasonOf(e)}`, index: undefined }];
    }
    if (v === false) return [];
    if (v !== true) return [{ kind: "error", reason: `matchCondition "${c.name}" returned ${celToString(v)}, not a bool`, index: undefined }];
  }
  const out: Outcome[] = [];
  validations.forEach((val, index) => {
    let v: unknown;
    try {
      v = val.program.run(scope);
    } catch (e) {
      out.push({ kind: "error", reason: `validation ${index + 1} failed to evaluate: ${reasonOf(e)}`, index });
      return;
    }
    if (v === true) return;
    if (v !== false) {
      out.push({ kind: "error", reason: `validation ${index + 1} returned ${celToString(v)}, not a bool`, index });
      return;
    }
    out.push({ kind: "fail", message: failureMessage(scope, val), path: val.path, index });
  });
  return out.length > 0 ? out : [{ kind: "pass" }];
}

function failureMessage(scope: Record<string, unknown>, val: PolicyValidation): string {
  if (val.messageExpression) {
    try {
      const m = val.messageExpression.run(scope);
      // as on the API server: a messageExpression that fails or is empty falls back to message
      if (typeof m === "string" && m.trim() !== "" && !m.includes("\n")) return m;
    } catch {
      /* fall back */
    }
  }
  return val.message ?? `failed expression: ${val.program.source.trim()}`;
}

function reasonOf(e: unknown): string {
  return e instanceof CelBudgetError ? `${e.message} (cost limit)` : evalErrorMessage(e);
}

/** Builds the rule of one policy. */
export function policyRule(def: PolicyDefinition): Rule {
  return defineRule({
    meta: {
      id: def.id,
      title: def.title,
      description: def.description,
      remediation: def.remediation,
      category: def.category,
      level: def.level,
      ...(def.securitySeverity !== undefined ? { securitySeverity: def.securitySeverity } : {}),
      precision: "high",
      tags: [...new Set(["policy", ...def.tags, ...(def.securitySeverity !== undefined ? ["security"] : [])])],
      // a policy listed in the config runs under every preset; `rules: { id: off }` turns it off
      presets: [...PRESET_NAMES],
      presetLevels: Object.fromEntries(PRESET_NAMES.map((p) => [p, def.level])),
      messages: {
        failed: "{{message}}",
        evalError: "policy {{policy}} could not decide {{object}}: {{reason}}",
      },
      since: "0.1.0",
    },
    appliesTo: "resources",
    check(r, ctx) {
      if (!policyMatches(def.match, r, () => def.relativeToConfig(r.file))) return;
      const scope = lazyVariables(def.variables, {
        object: toCel(r.value),
        oldObject: null,
        request: toCel(admissionRequest(r, resourceNameOf(r.kind))),
        params: null,
        namespaceObject: null,
        authorizer: null,
      });
      for (const o of evaluateValidations(scope, def.matchConditions, def.validations)) {
        if (o.kind === "fail") ctx.report({ path: o.path, messageId: "failed", data: { message: o.message } });
        else if (o.kind === "error") {
          ctx.report({ path: ["metadata", "name"], messageId: "evalError", level: "note", data: { policy: `"${def.id}" (${def.file}:${def.line})`, object: displayName(r), reason: o.reason } });
        }
      }
    },
  });
}
