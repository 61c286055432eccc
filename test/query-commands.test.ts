import path from "node:path";
import { describe, expect, it } from "vitest";
import { runShipshape } from "./helpers/cli.js";
import { FIXTURE_ROOT } from "./helpers/fixtures.js";

const TWO_HOPS = path.join(FIXTURE_ROOT, "rbac-escalation-path", "fail", "two-hops");

describe("shipshape rbac", () => {
  it("answers who-can with each subject and the binding that grants, located in the repo", async () => {
    const r = await runShipshape(["rbac", "who-can", "create", "pods", "--namespace", "kube-system", ".", "--format", "json"], { cwd: TWO_HOPS });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { subjects: { subject: Record<string, string>; grants: { binding: { name: string; file: string | null; line: number | null } }[] }[] };
    expect(json.subjects.map((s) => [s.subject, s.grants.map((g) => `${g.binding.name} ${g.binding.file}:${g.binding.line}`)])).toEqual([
      [{ kind: "Group", name: "system:masters" }, ["cluster-admin null:null"]],
      [{ kind: "ServiceAccount", namespace: "prod", name: "deployer" }, ["prod-deployer rbac.yaml:64"]],
    ]);
  });

  it("answers can for a subject, as text, with the escalation it allows", async () => {
    const r = await runShipshape(["rbac", "can", "serviceaccount:build:builder", "."], { cwd: TWO_HOPS });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("in prod: create serviceaccounts/token — RoleBinding builder-tokens → Role prod-tokens (rbac.yaml:37)");
    expect(r.stdout).toContain("escalation: can become cluster-admin: create a token for prod/deployer");
  });

  it("is a usage error without a query or with a bad subject", async () => {
    expect((await runShipshape(["rbac"], { cwd: TWO_HOPS })).code).toBe(2);
    const bad = await runShipshape(["rbac", "can", "robot"], { cwd: TWO_HOPS });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot read subject "robot"');
  });
});

describe("shipshape exposure", () => {
  it("prints each workload's exposure class and its causes as JSON", async () => {
    const r = await runShipshape(["exposure", "ingress-privileged.yaml", "--format", "json"], { cwd: path.join(FIXTURE_ROOT, "exposed-risky-workload", "fail") });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { schemaVersion: number; summary: Record<string, number>; workloads: { resource: { kind: string; name: string }; exposure: string }[] };
    expect(json.schemaVersion).toBe(1);
    expect(json.summary).toEqual({ workloads: 3, internet: 3, cluster: 0, namespace: 0, isolated: 0 });
    expect(json.workloads.map((w) => [w.resource.kind, w.resource.name, w.exposure])).toEqual([
      ["Deployment", "web", "internet"], ["Pod", "agent", "internet"], ["StatefulSet", "legacy", "internet"],
    ]);
  });

  it("prints text by default", async () => {
    const r = await runShipshape(["exposure", "ingress-privileged.yaml"], { cwd: path.join(FIXTURE_ROOT, "exposed-risky-workload", "fail") });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      "internet  Deployment/shop/web  ingress-privileged.yaml",
      '          ← Ingress "web" (class "nginx") routes to Service "web"  ingress-privileged.yaml',
      '          ← Service "web" selects Deployment "web"  ingress-privileged.yaml',
    ]);
  });

  it("adds an exposure summary to the markdown report", async () => {
    const r = await runShipshape(["ingress-privileged.yaml", "--format", "markdown", "--fail-on", "none"], { cwd: path.join(FIXTURE_ROOT, "exposed-risky-workload", "fail") });
    expect(r.code).toBe(0);
    const at = r.stdout.indexOf("### Exposure");
    expect(at).toBeGreaterThan(0);
    expect(r.stdout.slice(at).split("\n").slice(0, 6)).toEqual([
      "### Exposure", "", "| internet | cluster | namespace | isolated |", "| ---: | ---: | ---: | ---: |", "| 3 | 0 | 0 | 0 |", "",
    ]);
    const json = await runShipshape(["ingress-privileged.yaml", "--format", "json", "--fail-on", "none"], { cwd: path.join(FIXTURE_ROOT, "exposed-risky-workload", "fail") });
    expect(json.stdout).not.toContain("### Exposure");
  });
});
