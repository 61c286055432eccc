/**
 * The repo-wide RBAC graph: roles (repo and built-in, aggregation resolved), bindings resolved to
 * subjects, subjects linked to the workloads that run as them, and effective grants per identity.
 * Everything is indexed by key (kind, namespace, name, label); nothing compares all pairs.
 */
import {
  arr, defaultWorkloadKinds, isObj, obj, podSpecOf, selectorMatches, str,
  type Path, type Resource, type ResourceIndex, type WorkloadKinds,
} from "../../model/index.js";
import {
  BOOTSTRAP_CLUSTER_ROLES, BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_ROLES, BOOTSTRAP_ROLE_BINDINGS,
} from "./bootstrap-data.js";
import type { BootstrapBinding, BootstrapRole } from "./bootstrap-types.js";
import { CLUSTER, type BindingDef, type BindingKind, type RoleDef, type RoleKind, type Scope, type SubjectEntry, type SubjectKind } from "./model-types.js";
import { ruleEntries, type RuleEntry } from "./policy.js";

const RBAC_GROUP = "rbac.authorization.k8s.io";
const AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";

/** The namespace key of a resource: its namespace, or `?<scope>` when unset (unset joins only its own scope). */
export function nsKey(r: Resource): string {
  return r.namespace ?? `?${r.scope}`;
}

/** A namespace key as people read it. */
export function nsDisplay(ns: string | undefined): string {
  if (ns === undefined) return "(cluster)";
  return ns.startsWith("?") ? "(namespace unset)" : ns;
}

export function roleKey(kind: RoleKind, ns: string | undefined, name: string): string {
  return `${kind}|${kind === "Role" ? ns ?? "" : ""}|${name}`;
}

export function subjectKey(kind: SubjectKind, name: string, ns?: string): string {
  if (kind === "ServiceAccount") return `ServiceAccount:${ns ?? ""}:${name}`;
  return `${kind}:${name}`;
}

/** `ServiceAccount ns/name`, `User alice`, `Group dev`. */
export function subjectDisplay(key: string): string {
  const [kind, ...rest] = key.split(":");
  if (kind === "ServiceAccount") {
    const ns = rest[0] ?? "";
    return `ServiceAccount ${nsDisplay(ns)}/${rest.slice(1).join(":")}`;
  }
  return `${kind} ${rest.join(":")}`;
}

export function roleDisplay(role: Pick<RoleDef, "kind" | "name" | "ns" | "resource">): string {
  const where = role.kind === "Role" ? `${nsDisplay(role.ns)}/` : "";
  return `${role.resource ? "" : "built-in "}${role.kind} "${where}${role.name}"`;
}

export function scopeDisplay(scope: Scope): string {
  return scope === CLUSTER ? "cluster-wide" : `in namespace ${nsDisplay(scope)}`;
}

/** One permission an identity holds: a rule entry, the scope it applies in, and the binding subject that gives it. */
export interface Grant {
  readonly entry: RuleEntry;
  readonly scope: Scope;
  readonly via: SubjectEntry;
}

/** A pod-bearing resource and the ServiceAccount its pods run as. */
export interface WorkloadIdentity {
  readonly resource: Resource;
  readonly podSpecPath: Path;
  readonly serviceAccount: string;
  readonly saKey: string;
  /** Whether the pod spec names the ServiceAccount (else it is `default`). */
  readonly explicit: boolean;
  /** Where the finding goes: `serviceAccountName` (or `serviceAccount`), else the pod spec's key. */
  readonly saPath: Path;
  /** Whether the token is mounted (automountServiceAccountToken on the pod, else on the ServiceAccount). */
  readonly tokenMounted: boolean;
}

/** A Secret in the repo that holds a ServiceAccount's long-lived token. */
export interface TokenSecret {
  readonly resource: Resource;
  readonly name: string;
  readonly saKey: string;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function isRbac(r: Resource): boolean {
  return r.group === RBAC_GROUP;
}

export class RbacModel {
  /** Every role definition, repo ones first (in output order), then built-in ones. */
  readonly roles: RoleDef[] = [];
  readonly bindings: BindingDef[] = [];
  readonly workloads: WorkloadIdentity[] = [];
  readonly tokenSecrets = new Map<string, TokenSecret[]>();
  /** Every namespace key the repo mentions. */
  readonly namespaces = new Set<string>();
  /** ServiceAccount objects in the repo, by subject key. */
  readonly serviceAccountObjects = new Map<string, Resource[]>();
  /** ServiceAccounts known to exist, per namespace key (objects, binding subjects, workload identities, `default`). */
  readonly serviceAccountsByNs = new Map<string, Set<string>>();

  private readonly roleDefs = new Map<string, RoleDef[]>();
  private readonly bindingsByRole = new Map<string, BindingDef[]>();
  private readonly subjectEntries = new Map<string, SubjectEntry[]>();
  private readonly aggregators = new Map<string, Set<string>>();
  private readonly effective = new Map<string, readonly RuleEntry[]>();
  private readonly grantCache = new Map<string, readonly Grant[]>();
  private readonly workloadsBySa = new Map<string, WorkloadIdentity[]>();
  private readonly workloadsByNs = new Map<string, WorkloadIdentity[]>();

  constructor(resources: readonly Resource[], kinds: WorkloadKinds = defaultWorkloadKinds) {
    const repoClusterRoleNames = new Set<string>();
    const optOut = new Set<string>();
    for (const r of resources) {
      if (r.namespace !== undefined) this.namespaces.add(r.namespace);
      if (r.kind === "Namespace" && r.group === "" && r.name) this.namespaces.add(r.name);
      if (!isRbac(r) || r.name === undefined) continue;
      if (r.kind === "ClusterRole") {
        repoClusterRoleNames.add(r.name);
        if (r.annotations[AUTOUPDATE] === "false") optOut.add(roleKey("ClusterRole", undefined, r.name));
      }
    }
    // Repo roles first, so findings and reports list them in output order.
    for (const r of resources) {
      if (!isRbac(r) || r.name === undefined) continue;
      if (r.kind === "ClusterRole" || r.kind === "Role") this.addRole(r.kind, r.kind === "Role" ? nsKey(r) : undefined, r.name, r, r.labels, r.value.aggregationRule, r.value.rules);
    }
    // Built-in roles; a repo copy of a built-in role keeps the defaults unless autoupdate is "false" (the API server re-adds them).
    for (const b of BOOTSTRAP_CLUSTER_ROLES) if (!optOut.has(roleKey("ClusterRole", undefined, b.name))) this.addBuiltInRole("ClusterRole", b);
    for (const b of BOOTSTRAP_ROLES) this.addBuiltInRole("Role", b);
    for (const r of resources) {
      if (!isRbac(r) || r.name === undefined) continue;
      if (r.kind === "ClusterRoleBinding" || r.kind === "RoleBinding") {
        this.addBinding(r.kind, r.kind === "RoleBinding" ? nsKey(r) : undefined, r.name, r, r.value.roleRef, r.value.subjects);
      }
    }
    for (const b of BOOTSTRAP_CLUSTER_ROLE_BINDINGS) this.addBuiltInBinding("ClusterRoleBinding", b);
    for (const b of BOOTSTRAP_ROLE_BINDINGS) this.addBuiltInBinding("RoleBinding", b);
    this.resolveAggregation();

    for (const r of resources) {
      if (r.kind === "ServiceAccount" && r.group === "" && r.name !== undefined) {
        const key = subjectKey("ServiceAccount", r.name, nsKey(r));
        push(this.serviceAccountObjects, key, r);
        this.knowServiceAccount(key, nsKey(r));
      }
    }
    for (const r of resources) {
      if (r.kind === "Secret" && r.group === "" && r.name !== undefined && r.value.type === "kubernetes.io/service-account-token") {
        const sa = r.annotations["kubernetes.io/service-account.name"];
        if (sa) push(this.tokenSecrets, nsKey(r), { resource: r, name: r.name, saKey: subjectKey("ServiceAccount", sa, nsKey(r)) });
      }
      const pod = podSpecOf(r, kinds);
      if (!pod) continue;
      const named = str(pod.spec.serviceAccountName) || str(pod.spec.serviceAccount);
      const field = str(pod.spec.serviceAccountName) ? "serviceAccountName" : str(pod.spec.serviceAccount) ? "serviceAccount" : "serviceAccountName";
      const serviceAccount = named || "default";
      const saKey = subjectKey("ServiceAccount", serviceAccount, nsKey(r));
      const podSetting = pod.spec.automountServiceAccountToken;
      const saSetting = (this.serviceAccountObjects.get(saKey) ?? []).some((sa) => sa.value.automountServiceAccountToken === false) ? false : undefined;
      const w: WorkloadIdentity = {
        resource: r, podSpecPath: pod.path, serviceAccount, saKey, explicit: Boolean(named),
        saPath: [...pod.path, field],
        tokenMounted: typeof podSetting === "boolean" ? podSetting : saSetting ?? true,
      };
      this.workloads.push(w);
      push(this.workloadsBySa, saKey, w);
      push(this.workloadsByNs, nsKey(r), w);
      this.knowServiceAccount(saKey, nsKey(r));
    }
    for (const ns of this.namespaces) this.knowServiceAccount(subjectKey("ServiceAccount", "default", ns), ns);
    for (const ns of this.serviceAccountsByNs.keys()) this.knowServiceAccount(subjectKey("ServiceAccount", "default", ns), ns);
  }

  private knowServiceAccount(key: string, ns: string): void {
    let set = this.serviceAccountsByNs.get(ns);
    if (!set) this.serviceAccountsByNs.set(ns, (set = new Set()));
    set.add(key);
  }

  private addRole(kind: RoleKind, ns: string | undefined, name: string, resource: Resource | undefined, labels: Readonly<Record<string, string>>, aggregation: unknown, rules: unknown): void {
    const key = roleKey(kind, ns, name);
    const selectors = kind === "ClusterRole" && isObj(aggregation) ? arr(aggregation.clusterRoleSelectors) : undefined;
    const entries: RuleEntry[] = [];
    const role: RoleDef = { kind, name, ns, resource, labels, selectors, entries, key };
    entries.push(...ruleEntries(role, rules));
    this.roles.push(role);
    push(this.roleDefs, key, role);
  }

  private addBuiltInRole(kind: RoleKind, b: BootstrapRole): void {
    this.addRole(kind, b.namespace, b.name, undefined, b.labels ?? {}, b.aggregationRule, b.rules);
  }

  private addBinding(kind: BindingKind, ns: string | undefined, name: string, resource: Resource | undefined, rawRef: unknown, rawSubjects: unknown): void {
    const ref = obj(rawRef);
    const refKind = str(ref?.kind);
    const refName = str(ref?.name);
    const roleRef = refKind !== undefined && refName !== undefined ? { kind: refKind, name: refName } : undefined;
    let rk: string | undefined;
    if (roleRef?.kind === "ClusterRole") rk = roleKey("ClusterRole", undefined, roleRef.name);
    else if (roleRef?.kind === "Role" && kind === "RoleBinding") rk = roleKey("Role", ns, roleRef.name);
    const subjects: SubjectEntry[] = [];
    const binding: BindingDef = { kind, name, ns, resource, roleRef, roleKey: rk, subjects, scope: kind === "ClusterRoleBinding" ? CLUSTER : ns ?? "" };
    arr(rawSubjects).forEach((s, index) => {
      if (!isObj(s)) return;
      const sKind = str(s.kind);
      const sName = str(s.name);
      if (!sName || (sKind !== "User" && sKind !== "Group" && sKind !== "ServiceAccount")) return;
      let entry: SubjectEntry | undefined;
      if (sKind === "ServiceAccount") {
        const sNs = str(s.namespace) || (kind === "RoleBinding" ? ns : undefined);
        if (sNs === undefined) return; // the API server rejects it
        entry = { key: subjectKey("ServiceAccount", sName, sNs), kind: sKind, name: sName, ns: sNs, index, binding };
      } else {
        const sa = sKind === "User" ? /^system:serviceaccount:([^:]+):([^:]+)$/.exec(sName) : null;
        entry = sa
          ? { key: subjectKey("ServiceAccount", sa[2] as string, sa[1]), kind: "ServiceAccount", name: sa[2] as string, ns: sa[1], index, binding }
          : { key: subjectKey(sKind, sName), kind: sKind, name: sName, ns: undefined, index, binding };
      }
      subjects.push(entry);
      push(this.subjectEntries, entry.key, entry);
      if (entry.kind === "ServiceAccount" && entry.ns !== undefined && resource) this.knowServiceAccount(entry.key, entry.ns);
    });
    this.bindings.push(binding);
    if (rk) push(this.bindingsByRole, rk, binding);
  }

  private addBuiltInBinding(kind: BindingKind, b: BootstrapBinding): void {
    this.addBinding(kind, b.namespace, b.name, undefined, b.roleRef, b.subjects);
  }

  /** Who aggregates whom: for each aggregating ClusterRole, the ClusterRoles its selectors match (label-indexed). */
  private readonly aggregated = new Map<string, string[]>();

  private resolveAggregation(): void {
    const byLabel = new Map<string, Set<string>>();
    const clusterRoleKeys = new Set<string>();
    for (const role of this.roles) {
      if (role.kind !== "ClusterRole") continue;
      clusterRoleKeys.add(role.key);
      for (const [k, v] of Object.entries(role.labels)) {
        let set = byLabel.get(`${k}=${v}`);
        if (!set) byLabel.set(`${k}=${v}`, (set = new Set()));
        set.add(role.key);
      }
    }
    for (const [key, defs] of this.roleDefs) {
      const selectors = defs.flatMap((d) => d.selectors ?? []);
      if (!defs.some((d) => d.selectors)) continue;
      const members = new Set<string>();
      for (const sel of selectors) {
        const ml = obj(obj(sel)?.matchLabels);
        const first = ml ? Object.entries(ml)[0] : undefined;
        const candidates = first ? byLabel.get(`${first[0]}=${String(first[1])}`) ?? new Set<string>() : clusterRoleKeys;
        for (const c of candidates) {
          if (c === key) continue;
          if ((this.roleDefs.get(c) ?? []).some((d) => selectorMatches(sel, d.labels))) members.add(c);
        }
      }
      const list = [...members];
      this.aggregated.set(key, list);
      for (const m of list) {
        let set = this.aggregators.get(m);
        if (!set) this.aggregators.set(m, (set = new Set()));
        set.add(key);
      }
    }
  }

  /** Definitions of a role key (repo and built-in). */
  definitions(key: string): readonly RoleDef[] {
    return this.roleDefs.get(key) ?? [];
  }

  roleExists(key: string): boolean {
    return this.roleDefs.has(key);
  }

  /** Whether the role aggregates others (its own rules are then owned by the aggregation controller). */
  isAggregating(key: string): boolean {
    return this.aggregated.has(key);
  }

  /** The rules a role key holds at run time: the union over its definitions, or over what it aggregates. */
  effectiveEntries(key: string, visiting: Set<string> = new Set()): readonly RuleEntry[] {
    const cached = this.effective.get(key);
    if (cached) return cached;
    if (visiting.has(key)) return [];
    visiting.add(key);
    const members = this.aggregated.get(key);
    let out: RuleEntry[];
    if (members) {
      const seen = new Set<RuleEntry>();
      out = [];
      for (const m of members) for (const e of this.effectiveEntries(m, visiting)) if (!seen.has(e)) { seen.add(e); out.push(e); }
    } else {
      out = this.definitions(key).flatMap((d) => d.entries);
    }
    visiting.delete(key);
    this.effective.set(key, out);
    return out;
  }

  /** Role keys that aggregate this one, directly or through others. */
  aggregatorsOf(key: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>([key]);
    const queue = [key];
    while (queue.length > 0) {
      const k = queue.shift() as string;
      for (const a of this.aggregators.get(k) ?? []) if (!seen.has(a)) { seen.add(a); out.push(a); queue.push(a); }
    }
    return out;
  }

  /** Bindings whose roleRef names this key. */
  bindingsTo(key: string): readonly BindingDef[] {
    return this.bindingsByRole.get(key) ?? [];
  }

  /** Every binding subject that receives a role's rules: bindings to it and to any role aggregating it. */
  receiversOf(key: string): SubjectEntry[] {
    return [key, ...this.aggregatorsOf(key)].flatMap((k) => this.bindingsTo(k).flatMap((b) => b.subjects));
  }

  /** Binding subject entries naming exactly this subject key (no group expansion). */
  subjectEntriesOf(key: string): readonly SubjectEntry[] {
    return this.subjectEntries.get(key) ?? [];
  }

  /** Every subject key named by a binding. */
  subjectKeys(): string[] {
    return [...this.subjectEntries.keys()];
  }

  /** The groups an identity belongs to by construction (ServiceAccount and authentication groups). */
  implicitGroups(key: string): string[] {
    if (key.startsWith("ServiceAccount:")) {
      const ns = key.split(":")[1] ?? "";
      const out = ["Group:system:serviceaccounts", "Group:system:authenticated"];
      if (!ns.startsWith("?")) out.splice(1, 0, `Group:system:serviceaccounts:${ns}`);
      return out;
    }
    if (key === "User:system:anonymous") return ["Group:system:unauthenticated"];
    if (key.startsWith("User:")) return ["Group:system:authenticated"];
    return [];
  }

  /** Every grant an identity holds: through bindings naming it and the groups it belongs to. */
  grantsOf(key: string): readonly Grant[] {
    const cached = this.grantCache.get(key);
    if (cached) return cached;
    const out: Grant[] = [];
    for (const k of [key, ...this.implicitGroups(key)]) {
      for (const via of this.subjectEntriesOf(k)) {
        const b = via.binding;
        if (!b.roleKey) continue;
        for (const entry of this.effectiveEntries(b.roleKey)) out.push({ entry, scope: b.scope, via });
      }
    }
    this.grantCache.set(key, out);
    return out;
  }

  /** The grants a role key would give if bound at a scope (for "bind this role" hops). */
  roleGrants(key: string, scope: Scope, via: SubjectEntry): Grant[] {
    return this.effectiveEntries(key).map((entry) => ({ entry, scope, via }));
  }

  workloadsOf(saKey: string): readonly WorkloadIdentity[] {
    return this.workloadsBySa.get(saKey) ?? [];
  }

  /** Workloads in a namespace key, or everywhere for `*`. */
  workloadsIn(scope: Scope): readonly WorkloadIdentity[] {
    return scope === CLUSTER ? this.workloads : this.workloadsByNs.get(scope) ?? [];
  }

  /** ServiceAccounts known in a namespace key, or everywhere for `*`. */
  serviceAccountsIn(scope: Scope): string[] {
    if (scope !== CLUSTER) return [...(this.serviceAccountsByNs.get(scope) ?? [])];
    return [...this.serviceAccountsByNs.values()].flatMap((s) => [...s]);
  }
}

/** The model for one run, built once per index and workload-kind table. */
const cache = new WeakMap<ResourceIndex, WeakMap<WorkloadKinds, RbacModel>>();

export function rbacModel(index: ResourceIndex, kinds: WorkloadKinds = defaultWorkloadKinds): RbacModel {
  let perKinds = cache.get(index);
  if (!perKinds) cache.set(index, (perKinds = new WeakMap()));
  let model = perKinds.get(kinds);
  if (!model) perKinds.set(kinds, (model = new RbacModel(index.all, kinds)));
  return model;
}

/** The path of a resource's `metadata.name`, used for object-level notes. */
export const NAME_PATH: Path = ["metadata", "name"];


