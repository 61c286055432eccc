/**
 * The repo-wide network model: resources grouped by namespace, the NetworkPolicies that select each
 * workload, the Services, Ingresses and Gateway routes that reach it, and its exposure class.
 *
 * Namespaces: a resource with a resolved namespace joins that namespace; one whose namespace is unset
 * joins only the other unset resources of the same `scope` (kustomization build or directory), never a
 * named namespace. Selectors are evaluated per namespace group, never across all resources.
 */
import {
  cmp,
  getIn,
  isClusterScoped,
  mapSelectorMatches,
  obj,
  podSpecOf,
  selectorMatches,
  str,
  stringMap,
  defaultWorkloadKinds,
  type Path,
  type PodSpecRef,
  type Resource,
  type ResourceIndex,
  type WorkloadKinds,
} from "../../model/index.js";
import { isPrivateRange, isWholeRange, parseCidr } from "./cidr.js";
import { DEFAULT_INTERNAL_OPTIONS, internalAnnotation, isInternalClass, type InternalOptions } from "./internal.js";
import {
  gatewayAnnotations,
  ingressBackends,
  ingressClass,
  isGateway,
  isIngress,
  isRoute,
  isService,
  routeBackends,
  routeParents,
  servicePorts,
  serviceType,
  type BackendRef,
  type ServicePort,
} from "./objects.js";
import {
  isEveryPodPeer,
  isNetworkPolicy,
  isPublicRangePeer,
  isWholeRangePeer,
  parsePolicy,
  describePeer,
  peerAdmitsAddress,
  peerAdmitsPod,
  type Peer,
  type PodSource,
  type PolicyInfo,
  type PolicyRule,
} from "./policies.js";
import { declaredPorts, describePolicyPort, portsAdmit, type DeclaredPort, type PortRef } from "./ports.js";

export type ExposureClass = "internet" | "cluster" | "namespace" | "isolated";
export const EXPOSURE_CLASSES: readonly ExposureClass[] = ["internet", "cluster", "namespace", "isolated"];

/** One object on the way from outside to a workload, with the field that makes the link. */
export interface ChainLink {
  readonly resource: Resource;
  readonly path: Path;
  readonly message: string;
}

export interface NamespaceGroup {
  /** `ns:<name>` or `scope:<dir>` for resources whose namespace is unset. */
  readonly key: string;
  readonly namespace: string | undefined;
  readonly scope: string | undefined;
  /** The Namespace object, when the repo has one. */
  namespaceObject: Resource | undefined;
  /** Labels a namespaceSelector sees (with `kubernetes.io/metadata.name`); empty when the namespace is unset. */
  labels: Record<string, string>;
  /** Workloads in output order (file, document, list item). */
  readonly workloads: WorkloadNet[];
  readonly policies: PolicyNet[];
  readonly services: ServiceNet[];
  readonly servicesByName: Map<string, ServiceNet>;
  readonly ingresses: Resource[];
  readonly gateways: Resource[];
  readonly gatewaysByName: Map<string, Resource>;
  readonly routes: Resource[];
  /** Secret names that exist or will exist: Secrets, SealedSecrets, ExternalSecret targets, Certificate secretNames. */
  readonly secretNames: Set<string>;
  /** Workloads by `key=value` of each pod label: selector candidates (see workloadsMatching). */
  readonly workloadsByLabel: Map<string, WorkloadNet[]>;
}

export interface PolicyNet extends PolicyInfo {
  readonly group: NamespaceGroup;
  /** Workloads of its namespace that its podSelector selects. */
  readonly selected: WorkloadNet[];
}

export interface ServiceNet {
  readonly resource: Resource;
  readonly group: NamespaceGroup;
  readonly type: string;
  readonly ports: readonly ServicePort[];
  /** True when `spec.selector` is a non-empty map. */
  readonly hasSelector: boolean;
  readonly selects: WorkloadNet[];
  /** Why the Service is internal (an annotation or load-balancer class), when it is. */
  readonly internal: string | undefined;
}

export interface ExposurePath {
  readonly kind: "load-balancer" | "node-port" | "external-ips" | "ingress" | "route";
  readonly service: ServiceNet;
  /** From the outside in: Gateway, route or Ingress, then the Service, then the workload. */
  readonly chain: readonly ChainLink[];
  /** Pod ports the path delivers to. */
  readonly targets: readonly PortRef[];
  /** Internet-facing (not internal, not limited to private source ranges). */
  readonly public: boolean;
  /** Policies that isolate the workload and admit no outside traffic on these ports. */
  readonly blockedBy: readonly PolicyNet[];
  readonly description: string;
}

export interface Admission {
  readonly policy: PolicyNet;
  readonly rule: PolicyRule;
  /** undefined for a rule with no `from` (every source). */
  readonly peer: Peer | undefined;
}

export interface WorkloadNet {
  readonly resource: Resource;
  readonly pod: PodSpecRef;
  readonly group: NamespaceGroup;
  readonly labels: Record<string, string>;
  readonly ports: readonly DeclaredPort[];
  readonly hostNetwork: boolean;
  readonly ingressPolicies: PolicyNet[];
  readonly egressPolicies: PolicyNet[];
  readonly services: ServiceNet[];
  readonly paths: ExposurePath[];
  exposure: ExposureClass;
  /** What makes the class what it is. */
  causes: ChainLink[];
}

export interface NetworkModel {
  readonly groups: ReadonlyMap<string, NamespaceGroup>;
  /** Every workload in output order. */
  readonly workloads: readonly WorkloadNet[];
  readonly byResource: ReadonlyMap<Resource, WorkloadNet>;
  readonly options: InternalOptions;
  group(key: string): NamespaceGroup | undefined;
  /** Groups by `key=value` of each namespace label: namespaceSelector candidates (see groupsMatching). */
  readonly groupsByLabel: ReadonlyMap<string, readonly NamespaceGroup[]>;
}

export const namespaceKey = (r: Pick<Resource, "namespace" | "scope">): string => (r.namespace !== undefined ? `ns:${r.namespace}` : `scope:${r.scope}`);

/** `namespace "shop"` or `namespace unset (apps/web)`. */
export function groupLabel(g: Pick<NamespaceGroup, "namespace" | "scope">): string {
  return g.namespace !== undefined ? `namespace "${g.namespace}"` : `namespace unset (${g.scope ?? "."})`;
}

export function outputOrder(a: Resource, b: Resource): number {
  return cmp(a.file, b.file) || a.docIndex - b.docIndex || (a.listIndex ?? -1) - (b.listIndex ?? -1) || a.id - b.id;
}

const NON_WORKLOAD_KINDS = new Set(["PodTemplate"]);

/** A resource whose pods run (PodTemplate holds a template only). */
export function workloadPod(r: Resource, kinds: WorkloadKinds): PodSpecRef | undefined {
  if (NON_WORKLOAD_KINDS.has(r.kind) && r.group === "") return undefined;
  return podSpecOf(r, kinds);
}

function newGroup(key: string, namespace: string | undefined, scope: string | undefined): NamespaceGroup {
  return {
    key, namespace, scope, namespaceObject: undefined,
    labels: namespace !== undefined ? { "kubernetes.io/metadata.name": namespace } : {},
    workloads: [], policies: [], services: [], servicesByName: new Map(), ingresses: [], gateways: [], gatewaysByName: new Map(),
    routes: [], secretNames: new Set(), workloadsByLabel: new Map(),
  };
}

/** The smallest indexed list for a selector's string matchLabels (or map selector) entries; `all` when none applies. */
function candidatesOf<T>(byLabel: ReadonlyMap<string, readonly T[]>, labels: unknown, all: readonly T[]): readonly T[] {
  let best: readonly T[] | undefined;
  for (const [k, v] of Object.entries(obj(labels) ?? {})) {
    if (typeof v !== "string") continue;
    const list = byLabel.get(`${k}=${v}`) ?? [];
    if (!best || list.length < best.length) best = list;
  }
  return best ?? all;
}

/** Workloads of a group that a LabelSelector matches, through the group's label index. */
export function workloadsMatching(g: NamespaceGroup, selector: unknown): WorkloadNet[] {
  return candidatesOf(g.workloadsByLabel, obj(selector)?.matchLabels, g.workloads).filter((w) => selectorMatches(selector, w.labels));
}

/** Namespace groups whose labels a namespaceSelector matches, through the model's label index. */
export function groupsMatching(model: NetworkModel, selector: unknown): NamespaceGroup[] {
  return candidatesOf(model.groupsByLabel, obj(selector)?.matchLabels, [...model.groups.values()]).filter((g) => selectorMatches(selector, g.labels));
}

const cache = new WeakMap<ResourceIndex, WeakMap<WorkloadKinds, Map<string, NetworkModel>>>();

/** The network model of a run, built once per index, workload kinds and options. */
export function networkModel(index: ResourceIndex, kinds: WorkloadKinds = defaultWorkloadKinds, options: InternalOptions = DEFAULT_INTERNAL_OPTIONS): NetworkModel {
  let byKinds = cache.get(index);
  if (!byKinds) cache.set(index, (byKinds = new WeakMap()));
  let byOptions = byKinds.get(kinds);
  if (!byOptions) byKinds.set(kinds, (byOptions = new Map()));
  const key = JSON.stringify([options.internalClasses, options.internalAnnotations]);
  let model = byOptions.get(key);
  if (!model) byOptions.set(key, (model = buildNetworkModel(index.all, kinds, options)));
  return model;
}

/** Builds the model from resources (use `networkModel` in rules: it is shared between them). */
export function buildNetworkModel(resources: readonly Resource[], kinds: WorkloadKinds = defaultWorkloadKinds, options: InternalOptions = DEFAULT_INTERNAL_OPTIONS): NetworkModel {
  const groups = new Map<string, NamespaceGroup>();
  const groupOf = (namespace: string | undefined, scope: string | undefined): NamespaceGroup => {
    const key = namespace !== undefined ? `ns:${namespace}` : `scope:${scope}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = newGroup(key, namespace, namespace !== undefined ? undefined : scope)));
    return g;
  };
  const sorted = [...resources].sort(outputOrder);
  const workloads: WorkloadNet[] = [];
  const byResource = new Map<Resource, WorkloadNet>();
  const namespaceObjects: Resource[] = [];

  for (const r of sorted) {
    if (r.kind === "Namespace" && r.group === "") {
      namespaceObjects.push(r);
      continue;
    }
    if (isClusterScoped(r.group, r.kind)) continue;
    const g = groupOf(r.namespace, r.scope);
    const pod = workloadPod(r, kinds);
    if (pod) {
      const w: WorkloadNet = {
        resource: r, pod, group: g, labels: stringMap(pod.metadata?.labels), ports: declaredPorts(pod),
        hostNetwork: pod.spec.hostNetwork === true, ingressPolicies: [], egressPolicies: [], services: [], paths: [],
        exposure: "isolated", causes: [],
      };
      g.workloads.push(w);
      workloads.push(w);
      byResource.set(r, w);
    } else if (isNetworkPolicy(r)) {
      g.policies.push({ ...parsePolicy(r), group: g, selected: [] });
    } else if (isService(r)) {
      const selector = obj(r.value.spec)?.selector;
      const svc: ServiceNet = {
        resource: r, group: g, type: serviceType(r), ports: servicePorts(r),
        hasSelector: obj(selector) !== undefined && Object.keys(obj(selector) ?? {}).length > 0,
        selects: [], internal: serviceInternal(r, options),
      };
      g.services.push(svc);
      if (r.name !== undefined && !g.servicesByName.has(r.name)) g.servicesByName.set(r.name, svc);
    } else if (isIngress(r)) {
      g.ingresses.push(r);
    } else if (isGateway(r)) {
      g.gateways.push(r);
      if (r.name !== undefined && !g.gatewaysByName.has(r.name)) g.gatewaysByName.set(r.name, r);
    } else if (isRoute(r)) {
      g.routes.push(r);
    }
    for (const name of producedSecretNames(r)) g.secretNames.add(name);
  }
  for (const ns of namespaceObjects) {
    if (ns.name === undefined) continue;
    const g = groupOf(ns.name, undefined);
    if (!g.namespaceObject) {
      g.namespaceObject = ns;
      g.labels = { ...stringMap(getIn(ns.value, ["metadata", "labels"])), "kubernetes.io/metadata.name": ns.name };
    }
  }

  // Selection, per namespace group, through a label index so that big namespaces stay near-linear.
  const groupsByLabel = new Map<string, NamespaceGroup[]>();
  for (const g of groups.values()) {
    for (const [k, v] of Object.entries(g.labels)) push(groupsByLabel, `${k}=${v}`, g);
    const byLabel = g.workloadsByLabel;
    for (const w of g.workloads) for (const [k, v] of Object.entries(w.labels)) push(byLabel, `${k}=${v}`, w);
    const candidates = (sel: unknown): readonly WorkloadNet[] => candidatesOf(byLabel, sel, g.workloads);
    for (const p of g.policies) {
      for (const w of candidates(obj(p.podSelector)?.matchLabels)) {
        if (!selectorMatches(p.podSelector, w.labels)) continue;
        p.selected.push(w);
        if (p.ingressType) w.ingressPolicies.push(p);
        if (p.egressType) w.egressPolicies.push(p);
      }
    }
    for (const s of g.services) {
      if (!s.hasSelector || s.type === "ExternalName") continue;
      const selector = obj(s.resource.value.spec)?.selector;
      for (const w of candidates(selector)) {
        if (!mapSelectorMatches(selector, w.labels)) continue;
        s.selects.push(w);
        w.services.push(s);
      }
    }
  }

  const model: NetworkModel = { groups, workloads, byResource, options, group: (k) => groups.get(k), groupsByLabel };
  for (const w of workloads) addServicePaths(w);
  for (const g of groups.values()) {
    for (const ing of g.ingresses) addIngressPaths(model, g, ing);
    for (const route of g.routes) addRoutePaths(model, g, route);
  }
  for (const w of workloads) classify(w);
  return model;
}

function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function serviceInternal(svc: Resource, options: InternalOptions): string | undefined {
  const byAnnotation = internalAnnotation(obj(getIn(svc.value, ["metadata", "annotations"])) ?? {}, options);
  if (byAnnotation) return `annotation ${byAnnotation}`;
  const cls = getIn(svc.value, ["spec", "loadBalancerClass"]);
  return isInternalClass(cls, options) ? `loadBalancerClass "${String(cls)}"` : undefined;
}

/** Names of Secrets a resource is, or makes: Secret, SealedSecret, ExternalSecret, cert-manager Certificate. */
function producedSecretNames(r: Resource): string[] {
  if (r.kind === "Secret" && r.group === "") return r.name !== undefined ? [r.name] : [];
  if (r.kind === "SealedSecret" && r.group === "bitnami.com") {
    const t = str(getIn(r.value, ["spec", "template", "metadata", "name"]));
    return [r.name, t].filter((x): x is string => x !== undefined);
  }
  if (r.kind === "ExternalSecret" && r.group === "external-secrets.io") {
    const t = str(getIn(r.value, ["spec", "target", "name"]));
    return [t ?? r.name].filter((x): x is string => x !== undefined);
  }
  if (r.kind === "Certificate" && r.group === "cert-manager.io") {
    const t = str(getIn(r.value, ["spec", "secretName"]));
    return t !== undefined ? [t] : [];
  }
  return [];
}

/** Source ranges of a LoadBalancer: `spec.loadBalancerSourceRanges`, else the legacy annotation. */
export function loadBalancerSourceRanges(svc: Resource): { value: string; path: Path }[] {
  const spec = obj(svc.value.spec) ?? {};
  const ranges = spec.loadBalancerSourceRanges;
  if (Array.isArray(ranges) && ranges.length > 0) {
    return ranges.map((v, i) => ({ value: String(v), path: ["spec", "loadBalancerSourceRanges", i] }));
  }
  const key = "service.beta.kubernetes.io/load-balancer-source-ranges";
  const ann = svc.annotations[key];
  if (ann !== undefined && ann.trim() !== "") {
    return ann.split(",").map((v) => ({ value: v.trim(), path: ["metadata", "annotations", key] }));
  }
  return [];
}

/** True when any source range admits every address (`0.0.0.0/0`, `::/0`), or there is none. */
export function loadBalancerOpen(svc: Resource): boolean {
  const ranges = loadBalancerSourceRanges(svc);
  return ranges.length === 0 || ranges.some((r) => {
    const c = parseCidr(r.value);
    return c !== undefined && isWholeRange(c);
  });
}

function targetsOf(ports: readonly ServicePort[]): PortRef[] {
  return ports.map((p) => ({ ...(p.targetName !== undefined ? { name: p.targetName } : {}), ...(p.targetNumber !== undefined ? { number: p.targetNumber } : {}), protocol: p.protocol }));
}

function serviceLink(s: ServiceNet, w: WorkloadNet): ChainLink {
  return { resource: s.resource, path: ["spec", "selector"], message: `Service "${s.resource.name ?? ""}" selects ${w.resource.kind} "${w.resource.name ?? ""}"` };
}

function addServicePaths(w: WorkloadNet): void {
  for (const s of w.services) {
    const targets = targetsOf(s.ports);
    const svcName = s.resource.name ?? "";
    if (s.type === "LoadBalancer") {
      const open = s.internal === undefined && loadBalancerOpen(s.resource);
      const description = s.internal !== undefined
        ? `internal LoadBalancer Service "${svcName}" (${s.internal})`
        : open ? `LoadBalancer Service "${svcName}" open to every address` : `LoadBalancer Service "${svcName}" limited to its source ranges`;
      w.paths.push(path(w, "load-balancer", s, [{ resource: s.resource, path: ["spec", "type"], message: description }, serviceLink(s, w)], targets, open, description));
    }
    if (s.type === "NodePort") {
      const description = `NodePort Service "${svcName}" opens its ports on every node`;
      w.paths.push(path(w, "node-port", s, [{ resource: s.resource, path: ["spec", "type"], message: description }, serviceLink(s, w)], targets, true, description));
    }
    const ips = obj(s.resource.value.spec)?.externalIPs;
    if (Array.isArray(ips) && ips.length > 0) {
      const isPublic = ips.some((ip) => {
        const c = parseCidr(ip);
        return c === undefined || !isPrivateRange(c);
      });
      const description = `Service "${svcName}" accepts traffic for externalIPs ${ips.map(String).join(", ")}`;
      w.paths.push(path(w, "external-ips", s, [{ resource: s.resource, path: ["spec", "externalIPs"], message: description }, serviceLink(s, w)], targets, isPublic, description));
    }
  }
}

function path(w: WorkloadNet, kind: ExposurePath["kind"], service: ServiceNet, chain: ChainLink[], targets: PortRef[], isPublic: boolean, description: string): ExposurePath {
  return { kind, service, chain, targets, public: isPublic, blockedBy: blockingPolicies(w, targets, kind === "ingress" || kind === "route"), description };
}

/** The Service ports a backend reaches: the one it names, else all of them. */
function backendPorts(s: ServiceNet, ref: BackendRef): ServicePort[] {
  if (ref.port === undefined) return [...s.ports];
  const hit = s.ports.filter((p) => (typeof ref.port === "number" ? p.port === ref.port : p.name === ref.port));
  return hit.length > 0 ? hit : [...s.ports];
}

/** The Service a backend names, resolved in its namespace group. */
export function resolveBackend(model: NetworkModel, from: NamespaceGroup, ref: BackendRef): ServiceNet | undefined {
  const g = ref.namespace !== undefined ? model.group(`ns:${ref.namespace}`) : from;
  return g?.servicesByName.get(ref.serviceName);
}

function addIngressPaths(model: NetworkModel, g: NamespaceGroup, ing: Resource): void {
  const cls = ingressClass(ing);
  const ann = internalAnnotation(obj(getIn(ing.value, ["metadata", "annotations"])) ?? {}, model.options);
  const internal = ann ? `annotation ${ann}` : isInternalClass(cls, model.options) ? `class "${cls ?? ""}"` : undefined;
  for (const ref of ingressBackends(ing)) {
    const s = resolveBackend(model, g, ref);
    if (!s) continue;
    const ports = backendPorts(s, ref);
    for (const w of s.selects) {
      const description = internal
        ? `internal Ingress "${ing.name ?? ""}" (${internal}) routes to Service "${s.resource.name ?? ""}"`
        : `Ingress "${ing.name ?? ""}"${cls ? ` (class "${cls}")` : ""} routes to Service "${s.resource.name ?? ""}"`;
      const chain: ChainLink[] = [{ resource: ing, path: ref.namePath, message: description }, serviceLink(s, w)];
      w.paths.push(path(w, "ingress", s, chain, targetsOf(ports), internal === undefined, description));
    }
  }
}

function addRoutePaths(model: NetworkModel, g: NamespaceGroup, route: Resource): void {
  const parents = routeParents(route);
  if (parents.length === 0) return;
  // A route reaches outside when one of its Gateways is public; a Gateway not in the repo counts as public.
  let publicVia: ChainLink | undefined;
  let internalVia: ChainLink | undefined;
  for (const parent of parents) {
    const pg = parent.namespace !== undefined ? model.group(`ns:${parent.namespace}`) : g;
    const gw = pg?.gatewaysByName.get(parent.name);
    if (!gw) {
      publicVia ??= { resource: route, path: [...parent.path, "name"], message: `${route.kind} "${route.name ?? ""}" attaches to Gateway "${parent.name}" (not in the repository; assumed public)` };
      continue;
    }
    const reason = gatewayInternal(gw, model.options);
    const link: ChainLink = { resource: gw, path: ["spec", "gatewayClassName"], message: reason ? `internal Gateway "${gw.name ?? ""}" (${reason})` : `Gateway "${gw.name ?? ""}" (class "${String(getIn(gw.value, ["spec", "gatewayClassName"]) ?? "")}")` };
    if (reason) internalVia ??= link;
    else publicVia ??= link;
  }
  const via = publicVia ?? internalVia;
  if (!via) return;
  for (const ref of routeBackends(route)) {
    const s = resolveBackend(model, g, ref);
    if (!s) continue;
    const ports = backendPorts(s, ref);
    for (const w of s.selects) {
      const description = `${route.kind} "${route.name ?? ""}" routes to Service "${s.resource.name ?? ""}" through ${via.message}`;
      const chain: ChainLink[] = [...(via.resource === route ? [] : [via]), { resource: route, path: ref.namePath, message: description }, serviceLink(s, w)];
      w.paths.push(path(w, "route", s, chain, targetsOf(ports), publicVia !== undefined, description));
    }
  }
}

/** Why a Gateway is internal (its class or an internal load-balancer annotation), or undefined. */
export function gatewayInternal(gw: Resource, options: InternalOptions): string | undefined {
  const ann = internalAnnotation(gatewayAnnotations(gw), options);
  if (ann) return `annotation ${ann}`;
  const cls = getIn(gw.value, ["spec", "gatewayClassName"]);
  return isInternalClass(cls, options) ? `class "${String(cls)}"` : undefined;
}

/** True when a peer can carry traffic that entered the cluster from outside. */
function admitsOutside(peer: Peer | undefined, viaProxy: boolean): boolean {
  if (peer === undefined || peer.kind === "empty") return true;
  if (isPublicRangePeer(peer)) return true;
  // Ingress controllers and gateways are pods, usually in another namespace, or address ranges.
  return viaProxy && (peer.kind === "namespaces" || peer.kind === "ipBlock");
}

/** Rules of ingress-isolating policies that admit traffic, flattened. */
export function admissions(w: WorkloadNet): Admission[] {
  const out: Admission[] = [];
  for (const policy of w.ingressPolicies) {
    for (const rule of policy.ingress) {
      if (rule.peers === "all") out.push({ policy, rule, peer: undefined });
      else for (const peer of rule.peers) out.push({ policy, rule, peer });
    }
  }
  return out;
}

function blockingPolicies(w: WorkloadNet, targets: readonly PortRef[], viaProxy: boolean): PolicyNet[] {
  if (w.hostNetwork || w.ingressPolicies.length === 0) return [];
  const admitted = admissions(w).some((a) => admitsOutside(a.peer, viaProxy) && (targets.length === 0 || targets.some((t) => portsAdmit(a.rule.ports, t, w.ports))));
  return admitted ? [] : [...w.ingressPolicies];
}

function policyLink(a: Admission, what: string): ChainLink {
  return { resource: a.policy.resource, path: a.peer ? a.peer.path : a.rule.path, message: `NetworkPolicy "${a.policy.resource.name ?? ""}" ${what}` };
}

function describeAdmission(a: Admission): string {
  const ports = a.rule.ports === "all" ? "all ports" : a.rule.ports.map(describePolicyPort).join(", ");
  return `admits ${a.peer ? describePeer(a.peer) : "every source (no from)"} on ${ports}`;
}

function classify(w: WorkloadNet): void {
  const open = w.paths.filter((p) => p.public && p.blockedBy.length === 0);
  if (open.length > 0) {
    w.exposure = "internet";
    const seen = new Set<string>();
    w.causes = [];
    for (const p of open) {
      for (const link of p.chain) {
        const k = `${link.resource.id}|${link.path.join("\u0000")}`;
        if (seen.has(k)) continue;
        seen.add(k);
        w.causes.push(link);
      }
    }
    return;
  }
  if (w.hostNetwork) {
    w.exposure = "cluster";
    w.causes = [{ resource: w.resource, path: [...w.pod.path, "hostNetwork"], message: "the pod uses the host network, where NetworkPolicies do not apply" }];
    return;
  }
  if (w.ingressPolicies.length === 0) {
    w.exposure = "cluster";
    w.causes = [{ resource: w.resource, path: ["metadata", "name"], message: "no NetworkPolicy isolates its pods for ingress" }];
    return;
  }
  const all = admissions(w);
  const wide = all.filter((a) => a.peer === undefined || isEveryPodPeer(a.peer) || isWholeRangePeer(a.peer));
  if (wide.length > 0) {
    w.exposure = "cluster";
    w.causes = wide.map((a) => policyLink(a, describeAdmission(a)));
    return;
  }
  if (all.length > 0) {
    w.exposure = "namespace";
    w.causes = all.map((a) => policyLink(a, describeAdmission(a)));
    return;
  }
  w.exposure = "isolated";
  w.causes = w.ingressPolicies.map((p) => ({ resource: p.resource, path: ["spec", "podSelector"], message: `NetworkPolicy "${p.resource.name ?? ""}" isolates it and admits no ingress` }));
}

/** True when the policy is a default deny for ingress: every pod, Ingress type, no rule. */
export function isDefaultDenyIngress(p: PolicyInfo): boolean {
  return p.selectsAllPods && p.ingressType && p.ingress.length === 0;
}

export function isDefaultDenyEgress(p: PolicyInfo): boolean {
  return p.selectsAllPods && p.egressType && p.egress.length === 0;
}

/** A workload's pods as a traffic source. */
export function sourceOf(w: WorkloadNet): PodSource {
  return { groupKey: w.group.key, namespaceLabels: w.group.labels, podLabels: w.labels };
}

/**
 * True when the workload's ingress policies let a pod connect (on a port, when given). Pods not isolated
 * for ingress, and host-network pods, accept everything.
 */
export function admitsPod(w: WorkloadNet, source: PodSource, port?: PortRef): boolean {
  if (w.hostNetwork || w.ingressPolicies.length === 0) return true;
  return admissions(w).some((a) => (a.peer === undefined || peerAdmitsPod(a.peer, w.group.key, source)) && (port === undefined || portsAdmit(a.rule.ports, port, w.ports)));
}

/** True when the workload's ingress policies let an outside address connect (on a port, when given). */
export function admitsAddress(w: WorkloadNet, address: string, port?: PortRef): boolean {
  if (w.hostNetwork || w.ingressPolicies.length === 0) return true;
  return admissions(w).some((a) => (a.peer === undefined || peerAdmitsAddress(a.peer, address)) && (port === undefined || portsAdmit(a.rule.ports, port, w.ports)));
}
