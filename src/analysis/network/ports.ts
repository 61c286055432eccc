/** Container port declarations, named-port resolution and NetworkPolicy port matching. */
import { arr, num, obj, str, type Path, type PodSpecRef } from "../../model/index.js";

export interface DeclaredPort {
  readonly name: string | undefined;
  readonly number: number | undefined;
  readonly protocol: string;
  readonly container: string;
  readonly path: Path;
}

/** A port on a pod: a number, a name to resolve against the pod's declarations, or both unknown (any port). */
export interface PortRef {
  readonly number?: number;
  readonly name?: string;
  readonly protocol: string;
}

export function protocolOf(v: unknown): string {
  const p = str(v);
  return p ? p.toUpperCase() : "TCP";
}

/**
 * Ports the pod declares. Regular containers and restartable (sidecar) init containers serve traffic;
 * run-to-completion init containers and ephemeral containers do not.
 */
export function declaredPorts(pod: PodSpecRef): DeclaredPort[] {
  const out: DeclaredPort[] = [];
  for (const c of pod.containers) {
    if (c.kind === "ephemeralContainer") continue;
    if (c.kind === "initContainer" && c.value.restartPolicy !== "Always") continue;
    arr(c.value.ports).forEach((p, j) => {
      const port = obj(p);
      if (!port) return;
      out.push({
        name: str(port.name),
        number: num(port.containerPort),
        protocol: protocolOf(port.protocol),
        container: c.name,
        path: [...c.path, "ports", j],
      });
    });
  }
  return out;
}

/** True when the pod declares a port of that name (for that protocol, when given). */
export function declaresName(ports: readonly DeclaredPort[], name: string, protocol?: string): boolean {
  return ports.some((p) => p.name === name && (protocol === undefined || p.protocol === protocol));
}

/** The numbers a port reference stands for on a pod: itself, or what the name resolves to. */
export function resolvePort(ref: PortRef, ports: readonly DeclaredPort[]): number[] {
  if (ref.number !== undefined) return [ref.number];
  if (ref.name !== undefined) {
    return ports.filter((p) => p.name === ref.name && p.protocol === ref.protocol && p.number !== undefined).map((p) => p.number as number);
  }
  return [];
}

/** One entry of a NetworkPolicy rule's `ports`. */
export interface PolicyPort {
  readonly protocol: string;
  /** Absent: every port of the protocol. */
  readonly port?: number | string;
  readonly endPort?: number;
  readonly path: Path;
}

export function parsePolicyPorts(v: unknown, path: Path): PolicyPort[] | "all" {
  if (!Array.isArray(v) || v.length === 0) return "all";
  const out: PolicyPort[] = [];
  v.forEach((p, i) => {
    const o = obj(p) ?? {};
    const port = typeof o.port === "number" || typeof o.port === "string" ? o.port : undefined;
    const endPort = num(o.endPort);
    out.push({ protocol: protocolOf(o.protocol), ...(port !== undefined ? { port } : {}), ...(endPort !== undefined ? { endPort } : {}), path: [...path, i] });
  });
  return out;
}

/**
 * True when a policy port admits traffic to `target` on a pod that declares `ports`. A named policy
 * port is resolved against the destination pod's declarations; a name it does not declare admits nothing.
 */
export function policyPortAdmits(pp: PolicyPort, target: PortRef, ports: readonly DeclaredPort[]): boolean {
  if (pp.protocol !== target.protocol) return false;
  if (pp.port === undefined) return true;
  const targets = target.number === undefined && target.name === undefined ? undefined : resolvePort(target, ports);
  if (targets === undefined) return true;
  if (typeof pp.port === "string") {
    if (target.name !== undefined && target.name === pp.port) return true;
    const named = resolvePort({ name: pp.port, protocol: pp.protocol }, ports);
    return named.some((n) => targets.includes(n));
  }
  const lo = pp.port;
  const hi = pp.endPort !== undefined && pp.endPort >= lo ? pp.endPort : lo;
  return targets.some((n) => n >= lo && n <= hi);
}

export function portsAdmit(ports: readonly PolicyPort[] | "all", target: PortRef, declared: readonly DeclaredPort[]): boolean {
  return ports === "all" || ports.some((pp) => policyPortAdmits(pp, target, declared));
}

/** `8080/TCP`, `http/TCP`, `8000-8080/TCP`, `all TCP ports`. */
export function describePolicyPort(pp: PolicyPort): string {
  if (pp.port === undefined) return `all ${pp.protocol} ports`;
  const range = pp.endPort !== undefined ? `${pp.port}-${pp.endPort}` : String(pp.port);
  return `${range}/${pp.protocol}`;
}
