/** NetworkPolicy semantics: policy types, rules, peers and who a peer admits. */
import { arr, isObj, obj, selectorMatches, str, type Obj, type Path, type Resource } from "../../model/index.js";
import { isPrivateRange, isWholeRange, parseCidr, ipBlockContains } from "./cidr.js";
import { parsePolicyPorts, type PolicyPort } from "./ports.js";

export type PeerKind =
  /** `{}`: no selector and no ipBlock. The API server rejects it; we read it as "everything". */
  | "empty"
  /** `podSelector` only: pods of the policy's own namespace. */
  | "pods"
  /** `namespaceSelector`, with or without `podSelector`: pods of the selected namespaces. */
  | "namespaces"
  | "ipBlock";

export interface Peer {
  readonly kind: PeerKind;
  readonly path: Path;
  readonly podSelector?: unknown;
  readonly namespaceSelector?: unknown;
  readonly cidr?: string;
  readonly except: readonly string[];
}

export interface PolicyRule {
  readonly index: number;
  readonly path: Path;
  /** `all`: the rule has no `from`/`to`, or an empty one: every source or destination. */
  readonly peers: readonly Peer[] | "all";
  readonly ports: readonly PolicyPort[] | "all";
}

export interface PolicyInfo {
  readonly resource: Resource;
  readonly podSelector: unknown;
  /** True when `podSelector` is absent or `{}`: every pod of the namespace. */
  readonly selectsAllPods: boolean;
  /** Ingress isolation: `policyTypes` lists Ingress, or (absent) always. */
  readonly ingressType: boolean;
  /** Egress isolation: `policyTypes` lists Egress, or (absent) when there are egress rules. */
  readonly egressType: boolean;
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
}

export function isNetworkPolicy(r: Resource): boolean {
  return r.kind === "NetworkPolicy" && (r.group === "networking.k8s.io" || r.group === "extensions");
}

/** True for a selector that matches everything: absent, null or with no requirement. */
export function isEmptySelector(sel: unknown): boolean {
  if (sel === undefined || sel === null) return true;
  if (!isObj(sel)) return false;
  const ml = sel.matchLabels;
  const me = sel.matchExpressions;
  const noLabels = ml === undefined || ml === null || (isObj(ml) && Object.keys(ml).length === 0);
  const noExprs = me === undefined || me === null || (Array.isArray(me) && me.length === 0);
  return noLabels && noExprs;
}

function parsePeer(v: unknown, path: Path): Peer {
  const p = obj(v) ?? {};
  const ipBlock = obj(p.ipBlock);
  if (ipBlock) {
    return { kind: "ipBlock", path, cidr: str(ipBlock.cidr) ?? "", except: arr(ipBlock.except).filter((x): x is string => typeof x === "string") };
  }
  const hasPods = p.podSelector !== undefined && p.podSelector !== null;
  const hasNs = p.namespaceSelector !== undefined && p.namespaceSelector !== null;
  if (hasNs) return { kind: "namespaces", path, namespaceSelector: p.namespaceSelector, ...(hasPods ? { podSelector: p.podSelector } : {}), except: [] };
  if (hasPods) return { kind: "pods", path, podSelector: p.podSelector, except: [] };
  return { kind: "empty", path, except: [] };
}

function parseRules(v: unknown, path: Path, peerKey: "from" | "to"): PolicyRule[] {
  return arr(v).map((r, index) => {
    const rule: Obj = obj(r) ?? {};
    const rulePath = [...path, index];
    const list = rule[peerKey];
    const peers = Array.isArray(list) && list.length > 0 ? list.map((p, j) => parsePeer(p, [...rulePath, peerKey, j])) : "all";
    return { index, path: rulePath, peers, ports: parsePolicyPorts(rule.ports, [...rulePath, "ports"]) };
  });
}

export function parsePolicy(resource: Resource): PolicyInfo {
  const spec = obj(resource.value.spec) ?? {};
  const types = spec.policyTypes;
  const egressRules = parseRules(spec.egress, ["spec", "egress"], "to");
  let ingressType: boolean;
  let egressType: boolean;
  if (Array.isArray(types)) {
    ingressType = types.includes("Ingress");
    egressType = types.includes("Egress");
  } else {
    ingressType = true;
    egressType = egressRules.length > 0;
  }
  return {
    resource,
    podSelector: spec.podSelector,
    selectsAllPods: isEmptySelector(spec.podSelector),
    ingressType,
    egressType,
    ingress: parseRules(spec.ingress, ["spec", "ingress"], "from"),
    egress: egressRules,
  };
}

/** A pod that might connect: its namespace (undefined when unset), that namespace's labels and its own labels. */
export interface PodSource {
  /** The namespace group key (see namespaceKey). */
  readonly groupKey: string;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
}

/**
 * True when a peer of a policy in `policyGroupKey` admits a pod. A podSelector alone stays in the
 * policy's namespace; a namespaceSelector and a podSelector in ONE peer must both match (AND), while two
 * peers each admit on their own (OR). ipBlocks never match pods here (their behaviour for pod IPs is
 * CNI-specific).
 */
export function peerAdmitsPod(peer: Peer, policyGroupKey: string, pod: PodSource): boolean {
  switch (peer.kind) {
    case "empty":
      return true;
    case "pods":
      return pod.groupKey === policyGroupKey && selectorMatches(peer.podSelector ?? {}, pod.podLabels);
    case "namespaces":
      return selectorMatches(peer.namespaceSelector, pod.namespaceLabels) && (peer.podSelector === undefined || selectorMatches(peer.podSelector, pod.podLabels));
    case "ipBlock":
      return false;
  }
}

/** True when a peer admits an address outside the cluster. */
export function peerAdmitsAddress(peer: Peer, address: string): boolean {
  if (peer.kind === "empty") return true;
  return peer.kind === "ipBlock" && peer.cidr !== undefined && ipBlockContains(peer.cidr, peer.except, address);
}

/** `namespaceSelector: {}` with no podSelector (or an empty one): every pod of every namespace. */
export function isEveryPodPeer(peer: Peer): boolean {
  return peer.kind === "empty" || (peer.kind === "namespaces" && isEmptySelector(peer.namespaceSelector) && isEmptySelector(peer.podSelector));
}

/** An ipBlock of `0.0.0.0/0` or `::/0` (with or without `except`). */
export function isWholeRangePeer(peer: Peer): boolean {
  if (peer.kind !== "ipBlock") return false;
  const c = parseCidr(peer.cidr);
  return c !== undefined && isWholeRange(c);
}

/** An ipBlock that holds at least one public address. */
export function isPublicRangePeer(peer: Peer): boolean {
  if (peer.kind !== "ipBlock") return false;
  const c = parseCidr(peer.cidr);
  return c !== undefined && !isPrivateRange(c);
}

/** A short description of a peer for reports. */
export function describePeer(peer: Peer): string {
  switch (peer.kind) {
    case "empty":
      return "every source (empty peer)";
    case "pods":
      return `pods matching ${describeSelector(peer.podSelector)} in the policy's namespace`;
    case "namespaces": {
      const ns = isEmptySelector(peer.namespaceSelector) ? "every namespace" : `namespaces matching ${describeSelector(peer.namespaceSelector)}`;
      return peer.podSelector === undefined ? `all pods of ${ns}` : `pods matching ${describeSelector(peer.podSelector)} in ${ns}`;
    }
    case "ipBlock":
      return `ipBlock ${peer.cidr ?? ""}${peer.except.length > 0 ? ` except ${peer.except.join(", ")}` : ""}`;
  }
}

/** `{app=web, tier in (a,b)}`, or `{}` for an empty selector. */
export function describeSelector(sel: unknown): string {
  if (isEmptySelector(sel)) return "{}";
  const o = obj(sel);
  if (!o) return JSON.stringify(sel) ?? "?";
  const parts: string[] = [];
  for (const [k, v] of Object.entries(obj(o.matchLabels) ?? {})) parts.push(`${k}=${String(v)}`);
  for (const e of arr(o.matchExpressions)) {
    const x = obj(e);
    if (!x) continue;
    const values = arr(x.values).map(String).join(",");
    const key = String(x.key);
    switch (x.operator) {
      case "In": parts.push(`${key} in (${values})`); break;
      case "NotIn": parts.push(`${key} notin (${values})`); break;
      case "Exists": parts.push(key); break;
      case "DoesNotExist": parts.push(`!${key}`); break;
      default: parts.push(`${key} ${String(x.operator)} (${values})`);
    }
  }
  return `{${parts.join(", ")}}`;
}
