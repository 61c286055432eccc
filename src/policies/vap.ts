/**
 * Offline evaluation of the repo's own ValidatingAdmissionPolicy + ValidatingAdmissionPolicyBinding
 * objects against every resource they match, as the API server would on create. Pure: reads the
 * ResourceIndex, returns outcomes; what cannot be decided offline is an `undecided` outcome.
 */
import type { Path } from "../model/path.js";
import type { Resource } from "../model/resource.js";
import type { ResourceIndex } from "../model/resource-index.js";
import { selectorMatches } from "../model/selectors.js";
import { arr, isObj, str, type Obj } from "../model/values.js";
import { isClusterScoped } from "../model/cluster-scoped.js";
import type { Level } from "../rule-api.js";
import { compileCel, toCel, type CelProgram } from "./cel.js";
import { evaluateValidations, lazyVariables, type NamedProgram, type PolicyValidation } from "./policy-rule.js";
import { admissionRequest, resourceNameOf, versionOf } from "./requests.js";

const GROUP = "admissionregistration.k8s.io";
const NS_NAME_LABEL = "kubernetes.io/metadata.name";

export interface VapRelated {
  resource: Resource;
  path: Path;
  message: string;
}

export type VapOutcome =
  | { kind: "violation"; resource: Resource; level: Level; action: "Deny" | "Warn" | "Audit"; policy: string; binding: string; message: string; related: VapRelated[] }
  | { kind: "undecided"; resource: Resource; policy: string; binding: string | undefined; reason: string; path: Path; related: VapRelated[] };

interface CompiledPolicy {
  resource: Resource;
  name: string;
  spec: Obj;
  matchConditions: NamedProgram[];
  variables: NamedProgram[];
  validations: (PolicyValidation & { index: number })[];
  /** The expressions mention these variables, which offline evaluation may not have. */
  usesAuthorizer: boolean;
  usesNamespaceObject: boolean;
  problems: { path: Path; reason: string }[];
}

function compileProgram(src: unknown, path: Path, problems: CompiledPolicy["problems"], what: string): CelProgram | undefined {
  if (typeof src !== "string" || src.trim() === "") {
    problems.push({ path, reason: `${what} has no expression` });
    return undefined;
  }
  // `authorizer` needs the cluster: every resource the policy matches gets an "undecided" note instead
  if (/\bauthorizer\b/.test(src)) return undefined;
  const c = compileCel(src);
  if ("program" in c) return c.program;
  problems.push({ path, reason: c.problem.unsupported ? `${what} was not evaluated: ${c.problem.message}` : `${what} does not compile: ${c.problem.message}` });
  return undefined;
}

function compilePolicy(r: Resource): CompiledPolicy | undefined {
  const spec = r.value.spec;
  if (!isObj(spec) || r.name === undefined) return undefined;
  const problems: CompiledPolicy["problems"] = [];
  const sources: string[] = [];
  const named = (key: "matchConditions" | "variables"): NamedProgram[] =>
    arr(spec[key]).flatMap((e, i) => {
      if (!isObj(e) || typeof e.name !== "string") return [];
      if (typeof e.expression === "string") sources.push(e.expression);
      const p = compileProgram(e.expression, ["spec", key, i, "expression"], problems, `${key === "variables" ? "variable" : "matchCondition"} "${e.name}"`);
      return p ? [{ name: e.name, program: p }] : [];
    });
  const matchConditions = named("matchConditions");
  const variables = named("variables");
  const validations = arr(spec.validations).flatMap((v, index) => {
    if (!isObj(v)) return [];
    if (typeof v.expression === "string") sources.push(v.expression);
    if (typeof v.messageExpression === "string") sources.push(v.messageExpression);
    const program = compileProgram(v.expression, ["spec", "validations", index, "expression"], problems, `validation ${index + 1}`);
    const me = typeof v.messageExpression === "string"
      ? compileProgram(v.messageExpression, ["spec", "validations", index, "messageExpression"], problems, `validation ${index + 1} messageExpression`)
      : undefined;
    if (!program) return [];
    return [{ index, program, path: ["metadata", "name"], ...(typeof v.message === "string" ? { message: v.message } : {}), ...(me ? { messageExpression: me } : {}) }];
  });
  const all = sources.join("\n");
  return {
    resource: r, name: r.name, spec, matchConditions, variables, validations, problems,
    usesAuthorizer: /\bauthorizer\b/.test(all),
    usesNamespaceObject: /\bnamespaceObject\b/.test(all),
  };
}

type Decision = true | false | { undecided: string };

function listHas(list: unknown, value: string): boolean {
  const l = arr(list).map(String);
  return l.includes("*") || l.includes(value);
}

function ruleMatches(rule: unknown, r: Resource, resource: string, clusterScoped: boolean): boolean {
  if (!isObj(rule)) return false;
  if (!listHas(rule.apiGroups, r.group) || !listHas(rule.apiVersions, versionOf(r.apiVersion))) return false;
  const resources = arr(rule.resources).map(String);
  if (!resources.some((x) => x === "*" || x === "*/*" || x === resource)) return false;
  const ops = arr(rule.operations).map(String);
  if (!ops.some((o) => o === "*" || o === "CREATE" || o === "UPDATE")) return false;
  const names = arr(rule.resourceNames).map(String);
  if (names.length > 0 && (r.name === undefined || !names.includes(r.name))) return false;
  const scope = str(rule.scope) ?? "*";
  if (scope === "Cluster" && !clusterScoped) return false;
  if (scope === "Namespaced" && clusterScoped) return false;
  return true;
}

/** The labels of a resource's namespace: from the Namespace in the repo, else only the name label the API server sets. */
function namespaceOf(index: ResourceIndex, ns: string | undefined): { labels: Record<string, string>; object: Resource | undefined } | undefined {
  if (ns === undefined) return undefined;
  const object = index.get("Namespace", undefined, ns)[0];
  return { labels: { ...(object?.labels ?? {}), [NS_NAME_LABEL]: ns }, object };
}

function selectorKeys(sel: unknown): string[] {
  if (!isObj(sel)) return [];
  const keys = isObj(sel.matchLabels) ? Object.keys(sel.matchLabels) : [];
  for (const e of arr(sel.matchExpressions)) if (isObj(e) && typeof e.key === "string") keys.push(e.key);
  return keys;
}

/** matchConstraints (of a policy) or matchResources (of a binding). */
function constraintsMatch(m: unknown, r: Resource, index: ResourceIndex, resource: string, clusterScoped: boolean, required: boolean): Decision {
  if (!isObj(m)) return !required;
  const rules = arr(m.resourceRules);
  if (rules.length > 0 && !rules.some((x) => ruleMatches(x, r, resource, clusterScoped))) return false;
  if (rules.length === 0 && required) return false;
  if (arr(m.excludeResourceRules).some((x) => ruleMatches(x, r, resource, clusterScoped))) return false;
  if (!selectorMatches(m.objectSelector ?? undefined, r.labels)) return false;
  const nsSel = m.namespaceSelector;
  if (!clusterScoped && isObj(nsSel) && selectorKeys(nsSel).length > 0) {
    const ns = namespaceOf(index, r.namespace);
    if (!ns) return { undecided: "its namespace is unset, so the namespaceSelector cannot be evaluated" };
    if (!ns.object && selectorKeys(nsSel).some((k) => k !== NS_NAME_LABEL)) {
      return { undecided: `Namespace "${r.namespace}" is not in the repo, so the namespaceSelector cannot be evaluated` };
    }
    if (!selectorMatches(nsSel, ns.labels)) return false;
  }
  return true;
}

const RANK: Record<Level, number> = { note: 1, warning: 2, error: 3 };
const ACTION_LEVEL: Record<string, Level> = { Deny: "error", Warn: "warning", Audit: "note" };

/** Params of a binding for one resource: the objects, or why they cannot be had offline. */
function paramsFor(index: ResourceIndex, policy: CompiledPolicy, binding: Resource, r: Resource): { params: (Resource | null)[] } | { undecided: string } | { skip: true } {
  const paramKind = policy.spec.paramKind;
  if (!isObj(paramKind)) return { params: [null] };
  const kind = str(paramKind.kind);
  const apiVersion = str(paramKind.apiVersion);
  if (!kind || !apiVersion) return { params: [null] };
  const ref = isObj(binding.value.spec) ? binding.value.spec.paramRef : undefined;
  if (!isObj(ref)) return { undecided: `the policy has paramKind ${kind} but the binding has no paramRef` };
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  const namespaced = !isClusterScoped(group, kind);
  const ns = namespaced ? (str(ref.namespace) ?? r.namespace) : undefined;
  if (namespaced && ns === undefined) return { undecided: `the ${kind} params live in the request's namespace, which is unset` };
  const candidates = (namespaced ? index.inNamespace(ns).filter((p) => p.kind === kind) : index.ofKind(kind)).filter((p) => p.group === group);
  let found: Resource[];
  const name = str(ref.name);
  if (name !== undefined) found = candidates.filter((p) => p.name === name);
  else found = candidates.filter((p) => selectorMatches(ref.selector ?? {}, p.labels));
  if (found.length > 0) return { params: found };
  const where = `${kind}${name ? ` "${name}"` : " objects matching the paramRef selector"}${namespaced ? ` in namespace "${ns}"` : ""}`;
  if (str(ref.parameterNotFoundAction) === "Deny") return { undecided: `the params (${where}) are not in the repo, and the binding denies requests when they are missing` };
  if (name === undefined) return { skip: true };
  return { undecided: `the params (${where}) are not in the repo` };
}

/** Evaluates every binding of the repo against every resource it matches. */
export function evaluateVaps(index: ResourceIndex): VapOutcome[] {
  const out: VapOutcome[] = [];
  const policies = new Map<string, CompiledPolicy>();
  const policyProblems: VapOutcome[] = [];
  for (const r of index.ofKind("ValidatingAdmissionPolicy")) {
    if (r.group !== GROUP) continue;
    const p = compilePolicy(r);
    if (!p) continue;
    policies.set(p.name, p);
    for (const prob of p.problems) {
      policyProblems.push({ kind: "undecided", resource: r, policy: p.name, binding: undefined, reason: prob.reason, path: prob.path, related: [] });
    }
  }
  const crdPlurals = new Map<string, string>();
  for (const crd of index.ofKind("CustomResourceDefinition")) {
    const names = isObj(crd.value.spec) && isObj(crd.value.spec.names) ? crd.value.spec.names : undefined;
    if (names && typeof names.kind === "string" && typeof names.plural === "string") crdPlurals.set(names.kind, names.plural);
  }
  const bindings = index.ofKind("ValidatingAdmissionPolicyBinding").filter((b) => b.group === GROUP && isObj(b.value.spec));
  const resourceInfo = new Map<Resource, { resource: string; clusterScoped: boolean }>();
  const infoOf = (r: Resource) => {
    let i = resourceInfo.get(r);
    if (!i) resourceInfo.set(r, (i = { resource: resourceNameOf(r.kind, crdPlurals), clusterScoped: isClusterScoped(r.group, r.kind) }));
    return i;
  };

  for (const b of bindings) {
    const spec = b.value.spec as Obj;
    const policy = policies.get(str(spec.policyName) ?? "");
    if (!policy) continue; // the policy may live in the cluster; nothing to evaluate offline
    const actions = arr(spec.validationActions).map(String).filter((a) => a in ACTION_LEVEL);
    if (actions.length === 0) continue;
    const action = actions.reduce((a, x) => (RANK[ACTION_LEVEL[x] as Level] > RANK[ACTION_LEVEL[a] as Level] ? x : a)) as "Deny" | "Warn" | "Audit";
    const level = ACTION_LEVEL[action] as Level;
    const bindingName = b.name ?? "(unnamed)";
    const related = (extra: VapRelated[] = []): VapRelated[] => [
      { resource: policy.resource, path: ["metadata", "name"], message: `ValidatingAdmissionPolicy "${policy.name}"` },
      { resource: b, path: ["metadata", "name"], message: `ValidatingAdmissionPolicyBinding "${bindingName}" (${actions.join(", ")})` },
      ...extra,
    ];
    for (const r of index.all) {
      if (r === policy.resource || r === b) continue;
      const info = infoOf(r);
      const undecided = (reason: string) => out.push({ kind: "undecided", resource: r, policy: policy.name, binding: bindingName, reason, path: ["metadata", "name"], related: related() });
      const m1 = constraintsMatch(policy.spec.matchConstraints, r, index, info.resource, info.clusterScoped, true);
      if (m1 === false) continue;
      const m2 = constraintsMatch(spec.matchResources, r, index, info.resource, info.clusterScoped, false);
      if (m2 === false) continue;
      if (m1 !== true) {
        undecided(m1.undecided);
        continue;
      }
      if (m2 !== true) {
        undecided(m2.undecided);
        continue;
      }
      const ns = info.clusterScoped ? undefined : namespaceOf(index, r.namespace);
      if (policy.usesAuthorizer) {
        undecided("its expressions use `authorizer`, which needs the cluster's RBAC");
        continue;
      }
      if (policy.usesNamespaceObject && !info.clusterScoped && !ns?.object) {
        undecided(r.namespace === undefined ? "its expressions use `namespaceObject`, and the namespace is unset" : `its expressions use \`namespaceObject\`, and Namespace "${r.namespace}" is not in the repo`);
        continue;
      }
      const ps = paramsFor(index, policy, b, r);
      if ("skip" in ps) continue;
      if ("undecided" in ps) {
        undecided(ps.undecided);
        continue;
      }
      const base = {
        object: toCel(r.value),
        oldObject: null,
        request: toCel(admissionRequest(r, info.resource)),
        namespaceObject: ns?.object ? toCel(namespaceValue(ns.object)) : null,
        authorizer: null,
      };
      for (const param of ps.params) {
        const scope = lazyVariables(policy.variables, { ...base, params: param ? toCel(param.value) : null });
        const paramRel = param ? [{ resource: param, path: ["metadata", "name"] as Path, message: `params ${param.kind} "${param.name ?? ""}"` }] : [];
        for (const o of evaluateValidations(scope, policy.matchConditions, policy.validations)) {
          if (o.kind === "fail") {
            const v = policy.validations.find((x) => x.index === o.index) ?? policy.validations[0];
            const at: VapRelated = { resource: policy.resource, path: ["spec", "validations", v?.index ?? 0, "expression"], message: `the failing validation of ValidatingAdmissionPolicy "${policy.name}"` };
            out.push({ kind: "violation", resource: r, level, action, policy: policy.name, binding: bindingName, message: o.message, related: [at, ...related(paramRel).slice(1)] });
          } else if (o.kind === "error") {
            const failurePolicy = str(policy.spec.failurePolicy) ?? "Fail";
            undecided(`${o.reason} (failurePolicy ${failurePolicy}; the API server also applies defaults and mutations before validating)`);
          }
        }
      }
    }
  }
  return [...policyProblems, ...out];
}

/** A Namespace as the API server holds it: with the `kubernetes.io/metadata.name` label. */
function namespaceValue(ns: Resource): Obj {
  const meta = isObj(ns.value.metadata) ? ns.value.metadata : {};
  return { ...ns.value, metadata: { ...meta, labels: { ...(isObj(meta.labels) ? meta.labels : {}), [NS_NAME_LABEL]: ns.name ?? "" } } };
}
