/** Reading Services, Ingresses, Gateways and routes into plain shapes (tolerating wrong types). */
import { arr, num, obj, str, type Obj, type Path, type Resource } from "../../model/index.js";
import { protocolOf } from "./ports.js";

export const GATEWAY_GROUP = "gateway.networking.k8s.io";
export const ROUTE_KINDS: readonly string[] = ["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute"];

export const isService = (r: Resource): boolean => r.kind === "Service" && r.group === "";
export const isIngress = (r: Resource): boolean => r.kind === "Ingress" && (r.group === "networking.k8s.io" || r.group === "extensions");
export const isGateway = (r: Resource): boolean => r.kind === "Gateway" && r.group === GATEWAY_GROUP;
export const isRoute = (r: Resource): boolean => r.group === GATEWAY_GROUP && ROUTE_KINDS.includes(r.kind);

export interface ServicePort {
  readonly index: number;
  readonly path: Path;
  readonly name: string | undefined;
  readonly port: number | undefined;
  /** The pod port: a number, a name, or (absent) the same number as `port`. */
  readonly targetNumber: number | undefined;
  readonly targetName: string | undefined;
  readonly protocol: string;
}

export function servicePorts(svc: Resource): ServicePort[] {
  const out: ServicePort[] = [];
  arr(obj(svc.value.spec)?.ports).forEach((p, index) => {
    const o = obj(p);
    if (!o) return;
    const port = num(o.port);
    const tp = o.targetPort;
    const targetName = typeof tp === "string" && !/^\d+$/.test(tp) ? tp : undefined;
    const targetNumber = typeof tp === "number" ? tp : typeof tp === "string" && /^\d+$/.test(tp) ? Number(tp) : tp === undefined || tp === null ? port : undefined;
    out.push({ index, path: ["spec", "ports", index], name: str(o.name), port, targetNumber, targetName, protocol: protocolOf(o.protocol) });
  });
  return out;
}

export function serviceType(svc: Resource): string {
  return str(obj(svc.value.spec)?.type) ?? "ClusterIP";
}

/** A reference from an Ingress or route to a Service. */
export interface BackendRef {
  /** The backend entry. */
  readonly path: Path;
  readonly serviceName: string;
  readonly namePath: Path;
  /** Explicit namespace (Gateway API backendRefs only). */
  readonly namespace?: string;
  readonly port?: number | string;
  readonly portPath?: Path;
}

function ingressBackend(v: unknown, path: Path, out: BackendRef[]): void {
  const b = obj(v);
  if (!b) return;
  const svc = obj(b.service);
  if (svc) {
    const name = str(svc.name);
    if (name === undefined) return;
    const port = obj(svc.port);
    const number = num(port?.number);
    const pname = str(port?.name);
    out.push({
      path, serviceName: name, namePath: [...path, "service", "name"],
      ...(number !== undefined ? { port: number, portPath: [...path, "service", "port", "number"] } : pname !== undefined ? { port: pname, portPath: [...path, "service", "port", "name"] } : {}),
    });
    return;
  }
  // extensions/v1beta1 and networking.k8s.io/v1beta1
  const name = str(b.serviceName);
  if (name === undefined) return;
  const sp = b.servicePort;
  const port = typeof sp === "number" ? sp : typeof sp === "string" ? (/^\d+$/.test(sp) ? Number(sp) : sp) : undefined;
  out.push({ path, serviceName: name, namePath: [...path, "serviceName"], ...(port !== undefined ? { port, portPath: [...path, "servicePort"] } : {}) });
}

/** Every Service backend of an Ingress: default backend and each rule path. */
export function ingressBackends(ing: Resource): BackendRef[] {
  const spec = obj(ing.value.spec) ?? {};
  const out: BackendRef[] = [];
  ingressBackend(spec.defaultBackend, ["spec", "defaultBackend"], out);
  ingressBackend(spec.backend, ["spec", "backend"], out);
  arr(spec.rules).forEach((r, i) => {
    arr(obj(obj(r)?.http)?.paths).forEach((p, j) => ingressBackend(obj(p)?.backend, ["spec", "rules", i, "http", "paths", j, "backend"], out));
  });
  return out;
}

/** The Ingress class: `spec.ingressClassName`, else the legacy annotation. */
export function ingressClass(ing: Resource): string | undefined {
  return str(obj(ing.value.spec)?.ingressClassName) ?? ing.annotations["kubernetes.io/ingress.class"];
}

/** Service backendRefs of a route (kind Service in the core group, the default). */
export function routeBackends(route: Resource): BackendRef[] {
  const out: BackendRef[] = [];
  arr(obj(route.value.spec)?.rules).forEach((r, i) => {
    arr(obj(r)?.backendRefs).forEach((b, j) => {
      const ref = obj(b);
      if (!ref) return;
      const kind = str(ref.kind) ?? "Service";
      const group = str(ref.group) ?? "";
      if (kind !== "Service" || group !== "") return;
      const name = str(ref.name);
      if (name === undefined) return;
      const path: Path = ["spec", "rules", i, "backendRefs", j];
      const port = num(ref.port);
      const namespace = str(ref.namespace);
      out.push({
        path, serviceName: name, namePath: [...path, "name"],
        ...(namespace !== undefined ? { namespace } : {}),
        ...(port !== undefined ? { port, portPath: [...path, "port"] } : {}),
      });
    });
  });
  return out;
}

export interface ParentRef {
  readonly path: Path;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly sectionName: string | undefined;
  readonly port: number | undefined;
}

/** The Gateways a route attaches to. */
export function routeParents(route: Resource): ParentRef[] {
  const out: ParentRef[] = [];
  arr(obj(route.value.spec)?.parentRefs).forEach((p, i) => {
    const ref = obj(p);
    if (!ref) return;
    if ((str(ref.kind) ?? "Gateway") !== "Gateway" || (str(ref.group) ?? GATEWAY_GROUP) !== GATEWAY_GROUP) return;
    const name = str(ref.name);
    if (name === undefined) return;
    out.push({ path: ["spec", "parentRefs", i], name, namespace: str(ref.namespace), sectionName: str(ref.sectionName), port: num(ref.port) });
  });
  return out;
}

export interface Listener {
  readonly index: number;
  readonly path: Path;
  readonly name: string | undefined;
  readonly protocol: string | undefined;
  readonly port: number | undefined;
  readonly tls: Obj | undefined;
}

export function gatewayListeners(gw: Resource): Listener[] {
  const out: Listener[] = [];
  arr(obj(gw.value.spec)?.listeners).forEach((l, index) => {
    const o = obj(l);
    if (!o) return;
    out.push({ index, path: ["spec", "listeners", index], name: str(o.name), protocol: str(o.protocol), port: num(o.port), tls: obj(o.tls) });
  });
  return out;
}

/** Annotations that decide whether a Gateway is internal: its own and `spec.infrastructure.annotations`. */
export function gatewayAnnotations(gw: Resource): Obj {
  return { ...(obj(obj(gw.value.metadata)?.annotations) ?? {}), ...(obj(obj(obj(gw.value.spec)?.infrastructure)?.annotations) ?? {}) };
}

/** A route's attachment to a listener: same section name, or (no section name) any listener with a matching port. */
export function attachesTo(parent: ParentRef, listener: Listener): boolean {
  if (parent.sectionName !== undefined) return parent.sectionName === listener.name;
  return parent.port === undefined || parent.port === listener.port;
}

/** True when a TLS host pattern covers a host (`*.example.com` covers one label). */
export function tlsCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith("*.")) return false;
  const suffix = pattern.slice(1);
  return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes(".") && host.length > suffix.length;
}
