/**
 * Privilege-escalation paths: a graph whose nodes are identities (and roles a subject can bind to
 * itself) and whose edges are escalation primitives — create pods or workloads in a namespace and run
 * as its ServiceAccounts, create tokens, read token Secrets, exec into pods, proxy to kubelets,
 * impersonate, bind or escalate roles. A subject escalates when a node it reaches holds a dangerous
 * grant (or full admin) that the subject's own grants do not cover. Per-node power and edges are
 * computed once; the search runs from subjects named by repo bindings, breadth-first, with a hop limit.
 */
import type { Path, Resource } from "../../model/index.js";
import { GRANT_CHECKS, GRANT_CHECK_IDS, WORKLOAD_RESOURCES, matchCheck, scopeCounts, type GrantCheck, type GrantCheckId } from "./dangerous.js";
import { CLUSTER, type Scope, type SubjectEntry } from "./model-types.js";
import { nsDisplay, roleKey, scopeDisplay, subjectDisplay, subjectKey, type Grant, type RbacModel } from "./model.js";
import { isFullWildcard, verbIndex, type RuleEntry } from "./policy.js";

/** A place in a repo file, for findings and related locations. */
export interface Place {
  readonly resource: Resource;
  readonly path: Path;
  readonly message: string;
}

/** One step: the grant used, what it lets the subject do, and the node it leads to. */
export interface Hop {
  readonly to: string;
  readonly action: string;
  readonly grant: Grant;
  /** The verb of the grant that the step uses (locates the `verbs` element). */
  readonly verb: string;
  readonly extra?: readonly Place[];
}

export interface EscalationPath {
  readonly subject: string;
  readonly hops: readonly Hop[];
  readonly target: string;
  readonly admin: boolean;
  /** Power tokens the target holds that the subject does not (`check@scope`, `admin@scope`). */
  readonly gains: readonly string[];
}

const ROLE_WRITE: GrantCheck = {
  id: "escalate-bind", label: "change roles",
  targets: [
    { verbs: ["update", "patch"], groups: ["rbac.authorization.k8s.io"], resource: "clusterroles", subresource: "", clusterScoped: true },
    { verbs: ["update", "patch"], groups: ["rbac.authorization.k8s.io"], resource: "roles", subresource: "" },
  ],
};

const RUN_AS_PSEUDO: GrantCheck = {
  id: "create-workloads", label: "change workloads",
  targets: WORKLOAD_RESOURCES.filter((w) => w.resource !== "pods").map((w) => ({ verbs: ["update", "patch"], groups: w.group, resource: w.resource, subresource: "" })),
};

/** The identities and roles of the graph: subject keys, and `role:<role key>@<scope>` for a role bound by the subject itself. */
function roleNode(key: string, scope: Scope): string {
  return `role:${key}@${scope}`;
}

function parseRoleNode(node: string): { key: string; scope: Scope } | undefined {
  if (!node.startsWith("role:")) return undefined;
  const at = node.lastIndexOf("@");
  return { key: node.slice(5, at), scope: node.slice(at + 1) };
}

const CLUSTER_ADMIN = roleKey("ClusterRole", undefined, "cluster-admin");

export function nodeDisplay(node: string): string {
  const role = parseRoleNode(node);
  if (!role) return subjectDisplay(node);
  const [kind, ns, name] = role.key.split("|");
  return `${kind === "Role" ? `Role ${nsDisplay(ns)}/` : "ClusterRole "}${name} ${scopeDisplay(role.scope)}`;
}

/** Power tokens: `admin@scope` for a full wildcard, `<check>@scope` for each dangerous grant without name limits. */
export function powerOf(grants: readonly Grant[]): Set<string> {
  const out = new Set<string>();
  for (const g of grants) {
    if (isFullWildcard(g.entry)) out.add(`admin@${g.scope}`);
    for (const id of entryChecks(g.entry, g.scope === CLUSTER)) {
      if (scopeCounts(GRANT_CHECKS[id], g.scope)) out.add(`${id}@${g.scope}`);
    }
  }
  return out;
}

/** Roles are shared by many bindings, so what an entry grants is worked out once per entry (cluster-wide or not). */
const entryCheckCache = new WeakMap<RuleEntry, { cluster?: GrantCheckId[]; namespaced?: GrantCheckId[] }>();

function entryChecks(entry: RuleEntry, cluster: boolean): readonly GrantCheckId[] {
  let cached = entryCheckCache.get(entry);
  if (!cached) entryCheckCache.set(entry, (cached = {}));
  const key = cluster ? "cluster" : "namespaced";
  let ids = cached[key];
  if (!ids) {
    ids = GRANT_CHECK_IDS.filter((id) => matchCheck(entry, GRANT_CHECKS[id], cluster ? CLUSTER : "").some((m) => m.names === undefined));
    cached[key] = ids;
  }
  return ids;
}

export function covers(power: ReadonlySet<string>, token: string): boolean {
  if (power.has(token) || power.has(`admin@${CLUSTER}`)) return true;
  const at = token.lastIndexOf("@");
  const check = token.slice(0, at);
  const scope = token.slice(at + 1);
  if (power.has(`${check}@${CLUSTER}`)) return true;
  return scope !== CLUSTER && power.has(`admin@${scope}`);
}

export function describeToken(token: string): string {
  const at = token.lastIndexOf("@");
  const check = token.slice(0, at);
  const scope = token.slice(at + 1);
  if (check === "admin") return scope === CLUSTER ? "cluster-admin" : `full control of namespace ${nsDisplay(scope)}`;
  const label = GRANT_CHECKS[check as keyof typeof GRANT_CHECKS]?.label ?? check;
  return `${label} ${scopeDisplay(scope)}`;
}

export class EscalationGraph {
  private readonly powers = new Map<string, Set<string>>();
  private readonly edges = new Map<string, Hop[]>();

  constructor(private readonly model: RbacModel) {}

  grantsOfNode(node: string, via?: SubjectEntry): readonly Grant[] {
    const role = parseRoleNode(node);
    if (!role) return this.model.grantsOf(node);
    return via ? this.model.roleGrants(role.key, role.scope, via) : [];
  }

  power(node: string, via?: SubjectEntry): Set<string> {
    let p = this.powers.get(node);
    if (!p) this.powers.set(node, (p = powerOf(this.grantsOfNode(node, via))));
    return p;
  }

  /** The escalation steps out of a node. */
  hops(node: string, via?: SubjectEntry): readonly Hop[] {
    const cached = this.edges.get(node);
    if (cached) return cached;
    const grants = this.grantsOfNode(node, via);
    const out: Hop[] = [];
    const seen = new Set<string>();
    const add = (h: Hop) => {
      if (h.to === node || seen.has(h.to)) return;
      seen.add(h.to);
      out.push(h);
    };
    const m = this.model;
    const bind = { all: new Map<Scope, Grant>(), names: new Map<Scope, Map<string, Grant>>(), crb: undefined as Grant | undefined, rb: new Map<Scope, Grant>() };
    const escalate = { verb: new Map<Scope, Grant>(), update: new Set<Scope>() };
    for (const g of grants) {
      // create pods or workloads → run as any ServiceAccount of the namespace
      const create = matchCheck(g.entry, GRANT_CHECKS["create-workloads"], g.scope).find((x) => x.names === undefined);
      const change = create ? undefined : matchCheck(g.entry, RUN_AS_PSEUDO, g.scope).find((x) => x.names === undefined);
      const run = create ?? change;
      if (run) {
        const what = `${run.verbs[0]} ${run.target.resource} ${scopeDisplay(g.scope)}`;
        for (const sa of m.serviceAccountsIn(g.scope)) add({ to: sa, action: `${what} → run as ${saShort(sa)}`, grant: g, verb: run.verbs[0] as string });
      }
      // tokens
      for (const t of matchCheck(g.entry, GRANT_CHECKS["token-create"], g.scope)) {
        for (const sa of m.serviceAccountsIn(g.scope)) {
          if (t.names && !t.names.includes(saName(sa))) continue;
          add({ to: sa, action: `create a token for ${saShort(sa)}`, grant: g, verb: "create" });
        }
      }
      // token Secrets
      for (const t of matchCheck(g.entry, GRANT_CHECKS["secrets-read"], g.scope)) {
        const secrets = g.scope === CLUSTER ? [...m.tokenSecrets.values()].flat() : m.tokenSecrets.get(g.scope) ?? [];
        for (const s of secrets) {
          if (t.names && !t.names.includes(s.name)) continue;
          add({
            to: s.saKey, action: `read Secret ${nsDisplay(s.resource.namespace ?? "?")}/${s.name} (a token of ${saShort(s.saKey)})`, grant: g, verb: t.verbs[0] as string,
            extra: [{ resource: s.resource, path: ["metadata", "name"], message: `token Secret of ${subjectDisplay(s.saKey)}` }],
          });
        }
      }
      // exec, attach, ephemeral containers → the ServiceAccount of a running pod
      for (const t of matchCheck(g.entry, GRANT_CHECKS["pod-exec"], g.scope)) {
        if (t.names || t.target.subresource === "portforward") continue;
        const ws = m.workloadsIn(g.scope);
        for (const w of ws) {
          if (!w.tokenMounted) continue;
          add({ to: w.saKey, action: `${t.target.subresource === "ephemeralcontainers" ? "add a debug container to" : `${t.target.subresource} into`} ${w.resource.kind} ${nsDisplay(w.saKey.split(":")[1])}/${w.resource.name ?? "?"} → run as ${saShort(w.saKey)}`, grant: g, verb: t.verbs[0] as string });
        }
      }
      // kubelet API
      if (matchCheck(g.entry, GRANT_CHECKS["node-proxy"], g.scope).some((t) => t.names === undefined)) {
        for (const w of m.workloads) {
          if (!w.tokenMounted) continue;
          add({ to: w.saKey, action: `exec through nodes/proxy into ${w.resource.kind} ${nsDisplay(w.saKey.split(":")[1])}/${w.resource.name ?? "?"} → run as ${saShort(w.saKey)}`, grant: g, verb: g.entry.verbs.includes("create") ? "create" : "get" });
        }
      }
      // impersonation
      for (const t of matchCheck(g.entry, GRANT_CHECKS.impersonate, g.scope)) {
        const r = t.target.resource;
        if (r === "users" || r === "groups") {
          const kind = r === "users" ? "User" : "Group";
          const keys = t.names
            ? t.names.map((n) => (kind === "User" ? userKey(n) : subjectKey("Group", n)))
            : m.subjectKeys().filter((k) => k.startsWith(`${kind}:`));
          for (const k of keys) add({ to: k, action: `impersonate ${subjectDisplay(k)}`, grant: g, verb: "impersonate" });
        } else if (r === "serviceaccounts") {
          for (const sa of m.serviceAccountsIn(g.scope)) {
            if (t.names && !t.names.includes(saName(sa))) continue;
            add({ to: sa, action: `impersonate ${subjectDisplay(sa)}`, grant: g, verb: "impersonate" });
          }
        }
      }
      // bind and escalate
      for (const t of matchCheck(g.entry, GRANT_CHECKS["escalate-bind"], g.scope)) {
        const r = t.target.resource;
        if (r === "clusterroles" || r === "roles") {
          if (t.verbs.includes("bind")) {
            if (!t.names) bind.all.set(g.scope, bind.all.get(g.scope) ?? g);
            else {
              const names = bind.names.get(g.scope) ?? new Map<string, Grant>();
              for (const n of t.names) if (!names.has(n)) names.set(n, g);
              bind.names.set(g.scope, names);
            }
          }
          if (t.verbs.includes("escalate") && !t.names && (r === "clusterroles" || g.scope !== CLUSTER)) escalate.verb.set(g.scope, escalate.verb.get(g.scope) ?? g);
        }
        if (t.names) continue;
        if (r === "clusterrolebindings" && t.verbs.includes("create")) bind.crb ??= g;
        if (r === "rolebindings" && t.verbs.includes("create") && !bind.rb.has(g.scope)) bind.rb.set(g.scope, g);
      }
      // escalate needs update or patch on the role too; another grant may hold it
      if (matchCheck(g.entry, ROLE_WRITE, g.scope).some((x) => !x.names)) escalate.update.add(g.scope);
    }
    const bindTo = (key: string, scope: Scope, g: Grant, where: string) => {
      add({ to: roleNode(key, scope), action: `bind ClusterRole "${key.split("|")[2] ?? ""}" ${where}`, grant: g, verb: "bind" });
    };
    if (bind.crb) {
      const all = bind.all.get(CLUSTER);
      if (all) bindTo(CLUSTER_ADMIN, CLUSTER, all, "in a new ClusterRoleBinding");
      for (const [n, g] of bind.names.get(CLUSTER) ?? []) bindTo(roleKey("ClusterRole", undefined, n), CLUSTER, g, "in a new ClusterRoleBinding");
    }
    for (const [rbScope] of bind.rb) {
      const namespaces = rbScope === CLUSTER ? [...m.serviceAccountsByNs.keys()].filter((n) => !n.startsWith("?")) : [rbScope];
      for (const ns of namespaces) {
        const all = bind.all.get(ns) ?? bind.all.get(CLUSTER);
        if (all) bindTo(CLUSTER_ADMIN, ns, all, `in a new RoleBinding in ${nsDisplay(ns)}`);
        for (const names of [bind.names.get(ns), bind.names.get(CLUSTER)]) {
          for (const [n, g] of names ?? []) bindTo(roleKey("ClusterRole", undefined, n), ns, g, `in a new RoleBinding in ${nsDisplay(ns)}`);
        }
      }
    }
    for (const [scope, g] of escalate.verb) {
      if (escalate.update.has(scope) || escalate.update.has(CLUSTER)) {
        add({ to: roleNode(CLUSTER_ADMIN, scope), action: `escalate: write any permission into a role ${scopeDisplay(scope)}`, grant: g, verb: "escalate" });
      }
    }
    this.edges.set(node, out);
    return out;
  }

  /** The best escalation reachable from a subject: full cluster-admin first, else the most new dangerous grants; the shortest path wins ties. */
  search(subject: string, maxHops: number): EscalationPath | undefined {
    const own = this.power(subject);
    if (own.has(`admin@${CLUSTER}`)) return undefined;
    const parent = new Map<string, { from: string; hop: Hop; depth: number }>();
    const queue: string[] = [subject];
    const seen = new Set<string>([subject]);
    let best: { node: string; gains: string[]; admin: boolean } | undefined;
    while (queue.length > 0) {
      const node = queue.shift() as string;
      const depth = node === subject ? 0 : (parent.get(node)?.depth ?? 0);
      if (node !== subject) {
        const power = this.power(node, parent.get(node)?.hop.grant.via);
        const gains = [...power].filter((t) => !covers(own, t)).sort();
        const admin = power.has(`admin@${CLUSTER}`);
        if (gains.length > 0 && (!best || (admin && !best.admin) || (admin === best.admin && gains.length > best.gains.length))) best = { node, gains, admin };
        if (best?.admin) break;
      }
      if (depth >= maxHops) continue;
      for (const hop of this.hops(node, parent.get(node)?.hop.grant.via)) {
        if (seen.has(hop.to)) continue;
        seen.add(hop.to);
        parent.set(hop.to, { from: node, hop, depth: depth + 1 });
        queue.push(hop.to);
      }
    }
    if (!best) return undefined;
    const hops: Hop[] = [];
    for (let n = best.node; n !== subject;) {
      const p = parent.get(n);
      if (!p) break;
      hops.unshift(p.hop);
      n = p.from;
    }
    return { subject, hops, target: best.node, admin: best.admin, gains: best.admin ? [`admin@${CLUSTER}`] : best.gains };
  }
}

function saName(key: string): string {
  return key.split(":").slice(2).join(":");
}

function saShort(key: string): string {
  return `${nsDisplay(key.split(":")[1])}/${saName(key)}`;
}

function userKey(name: string): string {
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
  return sa ? subjectKey("ServiceAccount", sa[2] as string, sa[1]) : subjectKey("User", name);
}

/** The graph for a model, built lazily and kept with it. */
const graphs = new WeakMap<RbacModel, EscalationGraph>();

export function escalationGraph(model: RbacModel): EscalationGraph {
  let g = graphs.get(model);
  if (!g) graphs.set(model, (g = new EscalationGraph(model)));
  return g;
}

/** The `verbs` element of a repo grant, or the binding subject entry when the role is built in. */
export function grantPlace(g: Grant, verb: string, message: string): Place | undefined {
  const role = g.entry.role;
  if (role.resource) {
    const vi = verbIndex(g.entry, verb);
    return { resource: role.resource, path: ["rules", g.entry.index, "verbs", vi < 0 ? 0 : vi], message };
  }
  return bindingPlace(g.via, message);
}

export function bindingPlace(s: SubjectEntry, message: string): Place | undefined {
  return s.binding.resource ? { resource: s.binding.resource, path: ["subjects", s.index], message } : undefined;
}
