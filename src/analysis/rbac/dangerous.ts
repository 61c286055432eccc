/**
 * The dangerous grants: what each one is, which (verb, group, resource) requests make it up, and how a
 * rule entry is matched against it — with the position of the granting `verbs` element for findings.
 */
import { CLUSTER, type Scope } from "./model-types.js";
import { groupMatches, resourceIndex, verbIndex, verbMatches, type RuleEntry } from "./policy.js";

export type GrantCheckId =
  | "secrets-read" | "create-workloads" | "pod-exec" | "node-proxy" | "impersonate" | "escalate-bind"
  | "webhook-config" | "csr-approve" | "token-create" | "persistent-volume-create" | "service-status"
  | "kube-system-configmaps";

export interface Target {
  readonly verbs: readonly string[];
  readonly groups: readonly string[];
  readonly resource: string;
  /** "" for the object itself, a name for a subresource, `*` for any subresource (userextras/…). */
  readonly subresource: string;
  /** Cluster-scoped resources are granted only through a ClusterRoleBinding. */
  readonly clusterScoped?: boolean;
}

export interface GrantCheck {
  readonly id: GrantCheckId;
  /** What the grant lets a holder do, as a phrase: "read secrets". */
  readonly label: string;
  readonly targets: readonly Target[];
  /** Only this namespace (and cluster-wide grants) count. */
  readonly namespace?: string;
}

const WRITE = ["create", "update", "patch", "delete", "deletecollection"];
const CORE = [""];
const APPS = ["apps", "extensions"];

/** Pod controllers: creating one (or changing its template) runs pods as any ServiceAccount of the namespace. */
export const WORKLOAD_RESOURCES: readonly { group: readonly string[]; resource: string }[] = [
  { group: CORE, resource: "pods" },
  { group: CORE, resource: "replicationcontrollers" },
  { group: APPS, resource: "deployments" },
  { group: APPS, resource: "replicasets" },
  { group: APPS, resource: "daemonsets" },
  { group: ["apps"], resource: "statefulsets" },
  { group: ["batch"], resource: "jobs" },
  { group: ["batch"], resource: "cronjobs" },
];

const ADMISSION = [
  "validatingwebhookconfigurations", "mutatingwebhookconfigurations", "validatingadmissionpolicies",
  "validatingadmissionpolicybindings", "mutatingadmissionpolicies", "mutatingadmissionpolicybindings",
];

export const GRANT_CHECKS: Readonly<Record<GrantCheckId, GrantCheck>> = {
  "secrets-read": {
    id: "secrets-read", label: "read secrets",
    targets: [{ verbs: ["get", "list", "watch"], groups: CORE, resource: "secrets", subresource: "" }],
  },
  "create-workloads": {
    id: "create-workloads", label: "create pods or workloads",
    targets: WORKLOAD_RESOURCES.map((w) => ({ verbs: ["create"], groups: w.group, resource: w.resource, subresource: "" })),
  },
  "pod-exec": {
    id: "pod-exec", label: "exec into pods",
    targets: [
      { verbs: ["create"], groups: CORE, resource: "pods", subresource: "exec" },
      { verbs: ["create"], groups: CORE, resource: "pods", subresource: "attach" },
      { verbs: ["create"], groups: CORE, resource: "pods", subresource: "portforward" },
      { verbs: ["patch", "update"], groups: CORE, resource: "pods", subresource: "ephemeralcontainers" },
    ],
  },
  "node-proxy": {
    id: "node-proxy", label: "use the kubelet API through nodes/proxy",
    targets: [{ verbs: ["get", "create"], groups: CORE, resource: "nodes", subresource: "proxy", clusterScoped: true }],
  },
  impersonate: {
    id: "impersonate", label: "impersonate other identities",
    targets: [
      { verbs: ["impersonate"], groups: CORE, resource: "users", subresource: "", clusterScoped: true },
      { verbs: ["impersonate"], groups: CORE, resource: "groups", subresource: "", clusterScoped: true },
      { verbs: ["impersonate"], groups: CORE, resource: "serviceaccounts", subresource: "" },
      { verbs: ["impersonate"], groups: ["authentication.k8s.io"], resource: "userextras", subresource: "*", clusterScoped: true },
      { verbs: ["impersonate"], groups: ["authentication.k8s.io"], resource: "uids", subresource: "", clusterScoped: true },
    ],
  },
  "escalate-bind": {
    id: "escalate-bind", label: "grant RBAC permissions",
    targets: [
      { verbs: ["escalate", "bind"], groups: ["rbac.authorization.k8s.io"], resource: "roles", subresource: "" },
      { verbs: ["escalate", "bind"], groups: ["rbac.authorization.k8s.io"], resource: "clusterroles", subresource: "", clusterScoped: true },
      { verbs: ["create", "update", "patch"], groups: ["rbac.authorization.k8s.io"], resource: "rolebindings", subresource: "" },
      { verbs: ["create", "update", "patch"], groups: ["rbac.authorization.k8s.io"], resource: "clusterrolebindings", subresource: "", clusterScoped: true },
    ],
  },
  "webhook-config": {
    id: "webhook-config", label: "change admission webhooks and policies",
    targets: ADMISSION.map((resource) => ({ verbs: WRITE, groups: ["admissionregistration.k8s.io"], resource, subresource: "", clusterScoped: true })),
  },
  "csr-approve": {
    id: "csr-approve", label: "approve certificate signing requests",
    targets: [
      { verbs: ["approve"], groups: ["certificates.k8s.io"], resource: "signers", subresource: "", clusterScoped: true },
      { verbs: ["update", "patch"], groups: ["certificates.k8s.io"], resource: "certificatesigningrequests", subresource: "approval", clusterScoped: true },
    ],
  },
  "token-create": {
    id: "token-create", label: "create ServiceAccount tokens",
    targets: [{ verbs: ["create"], groups: CORE, resource: "serviceaccounts", subresource: "token" }],
  },
  "persistent-volume-create": {
    id: "persistent-volume-create", label: "create PersistentVolumes",
    targets: [{ verbs: ["create"], groups: CORE, resource: "persistentvolumes", subresource: "", clusterScoped: true }],
  },
  "service-status": {
    id: "service-status", label: "change Service status",
    targets: [{ verbs: ["update", "patch"], groups: CORE, resource: "services", subresource: "status" }],
  },
  "kube-system-configmaps": {
    id: "kube-system-configmaps", label: "change ConfigMaps in kube-system",
    targets: [{ verbs: ["create", "update", "patch", "delete"], groups: CORE, resource: "configmaps", subresource: "" }],
    namespace: "kube-system",
  },
};

export const GRANT_CHECK_IDS = Object.keys(GRANT_CHECKS) as GrantCheckId[];

/** How one rule entry meets one target. */
export interface TargetMatch {
  readonly target: Target;
  /** The requested verbs the entry grants (from the target's list). */
  readonly verbs: readonly string[];
  /** Index of the first granting `verbs` element. */
  readonly verbIndex: number;
  /** Index of the granting `resources` element. */
  readonly resourceIndex: number;
  /** Whether the resources element is a `*` (the `rbac-wildcard` rule reports those). */
  readonly viaResourceWildcard: boolean;
  /** Names the grant is limited to, or undefined for every name. */
  readonly names: readonly string[] | undefined;
}

function matchResource(entry: RuleEntry, t: Target): number {
  if (t.subresource !== "*") return resourceIndex(entry, t.resource, t.subresource);
  return entry.resources.findIndex((r) => r === "*" || r === t.resource || r.startsWith(`${t.resource}/`));
}

/** Top-level `create` cannot be limited by name: the API server knows no name when it authorizes it. */
function createIgnoresNames(t: Target, verbs: readonly string[]): boolean {
  return t.subresource === "" && verbs.every((v) => v === "create");
}

/**
 * Every target of a check that the entry grants at a scope. Cluster-scoped targets need a cluster-wide
 * scope; `create` of a whole object limited by resourceNames grants nothing.
 */
export function matchCheck(entry: RuleEntry, check: GrantCheck, scope: Scope | undefined): TargetMatch[] {
  if (entry.resources.length === 0) return [];
  const out: TargetMatch[] = [];
  for (const t of check.targets) {
    if (scope !== undefined && scope !== CLUSTER && t.clusterScoped) continue;
    if (!t.groups.some((g) => groupMatches(entry, g))) continue;
    const verbs = t.verbs.filter((v) => verbMatches(entry, v));
    if (verbs.length === 0) continue;
    const ri = matchResource(entry, t);
    if (ri < 0) continue;
    const names = entry.resourceNames.length === 0 ? undefined : entry.resourceNames;
    if (names && createIgnoresNames(t, verbs)) continue;
    const vi = Math.min(...verbs.map((v) => verbIndex(entry, v)).filter((i) => i >= 0));
    out.push({ target: t, verbs, verbIndex: vi, resourceIndex: ri, viaResourceWildcard: entry.resources[ri] === "*", names });
  }
  return out;
}

/** A scope phrase that a check's namespace restriction accepts. */
export function scopeCounts(check: GrantCheck, scope: Scope): boolean {
  return check.namespace === undefined || scope === CLUSTER || scope === check.namespace;
}

/** `"get", "list" on "secrets"` for messages. */
export function describeMatches(matches: readonly TargetMatch[]): string {
  const byVerbs = new Map<string, string[]>();
  for (const m of matches) {
    const verbs = m.verbs.map((v) => `"${v}"`).join(", ");
    const res = m.target.subresource === "" ? m.target.resource : m.target.subresource === "*" ? `${m.target.resource}/*` : `${m.target.resource}/${m.target.subresource}`;
    const list = byVerbs.get(verbs) ?? [];
    if (!list.includes(res)) list.push(res);
    byVerbs.set(verbs, list);
  }
  return [...byVerbs].map(([verbs, res]) => `${verbs} on ${res.map((r) => `"${r}"`).join(", ")}`).join("; ");
}
