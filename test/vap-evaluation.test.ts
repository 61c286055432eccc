import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import { FIXTURE_ROOT } from "./helpers/fixtures.js";

const FAIL = path.join(FIXTURE_ROOT, "vap-violation", "fail");

async function findings(name: string) {
  const result = await lint({ cwd: path.join(FAIL, name), paths: ["."], config: false, only: ["vap-violation"], gitignore: false });
  return result.findings.map((f) => ({ where: `${f.file}:${f.line}`, level: f.level, message: f.message, related: f.related.map((r) => `${r.file}:${r.line}`) }));
}

describe("vap-violation", () => {
  it("Deny is an error with the messageExpression, at metadata.name, with the policy, binding and params as related locations", async () => {
    const f = await findings("replicas-limit");
    expect(f[0]).toEqual({
      where: "workloads.yaml:4", level: "error",
      message: 'Deployment/prod/web would be denied by ValidatingAdmissionPolicy "replica-limit" (binding "replica-limit-prod"): replicas 10 exceed the limit of 5',
      related: ["policy.yaml:18", "policy.yaml:25", "namespaces.yaml:18"],
    });
    expect(f.slice(1).map((x) => [x.where, x.level])).toEqual([["workloads.yaml:46", "note"], ["workloads.yaml:61", "note"]]);
    expect(f[1]?.message).toContain('Namespace "staging" is not in the repo');
  });

  it("Warn (with Audit) is a warning; authorizer makes a note", async () => {
    const f = await findings("required-labels");
    expect(f.map((x) => [x.where, x.level])).toEqual([["workloads.yaml:4", "warning"], ["workloads.yaml:16", "warning"], ["workloads.yaml:58", "note"]]);
    expect(f[1]?.message).toMatch(/: team label "Payments" is not a lower-case name$/);
    expect(f[2]?.message).toContain("`authorizer`");
  });

  it("an unsupported function in the policy is a note at its expression", async () => {
    const f = await findings("image-registry");
    expect(f.map((x) => [x.where, x.level])).toEqual([["policy.yaml:27", "note"], ["workloads.yaml:4", "error"]]);
    expect(f[0]?.message).toContain('function "sizeInBytes" is not supported');
    expect(f[1]?.message).toMatch(/images must come from registry\.acme\.io\/: busybox:1\.36$/);
  });
});
