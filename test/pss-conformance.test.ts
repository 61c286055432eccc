import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatFigures, runConformance } from "../src/analysis/pss/conformance.js";
import { PSS_CHECKS, evaluateCheck, evaluatePodSpec } from "../src/analysis/pss/index.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.resolve(repoRoot, "../shared/oracles/pss-testdata");
const present = existsSync(dataDir);
const inCi = process.env.CI === "true";

describe("Pod Security Admission conformance (Kubernetes fixtures)", () => {
  it.runIf(!present && inCi)("finds the fixtures folder in CI", () => {
    expect.fail(`the Kubernetes PSS fixtures are missing at ${dataDir}`);
  });

  it.skipIf(!present)("agrees with every pass and fail fixture, as a Pod and as a Deployment template", () => {
    const result = runConformance(dataDir);
    for (const line of formatFigures(result)) console.log(`pss conformance ${line}`);
    expect(result.files).toBeGreaterThan(0);
    expect(result.disagreements.slice(0, 20)).toEqual([]);
    for (const f of result.levels) {
      expect(f.passAgree).toBe(f.passTotal);
      expect(f.failAgree).toBe(f.failTotal);
    }
  });
});

describe("PSS analysis on malformed values", () => {
  const garbage: unknown[] = [undefined, null, 0, 1, -1, "", "x", true, false, [], [1, "a", null], {}, { name: 5 }, 10n];
  // A small deterministic generator: the same shapes every run.
  let seed = 7;
  const pick = (): unknown => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return garbage[seed % garbage.length];
  };
  const securityContext = (): unknown => ({
    privileged: pick(), capabilities: { add: [pick(), "SYS_ADMIN"], drop: pick() }, procMount: pick(),
    seccompProfile: { type: pick() }, appArmorProfile: pick(), seLinuxOptions: { type: pick(), user: pick(), role: pick() },
    windowsOptions: { hostProcess: pick() }, runAsUser: pick(), runAsNonRoot: pick(), allowPrivilegeEscalation: pick(),
    sysctls: [pick(), { name: pick() }],
  });
  const container = (): unknown => ({
    name: pick(), securityContext: pick() ?? securityContext(), ports: [pick(), { hostPort: pick() }],
    livenessProbe: { httpGet: { host: pick() }, tcpSocket: pick() }, lifecycle: { preStop: pick(), postStart: { tcpSocket: { host: pick() } } },
  });

  it("never throws, whatever the types", () => {
    for (let i = 0; i < 80; i++) {
      const spec: Record<string, unknown> = {
        containers: i % 5 === 0 ? pick() : [container(), pick(), container()],
        initContainers: [container()],
        ephemeralContainers: pick(),
        securityContext: i % 3 === 0 ? pick() : securityContext(),
        volumes: [pick(), { hostPath: pick(), nfs: pick() }, { name: pick() }],
        hostNetwork: pick(), hostPID: pick(), hostUsers: pick(), os: { name: pick() },
      };
      const metadata = i % 4 === 0 ? pick() : { annotations: { "container.apparmor.security.beta.kubernetes.io/a": pick(), "seccomp.security.alpha.kubernetes.io/pod": pick() } };
      for (const version of ["1.0", "1.18", "1.19", "1.25", "1.34", "1.35", "1.37", "1.99", "nonsense"]) {
        for (const level of ["privileged", "baseline", "restricted"] as const) {
          expect(() => evaluatePodSpec({ spec, metadata }, level, version)).not.toThrow();
        }
        for (const check of PSS_CHECKS) expect(() => evaluateCheck(check.id, { spec: pick(), metadata: pick() }, version)).not.toThrow();
      }
    }
  });

  it("lists every check with its rule, level and first version", () => {
    expect(PSS_CHECKS.map((c) => `${c.id} ${c.ruleId} ${c.level} ${c.since}`)).toContain("hostProbesAndHostLifecycle host-probe baseline 1.34");
    expect(PSS_CHECKS.find((c) => c.id === "sysctls")?.changes).toEqual(["1.27", "1.29", "1.32", "1.37"]);
    expect(PSS_CHECKS).toHaveLength(19);
  });
});
