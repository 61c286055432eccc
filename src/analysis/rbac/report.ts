/**
 * The `shipshape rbac` queries over a repo, offline, like `kubectl auth can-i` / `who-can`:
 * - who-can VERB RESOURCE [--namespace NS]: every binding subject the repo (plus the built-in policy) gives it to;
 * - can SUBJECT: the effective permissions of `serviceaccount:NS:NAME`, `user:NAME` or `group:NAME`, with the
 *   bindings that grant them, its dangerous grants and its best escalation path.
 * The JSON shape is documented in docs/rbac.md and versioned by `schemaVersion`.
 */
import { cmp, defaultWorkloadKinds, formatPath, type Path, type Resource, type WorkloadKinds } from "../../model/index.js";
import { describeToken, escalationGraph, nodeDisplay, powerOf } from "./escalation.js";
import { CLUSTER, type Scope, type SubjectEntry } from "./model-types.js";
import { RbacModel, nsDisplay, subjectDisplay, subjectKey, type Grant } from "./model.js";
import { groupMatches, resourceIndex, verbMatches, type RuleEntry } from "./policy.js";

export type RbacQuery =
  | { type: "who-can"; verb: string; resource: string; namespace?: string }
  | { type: "can"; subject: string };

export interface RbacReportOptions {
  query: RbacQuery;
  workloadKinds?: WorkloadKinds;
  /** Longest escalation chain followed (default 4). */
  maxHops?: number;
  /** Optional locator, so JSON and text can carry line numbers (the CLI passes the engine's). */
  locate?: (resource: Resource, path: Path) => { line: number; column: number } | undefined;
}

export class RbacQueryError extends Error {}

/** Groups of the built-in resources, for `who-can` without `resource.group`. */
const CORE_RESOURCES = new Set([
  "pods", "services", "endpoints", "configmaps", "secrets", "serviceaccounts", "namespaces", "nodes", "persistentvolumes",
  "persistentvolumeclaims", "events", "replicationcontrollers", "resourcequotas", "limitranges", "podtemplates", "users", "groups",
]);
const GROUP_OF: Readonly<Record<string, string>> = {
  deployments: "apps", replicasets: "apps", statefulsets: "apps", daemonsets: "apps", controllerrevisions: "apps",
  jobs: "batch", cronjobs: "batch", ingresses: "networking.k8s.io", networkpolicies: "networking.k8s.io",
  roles: "rbac.authorization.k8s.io", clusterroles: "rbac.authorization.k8s.io", rolebindings: "rbac.authorization.k8s.io",
  clusterrolebindings: "rbac.authorization.k8s.io", certificatesigningrequests: "certificates.k8s.io", signers: "certificates.k8s.io",
  validatingwebhookconfigurations: "admissionregistration.k8s.io", mutatingwebhookconfigurations: "admissionregistration.k8s.io",
  validatingadmissionpolicies: "admissionregistration.k8s.io", customresourcedefinitions: "apiextensions.k8s.io",
  storageclasses: "storage.k8s.io", poddisruptionbudgets: "policy", horizontalpodautoscalers: "autoscaling",
  leases: "coordination.k8s.io", priorityclasses: "scheduling.k8s.io", userextras: "authentication.k8s.io",
};
const CLUSTER_SCOPED = new Set([
  "nodes", "namespaces", "persistentvolumes", "clusterroles", "clusterrolebindings", "certificatesigningrequests", "signers",
  "validatingwebhookconfigurations", "mutatingwebhookconfigurations", "validatingadmissionpolicies", "customresourcedefinitions",
  "storageclasses", "priorityclasses", "users", "groups", "userextras",
]);

/** `deployments.apps/scale` → resource, group (undefined: any group), subresource. */
export function parseResource(text: string): { resource: string; group: string | undefined; subresource: string } {
  const [main = "", ...sub] = text.split("/");
  const dot = main.indexOf(".");
  const resource = (dot < 0 ? main : main.slice(0, dot)).toLowerCase();
  const group = dot >= 0 ? main.slice(dot + 1) : CORE_RESOURCES.has(resource) ? "" : GROUP_OF[resource];
  return { resource, group, subresource: sub.join("/") };
}

/** `serviceaccount:ns:name`, `sa:ns:name`, `user:name`, `group:name` → a subject key. */
export function parseSubject(text: string): string {
  const [kind = "", ...rest] = text.split(":");
  const k = kind.toLowerCase();
  if ((k === "serviceaccount" || k === "sa") && rest.length >= 2) return subjectKey("ServiceAccount", rest.slice(1).join(":"), rest[0]);
  if (k === "user" && rest.length > 0) return subjectKey("User", rest.join(":"));
  if (k === "group" && rest.length > 0) return subjectKey("Group", rest.join(":"));
  throw new RbacQueryError(`cannot read subject "${text}"; write serviceaccount:NAMESPACE:NAME, user:NAME or group:NAME`);
}

function subjectJson(key: string): object {
  const [kind, ...rest] = key.split(":");
  if (kind === "ServiceAccount") return { kind, namespace: nsDisplay(rest[0]), name: rest.slice(1).join(":") };
  return { kind, name: rest.join(":") };
}

function scopeJson(scope: Scope): string {
  return scope === CLUSTER ? "*" : nsDisplay(scope);
}

function place(o: RbacReportOptions, resource: Resource | undefined, path: Path): object {
  if (!resource) return { file: null, path: null, line: null };
  const at = o.locate?.(resource, path);
  return { file: resource.file, path: formatPath(path), line: at?.line ?? null };
}

function bindingJson(o: RbacReportOptions, via: SubjectEntry): object {
  const b = via.binding;
  return {
    kind: b.kind, name: b.name, namespace: b.kind === "RoleBinding" ? nsDisplay(b.ns) : null, builtIn: !b.resource,
    ...place(o, b.resource, ["subjects", via.index]),
  };
}

function roleJson(o: RbacReportOptions, entry: RuleEntry): object {
  const r = entry.role;
  return {
    kind: r.kind, name: r.name, namespace: r.kind === "Role" ? nsDisplay(r.ns) : null, builtIn: !r.resource, rule: entry.index,
    ...place(o, r.resource, ["rules", entry.index]),
  };
}

function clean(list: readonly string[]): string[] {
  return list.filter((s) => s !== "\u0000");
}

function where(o: RbacReportOptions, resource: Resource | undefined, path: Path): string {
  if (!resource) return "built in";
  const at = o.locate?.(resource, path);
  return at ? `${resource.file}:${at.line}` : `${resource.file} ${formatPath(path)}`;
}

export function rbacReport(resources: readonly Resource[], options: RbacReportOptions): { json: object; text: string } {
  const model = new RbacModel(resources, options.workloadKinds ?? defaultWorkloadKinds);
  return options.query.type === "who-can" ? whoCan(model, options, options.query) : can(model, options, options.query.subject);
}

function whoCan(model: RbacModel, o: RbacReportOptions, q: { verb: string; resource: string; namespace?: string }): { json: object; text: string } {
  const { resource, group, subresource } = parseResource(q.resource);
  const clusterOnly = CLUSTER_SCOPED.has(resource);
  const bySubject = new Map<string, object[]>();
  const lines = new Map<string, string[]>();
  for (const b of model.bindings) {
    if (!b.roleKey) continue;
    if (clusterOnly && b.scope !== CLUSTER) continue;
    if (q.namespace !== undefined && b.scope !== CLUSTER && b.scope !== q.namespace) continue;
    for (const entry of model.effectiveEntries(b.roleKey)) {
      if (!verbMatches(entry, q.verb) || resourceIndex(entry, resource, subresource) < 0) continue;
      if (group !== undefined ? !groupMatches(entry, group) : entry.apiGroups.length === 0) continue;
      for (const s of b.subjects) {
        const list = bySubject.get(s.key) ?? [];
        list.push({ scope: scopeJson(b.scope), resourceNames: clean(entry.resourceNames), binding: bindingJson(o, s), role: roleJson(o, entry) });
        bySubject.set(s.key, list);
        const l = lines.get(s.key) ?? [];
        l.push(`    ${scopeJson(b.scope) === "*" ? "cluster-wide" : `in ${scopeJson(b.scope)}`}${entry.resourceNames.length > 0 ? ` (only ${clean(entry.resourceNames).join(", ")})` : ""}: ${b.kind} ${b.name} (${where(o, b.resource, ["subjects", s.index])}) → ${entry.role.kind} ${entry.role.name} (${where(o, entry.role.resource, ["rules", entry.index])})`);
        lines.set(s.key, l);
      }
    }
  }
  const keys = [...bySubject.keys()].sort(cmp);
  const json = {
    schemaVersion: 1,
    query: { type: "who-can", verb: q.verb, resource, subresource, apiGroup: group ?? null, namespace: q.namespace ?? null },
    subjects: keys.map((k) => ({ subject: subjectJson(k), grants: bySubject.get(k) })),
  };
  const head = `who can ${q.verb} ${q.resource}${q.namespace !== undefined ? ` in namespace ${q.namespace}` : ""}: ${keys.length} subject${keys.length === 1 ? "" : "s"}`;
  const text = [head, ...keys.flatMap((k) => [`  ${subjectDisplay(k)}`, ...(lines.get(k) ?? [])])].join("\n") + "\n";
  return { json, text };
}

function can(model: RbacModel, o: RbacReportOptions, subjectText: string): { json: object; text: string } {
  const key = parseSubject(subjectText);
  const grants: readonly Grant[] = model.grantsOf(key);
  const power = powerOf(grants);
  const path = escalationGraph(model).search(key, o.maxHops ?? 4);
  const permissions = grants.map((g) => ({
    scope: scopeJson(g.scope),
    verbs: clean(g.entry.verbs), apiGroups: clean(g.entry.apiGroups), resources: clean(g.entry.resources),
    resourceNames: clean(g.entry.resourceNames), nonResourceURLs: clean(g.entry.nonResourceURLs),
    via: { subject: subjectJson(g.via.key), binding: bindingJson(o, g.via), role: roleJson(o, g.entry) },
  }));
  const dangerous = (power.has(`admin@${CLUSTER}`) ? [`admin@${CLUSTER}`] : [...power].sort()).map((t) => ({ id: t.slice(0, t.lastIndexOf("@")), scope: scopeJson(t.slice(t.lastIndexOf("@") + 1)), description: describeToken(t) }));
  const escalation = path && path.hops.length > 0
    ? { target: nodeDisplay(path.target), admin: path.admin, gains: path.gains.map(describeToken), steps: path.hops.map((h) => h.action) }
    : null;
  const json = {
    schemaVersion: 1,
    query: { type: "can", subject: subjectJson(key) },
    groups: model.implicitGroups(key).map((g) => g.slice("Group:".length)),
    permissions,
    dangerous,
    escalation,
  };
  const text = [
    `${subjectDisplay(key)}: ${permissions.length} permission rule${permissions.length === 1 ? "" : "s"}`,
    ...grants.map((g) => {
      const e = g.entry;
      const what = e.resources.length > 0
        ? `${clean(e.verbs).join(",")} ${clean(e.resources).join(",")}${e.apiGroups.some((x) => x !== "") ? ` (${clean(e.apiGroups).map((x) => x || "core").join(",")})` : ""}${e.resourceNames.length > 0 ? ` names ${clean(e.resourceNames).join(",")}` : ""}`
        : `${clean(e.verbs).join(",")} ${clean(e.nonResourceURLs).join(",")}`;
      return `  ${g.scope === CLUSTER ? "cluster-wide" : `in ${nsDisplay(g.scope)}`}: ${what} — ${g.via.binding.kind} ${g.via.binding.name}${g.via.key !== key ? ` (as ${subjectDisplay(g.via.key)})` : ""} → ${e.role.kind} ${e.role.name} (${where(o, e.role.resource, ["rules", e.index])})`;
    }),
    ...(dangerous.length > 0 ? ["dangerous:", ...dangerous.map((d) => `  ${d.description}`)] : []),
    ...(escalation ? [`escalation: can ${escalation.admin ? "become cluster-admin" : `gain ${escalation.gains.join(", ")}`}: ${escalation.steps.join(" → ")}`] : []),
  ].join("\n") + "\n";
  return { json, text };
}
