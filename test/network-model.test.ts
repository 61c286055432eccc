import { describe, expect, it } from "vitest";
import { apiGroup, type Resource } from "../src/model/index.js";
import {
  admitsAddress,
  admitsPod,
  buildNetworkModel,
  cidrContains,
  ipBlockContains,
  isPrivateRange,
  parseCidr,
  sourceOf,
  type NetworkModel,
  type WorkloadNet,
} from "../src/analysis/network/index.js";

type Doc = Record<string, unknown> & { kind: string; metadata?: Record<string, unknown> };

/** Resources as the loader would make them, one per document, in one file per scope. */
function resources(docs: Doc[], scope = "apps"): Resource[] {
  return docs.map((value, id) => {
    const apiVersion = (value.apiVersion as string | undefined) ?? "v1";
    const metadata = (value.metadata ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    return {
      id, apiVersion, kind: value.kind, group: apiGroup(apiVersion), name: metadata.name, namespace: value.kind === "Namespace" ? undefined : metadata.namespace,
      namespaceSource: metadata.namespace ? "metadata" : undefined, labels: metadata.labels ?? {}, annotations: metadata.annotations ?? {},
      file: `${scope}/all.yaml`, docIndex: id, listIndex: undefined, value: { apiVersion, ...value }, helmSource: undefined, scope,
    };
  });
}

function deployment(name: string, namespace: string | undefined, labels: Record<string, string>, ports: unknown[] = []): Doc {
  return {
    apiVersion: "apps/v1", kind: "Deployment", metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: "registry.example.com/x:1.0", ports }] } } },
  };
}

function policy(name: string, namespace: string | undefined, spec: Record<string, unknown>): Doc {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, ...(namespace ? { namespace } : {}) }, spec };
}

function namespace(name: string, labels: Record<string, string> = {}): Doc {
  return { kind: "Namespace", metadata: { name, labels } };
}

function workload(model: NetworkModel, name: string, ns?: string): WorkloadNet {
  const w = model.workloads.find((x) => x.resource.name === name && x.resource.namespace === ns);
  if (!w) throw new Error(`no workload ${name}`);
  return w;
}

function selectedBy(model: NetworkModel, policyName: string): string[] {
  for (const g of model.groups.values()) for (const p of g.policies) if (p.resource.name === policyName) return p.selected.map((w) => w.resource.name ?? "").sort();
  throw new Error(`no policy ${policyName}`);
}

describe("pod selection", () => {
  const model = buildNetworkModel(resources([
    deployment("web", "shop", { app: "web", tier: "front" }),
    deployment("api", "shop", { app: "api", tier: "back" }),
    deployment("job", "shop", { app: "job" }),
    deployment("web", "other", { app: "web", tier: "front" }),
    policy("in", "shop", { podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["front", "back"] }] } }),
    policy("notin", "shop", { podSelector: { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["front"] }] } }),
    policy("exists", "shop", { podSelector: { matchExpressions: [{ key: "tier", operator: "Exists" }] } }),
    policy("absent", "shop", { podSelector: { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] } }),
    policy("both", "shop", { podSelector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["back"] }] } }),
    policy("all", "shop", { podSelector: {} }),
    policy("missing", "shop", {}),
    policy("malformed", "shop", { podSelector: { matchExpressions: [{ key: "tier", operator: "Maybe" }] } }),
  ]));

  it("evaluates In, NotIn (absent keys match), Exists and DoesNotExist", () => {
    expect(selectedBy(model, "in")).toEqual(["api", "web"]);
    expect(selectedBy(model, "notin")).toEqual(["api", "job"]);
    expect(selectedBy(model, "exists")).toEqual(["api", "web"]);
    expect(selectedBy(model, "absent")).toEqual(["job"]);
  });

  it("ANDs matchLabels with matchExpressions", () => {
    expect(selectedBy(model, "both")).toEqual([]);
  });

  it("reads an empty or missing podSelector as every pod of the namespace only", () => {
    expect(selectedBy(model, "all")).toEqual(["api", "job", "web"]);
    expect(selectedBy(model, "missing")).toEqual(["api", "job", "web"]);
  });

  it("selects nothing with an unknown operator", () => {
    expect(selectedBy(model, "malformed")).toEqual([]);
  });

  it("applies policyTypes: Ingress is implied, Egress only with egress rules or when listed", () => {
    const m = buildNetworkModel(resources([
      deployment("web", "shop", { app: "web" }),
      policy("implicit", "shop", { podSelector: {} }),
      policy("with-egress", "shop", { podSelector: {}, egress: [{}] }),
      policy("egress-only", "shop", { podSelector: {}, policyTypes: ["Egress"] }),
    ]));
    const w = workload(m, "web", "shop");
    expect(w.ingressPolicies.map((p) => p.resource.name)).toEqual(["implicit", "with-egress"]);
    expect(w.egressPolicies.map((p) => p.resource.name)).toEqual(["with-egress", "egress-only"]);
  });
});

describe("peers: who may connect", () => {
  const docs = [
    namespace("shop", { team: "shop" }),
    namespace("monitoring", { team: "platform" }),
    namespace("batch", { team: "shop" }),
    deployment("db", "shop", { app: "db" }, [{ name: "pg", containerPort: 5432 }]),
    deployment("api", "shop", { app: "api" }),
    deployment("prometheus", "monitoring", { app: "prometheus" }),
    deployment("grafana", "monitoring", { app: "grafana" }),
    deployment("api", "batch", { app: "api" }),
  ];

  it("one peer with namespaceSelector AND podSelector admits only those pods in those namespaces", () => {
    const model = buildNetworkModel(resources([...docs, policy("db", "shop", {
      podSelector: { matchLabels: { app: "db" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "platform" } }, podSelector: { matchLabels: { app: "prometheus" } } }] }],
    })]));
    const db = workload(model, "db", "shop");
    expect(admitsPod(db, sourceOf(workload(model, "prometheus", "monitoring")))).toBe(true);
    expect(admitsPod(db, sourceOf(workload(model, "grafana", "monitoring")))).toBe(false);
    expect(admitsPod(db, sourceOf(workload(model, "api", "shop")))).toBe(false);
    expect(db.exposure).toBe("namespace");
  });

  it("two peers (namespaceSelector, then podSelector) admit each on its own: the classic pitfall", () => {
    const model = buildNetworkModel(resources([...docs, policy("db", "shop", {
      podSelector: { matchLabels: { app: "db" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "platform" } } }, { podSelector: { matchLabels: { app: "prometheus" } } }] }],
    })]));
    const db = workload(model, "db", "shop");
    // every pod of monitoring, grafana included …
    expect(admitsPod(db, sourceOf(workload(model, "grafana", "monitoring")))).toBe(true);
    // … while the podSelector alone stays in the policy's namespace
    expect(admitsPod(db, sourceOf(workload(model, "api", "shop")))).toBe(false);
  });

  it("matches namespaces by kubernetes.io/metadata.name, also without a Namespace object", () => {
    const model = buildNetworkModel(resources([
      deployment("db", "shop", { app: "db" }),
      deployment("api", "web", { app: "api" }),
      deployment("api", "jobs", { app: "api" }),
      policy("db", "shop", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "web" } } }] }] }),
    ]));
    const db = workload(model, "db", "shop");
    expect(admitsPod(db, sourceOf(workload(model, "api", "web")))).toBe(true);
    expect(admitsPod(db, sourceOf(workload(model, "api", "jobs")))).toBe(false);
  });

  it("an empty namespaceSelector admits every namespace; an empty podSelector only the own namespace", () => {
    const model = buildNetworkModel(resources([...docs,
      policy("every-ns", "shop", { podSelector: { matchLabels: { app: "db" } }, ingress: [{ from: [{ namespaceSelector: {} }] }] }),
      policy("own-ns", "monitoring", { podSelector: { matchLabels: { app: "grafana" } }, ingress: [{ from: [{ podSelector: {} }] }] }),
    ]));
    const db = workload(model, "db", "shop");
    const grafana = workload(model, "grafana", "monitoring");
    expect(admitsPod(db, sourceOf(workload(model, "api", "batch")))).toBe(true);
    expect(db.exposure).toBe("cluster");
    expect(admitsPod(grafana, sourceOf(workload(model, "prometheus", "monitoring")))).toBe(true);
    expect(admitsPod(grafana, sourceOf(workload(model, "api", "shop")))).toBe(false);
    expect(grafana.exposure).toBe("namespace");
  });

  it("a deny-all plus an allow-all rule is no isolation at all", () => {
    const model = buildNetworkModel(resources([...docs,
      policy("deny", "shop", { podSelector: {} }),
      policy("allow", "shop", { podSelector: {}, ingress: [{}] }),
    ]));
    const db = workload(model, "db", "shop");
    expect(admitsPod(db, sourceOf(workload(model, "grafana", "monitoring")))).toBe(true);
    expect(db.exposure).toBe("cluster");
  });

  it("default deny alone isolates", () => {
    const model = buildNetworkModel(resources([...docs, policy("deny", "shop", { podSelector: {}, policyTypes: ["Ingress"] })]));
    const db = workload(model, "db", "shop");
    expect(admitsPod(db, sourceOf(workload(model, "api", "shop")))).toBe(false);
    expect(db.exposure).toBe("isolated");
    expect(workload(model, "grafana", "monitoring").exposure).toBe("cluster");
  });
});

describe("ports", () => {
  const model = buildNetworkModel(resources([
    deployment("db", "shop", { app: "db" }, [{ name: "pg", containerPort: 5432 }, { name: "metrics", containerPort: 9187 }]),
    deployment("api", "shop", { app: "api" }),
    policy("db", "shop", {
      podSelector: { matchLabels: { app: "db" } },
      ingress: [
        { from: [{ podSelector: { matchLabels: { app: "api" } } }], ports: [{ port: "pg" }] },
        { from: [{ podSelector: { matchLabels: { app: "api" } } }], ports: [{ port: 9000, endPort: 9100 }] },
        { from: [{ podSelector: { matchLabels: { app: "api" } } }], ports: [{ port: "ghost" }] },
      ],
    }),
  ]));
  const db = workload(model, "db", "shop");
  const api = sourceOf(workload(model, "api", "shop"));

  it("resolves a named policy port against the selected pod's container ports", () => {
    expect(admitsPod(db, api, { number: 5432, protocol: "TCP" })).toBe(true);
    expect(admitsPod(db, api, { name: "pg", protocol: "TCP" })).toBe(true);
    expect(admitsPod(db, api, { number: 5432, protocol: "UDP" })).toBe(false);
  });

  it("honours port ranges (endPort)", () => {
    expect(admitsPod(db, api, { number: 9050, protocol: "TCP" })).toBe(true);
    expect(admitsPod(db, api, { name: "metrics", protocol: "TCP" })).toBe(false);
    expect(admitsPod(db, api, { number: 9101, protocol: "TCP" })).toBe(false);
  });

  it("a name the pod does not declare admits nothing", () => {
    expect(admitsPod(db, api, { number: 1234, protocol: "TCP" })).toBe(false);
  });
});

describe("ipBlock", () => {
  const model = buildNetworkModel(resources([
    deployment("web", "shop", { app: "web" }),
    policy("web", "shop", {
      podSelector: {},
      ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "192.168.1.0/24"] } }, { ipBlock: { cidr: "2001:db8::/32" } }] }],
    }),
  ]));
  const web = workload(model, "web", "shop");

  it("admits addresses in the block and not in an except", () => {
    expect(admitsAddress(web, "203.0.113.9")).toBe(true);
    expect(admitsAddress(web, "10.1.2.3")).toBe(false);
    expect(admitsAddress(web, "192.168.1.77")).toBe(false);
    expect(admitsAddress(web, "192.168.2.77")).toBe(true);
    expect(admitsAddress(web, "2001:db8::1")).toBe(true);
    expect(admitsAddress(web, "2001:db9::1")).toBe(false);
  });

  it("never matches pods by ipBlock, but counts 0.0.0.0/0 as cluster-wide", () => {
    expect(web.exposure).toBe("cluster");
  });

  it("parses and compares CIDRs", () => {
    const a = parseCidr("10.0.0.0/8");
    const b = parseCidr("10.20.30.0/24");
    expect(a && b && cidrContains(a, b)).toBe(true);
    expect(a && b && cidrContains(b, a)).toBe(false);
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("::ffff:10.0.0.1")?.family).toBe(6);
    expect(isPrivateRange(parseCidr("172.20.0.0/16")!)).toBe(true);
    expect(isPrivateRange(parseCidr("0.0.0.0/0")!)).toBe(false);
    expect(ipBlockContains("10.0.0.0/8", ["10.1.0.0/16"], "10.1.0.0/24")).toBe(false);
  });
});

describe("exposure", () => {
  it("leaves Services without a selector (manual Endpoints) unconnected", () => {
    const model = buildNetworkModel(resources([
      deployment("web", "shop", { app: "web" }),
      { kind: "Service", metadata: { name: "web", namespace: "shop" }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } },
      { kind: "Service", metadata: { name: "empty", namespace: "shop" }, spec: { type: "NodePort", selector: {}, ports: [{ port: 80 }] } },
    ]));
    const web = workload(model, "web", "shop");
    expect(web.services).toEqual([]);
    expect(web.exposure).toBe("cluster");
  });

  it("classifies internet exposure through LoadBalancer, NodePort, Ingress and Gateway routes, and not through internal ones", () => {
    const model = buildNetworkModel(resources([
      deployment("lb", "a", { app: "lb" }),
      { kind: "Service", metadata: { name: "lb", namespace: "a" }, spec: { type: "LoadBalancer", selector: { app: "lb" }, ports: [{ port: 80 }] } },
      deployment("ranged", "a", { app: "ranged" }),
      { kind: "Service", metadata: { name: "ranged", namespace: "a" }, spec: { type: "LoadBalancer", selector: { app: "ranged" }, loadBalancerSourceRanges: ["203.0.113.0/24"], ports: [{ port: 80 }] } },
      deployment("np", "a", { app: "np" }),
      { kind: "Service", metadata: { name: "np", namespace: "a" }, spec: { type: "NodePort", selector: { app: "np" }, ports: [{ port: 80 }] } },
      deployment("ing", "a", { app: "ing" }),
      { kind: "Service", metadata: { name: "ing", namespace: "a" }, spec: { selector: { app: "ing" }, ports: [{ port: 80 }] } },
      { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "ing", namespace: "a" }, spec: { ingressClassName: "nginx", defaultBackend: { service: { name: "ing", port: { number: 80 } } } } },
      deployment("ing-internal", "a", { app: "ing-internal" }),
      { kind: "Service", metadata: { name: "ing-internal", namespace: "a" }, spec: { selector: { app: "ing-internal" }, ports: [{ port: 80 }] } },
      { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "ing-internal", namespace: "a", annotations: { "kubernetes.io/ingress.class": "nginx-internal" } }, spec: { defaultBackend: { service: { name: "ing-internal", port: { number: 80 } } } } },
      deployment("routed", "b", { app: "routed" }),
      { kind: "Service", metadata: { name: "routed", namespace: "b" }, spec: { selector: { app: "routed" }, ports: [{ port: 80 }] } },
      { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "gw", namespace: "infra" }, spec: { gatewayClassName: "eg", listeners: [{ name: "https", protocol: "HTTPS", port: 443 }] } },
      { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "routed", namespace: "b" }, spec: { parentRefs: [{ name: "gw", namespace: "infra" }], rules: [{ backendRefs: [{ name: "routed", port: 80 }] }] } },
    ]));
    const classes = Object.fromEntries(model.workloads.map((w) => [w.resource.name, w.exposure]));
    expect(classes).toEqual({ lb: "internet", ranged: "cluster", np: "internet", ing: "internet", "ing-internal": "cluster", routed: "internet" });
    expect(workload(model, "routed", "b").causes.map((c) => c.resource.kind)).toEqual(["Gateway", "HTTPRoute", "Service"]);
  });

  it("lets a NetworkPolicy block the outside, port by port", () => {
    const svc = (name: string) => ({ kind: "Service", metadata: { name, namespace: "a" }, spec: { type: "LoadBalancer", selector: { app: name }, ports: [{ port: 443, targetPort: "https" }] } });
    const model = buildNetworkModel(resources([
      deployment("blocked", "a", { app: "blocked" }, [{ name: "https", containerPort: 8443 }]), svc("blocked"),
      deployment("wrong-port", "a", { app: "wrong-port" }, [{ name: "https", containerPort: 8443 }]), svc("wrong-port"),
      deployment("open", "a", { app: "open" }, [{ name: "https", containerPort: 8443 }]), svc("open"),
      policy("blocked", "a", { podSelector: { matchLabels: { app: "blocked" } }, ingress: [{ from: [{ podSelector: {} }] }] }),
      policy("wrong-port", "a", { podSelector: { matchLabels: { app: "wrong-port" } }, ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 80 }] }] }),
      policy("open", "a", { podSelector: { matchLabels: { app: "open" } }, ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 8443 }] }] }),
    ]));
    expect(workload(model, "blocked", "a").exposure).toBe("namespace");
    expect(workload(model, "blocked", "a").paths[0]?.blockedBy.map((p) => p.resource.name)).toEqual(["blocked"]);
    expect(workload(model, "wrong-port", "a").exposure).toBe("cluster");
    expect(workload(model, "open", "a").exposure).toBe("internet");
  });

  it("keeps unset-namespace resources to their own scope, apart from named namespaces", () => {
    const model = buildNetworkModel([
      ...resources([deployment("web", undefined, { app: "web" }), { kind: "Service", metadata: { name: "web" }, spec: { type: "NodePort", selector: { app: "web" }, ports: [{ port: 80 }] } }], "apps/one"),
      ...resources([deployment("api", undefined, { app: "web" }), policy("deny", undefined, { podSelector: {} })], "apps/two").map((r) => ({ ...r, id: r.id + 10 })),
      ...resources([policy("deny", "default", { podSelector: {} })], "base").map((r) => ({ ...r, id: r.id + 20 })),
    ]);
    const web = model.workloads.find((w) => w.resource.name === "web") as WorkloadNet;
    const api = model.workloads.find((w) => w.resource.name === "api") as WorkloadNet;
    expect(web.exposure).toBe("internet");
    expect(web.ingressPolicies).toEqual([]);
    expect(api.services).toEqual([]);
    expect(api.ingressPolicies.map((p) => p.resource.scope)).toEqual(["apps/two"]);
    expect(api.exposure).toBe("isolated");
  });
});
