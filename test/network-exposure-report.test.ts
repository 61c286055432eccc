import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import { defineRule } from "../src/rule-api.js";
import type { Resource } from "../src/model/index.js";
import { exposureMarkdownSummary, exposureReport } from "../src/analysis/network/index.js";
import { FIXTURE_ROOT } from "./helpers/fixtures.js";

/** Loads a tree the way `shipshape exposure` does: through lint(), keeping the resources a repo rule sees. */
async function load(dir: string): Promise<Resource[]> {
  let captured: readonly Resource[] = [];
  const capture = defineRule({
    meta: { id: "capture", title: "captures the resources", description: "Test helper that keeps the resource index.", remediation: "none", category: "network", level: "note", tags: [], presets: ["recommended"], messages: { x: "x" }, since: "0.1.0" },
    appliesTo: "repo",
    check(index) {
      captured = index.all;
    },
  });
  await lint({ cwd: dir, paths: ["."], config: false, gitignore: false, rules: [capture] });
  return [...captured];
}

const TREE = path.join(FIXTURE_ROOT, "exposed-risky-workload", "fail");

describe("exposure report (end to end on a fixture tree)", () => {
  it("prints each workload's class with the objects that cause it, as JSON", async () => {
    const { json } = exposureReport(await load(TREE));
    expect(json.schemaVersion).toBe(1);
    expect(json.summary).toEqual({ workloads: 4, internet: 4, cluster: 0, namespace: 0, isolated: 0 });
    expect(json.workloads.map((w) => [w.exposure, `${w.resource.kind}/${w.resource.namespace}/${w.resource.name}`, w.file])).toEqual([
      ["internet", "Deployment/shop/web", "ingress-privileged.yaml"],
      ["internet", "Pod/ops/agent", "ingress-privileged.yaml"],
      ["internet", "StatefulSet/ops/legacy", "ingress-privileged.yaml"],
      ["internet", "Deployment/shop/deployer", "rbac-identity/app.yaml"],
    ]);
    const web = json.workloads[0];
    expect(web?.causes.map((c) => [c.kind, c.name, c.path])).toEqual([
      ["Ingress", "web", "spec.rules[0].http.paths[0].backend.service.name"],
      ["Service", "web", "spec.selector"],
    ]);
    expect(web?.ingress).toEqual({
      isolated: true,
      policies: [{ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", namespace: "shop", name: "web", file: "ingress-privileged.yaml" }],
      allows: [{ policy: "web", from: "all pods of namespaces matching {kubernetes.io/metadata.name=ingress-nginx}", ports: ["http/TCP"] }],
    });
    expect(web?.services).toEqual([{ name: "web", type: "ClusterIP", ports: ["80->http/TCP"] }]);
    expect(web?.paths.map((p) => [p.kind, p.public, p.blocked])).toEqual([["ingress", true, false]]);
    const deployer = json.workloads[3];
    expect(deployer?.causes.map((c) => c.kind)).toEqual(["Gateway", "HTTPRoute", "Service"]);
  });

  it("classifies a mixed tree and renders text and a markdown summary", async () => {
    const resources = await load(path.join(FIXTURE_ROOT, "exposed-risky-workload", "pass"));
    const { json, text } = exposureReport(resources);
    expect(json.workloads.map((w) => [w.exposure, w.resource.name])).toEqual([
      ["internet", "web"],
      ["cluster", "agent"],
      ["cluster", "dash"],
      ["namespace", "admin"],
    ]);
    const admin = json.workloads[3];
    expect(admin?.paths).toEqual([expect.objectContaining({ kind: "ingress", public: true, blocked: true, blockedBy: [expect.objectContaining({ name: "same-namespace-only" })] })]);
    expect(text.split("\n")).toEqual([
      "internet  Deployment/shop/web  not-exposed.yaml",
      "          ← LoadBalancer Service \"web\" open to every address  not-exposed.yaml",
      "          ← Service \"web\" selects Deployment \"web\"  not-exposed.yaml",
      "cluster   DaemonSet/ops/agent  not-exposed.yaml",
      "          ← no NetworkPolicy isolates its pods for ingress  not-exposed.yaml",
      "cluster   Pod/tools/dash  not-exposed.yaml",
      "          ← the pod uses the host network, where NetworkPolicies do not apply  not-exposed.yaml",
      "namespace Deployment/tools/admin  not-exposed.yaml",
      "          ← NetworkPolicy \"same-namespace-only\" admits pods matching {} in the policy's namespace on all ports  not-exposed.yaml",
      "          ✕ Ingress \"admin\" (class \"nginx\") routes to Service \"admin\", blocked by NetworkPolicy \"same-namespace-only\"",
      "",
      "4 workloads: 1 internet, 2 cluster, 1 namespace, 0 isolated",
      "",
    ]);
    const md = exposureMarkdownSummary(resources);
    expect(md).toContain("| 1 | 2 | 1 | 0 |");
    expect(md).toContain("- `Deployment/shop/web` (not-exposed.yaml): LoadBalancer Service \"web\" open to every address");
  });

  it("honours internal classes given as options", async () => {
    const resources = await load(path.join(FIXTURE_ROOT, "exposed-risky-workload", "fail", "rbac-identity"));
    expect(exposureReport(resources).json.workloads[0]?.exposure).toBe("internet");
    expect(exposureReport(resources, { internalClasses: ["gke-l7-global-*"] }).json.workloads[0]?.exposure).toBe("cluster");
  });
});
