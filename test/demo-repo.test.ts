import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import type { Finding, LintResult } from "../src/engine/types.js";
import { runCli } from "../src/cli/main.js";

const DEMO = path.resolve(import.meta.dirname, "../fixtures/demo-repo");

/** Every rule registered in rules/index.ts when this test was written: rules added later do not change the pinned list. */
const ASSERTED_RULES = new Set([
  "added-capabilities", "apparmor-profile", "capabilities-not-dropped", "duplicate-key", "host-namespaces",
  "host-path-volume", "host-port", "host-probe", "host-process", "image-tag-mutable", "malformed-pod-spec", "namespace-pod-security-level",
  "not-a-resource", "pod-security-admission", "privilege-escalation", "privileged-container", "proc-mount",
  "proc-mount-restricted", "restricted-volume-types", "run-as-non-root", "run-as-root-user", "seccomp-profile-missing",
  "seccomp-unconfined", "selinux-options", "unsafe-sysctls", "unused-suppression", "yaml-syntax",
]);

const EXPECTED = [
  "capabilities-not-dropped apps/monitoring/rendered/node-exporter.yaml:83",
  "privilege-escalation apps/monitoring/rendered/node-exporter.yaml:83",
  "seccomp-profile-missing apps/monitoring/rendered/node-exporter.yaml:83",
  "host-namespaces apps/monitoring/rendered/node-exporter.yaml:115",
  "host-namespaces apps/monitoring/rendered/node-exporter.yaml:116",
  "host-path-volume apps/monitoring/rendered/node-exporter.yaml:125",
  "restricted-volume-types apps/monitoring/rendered/node-exporter.yaml:125",
  "host-path-volume apps/monitoring/rendered/node-exporter.yaml:128",
  "restricted-volume-types apps/monitoring/rendered/node-exporter.yaml:128",
  "host-path-volume apps/monitoring/rendered/node-exporter.yaml:131",
  "restricted-volume-types apps/monitoring/rendered/node-exporter.yaml:131",
  "capabilities-not-dropped apps/shop/base/deployment.yaml:41",
  "privilege-escalation apps/shop/base/deployment.yaml:41",
  "image-tag-mutable apps/shop/base/deployment.yaml:42",
  // shop-prod warns at restricted: pod-security-admission reports these paths, the plain PSS rules do not repeat them
  "pod-security-admission apps/shop/overlays/prod/redis.yaml:17",
  "pod-security-admission apps/shop/overlays/prod/redis.yaml:17",
  "pod-security-admission apps/shop/overlays/prod/redis.yaml:17",
  "pod-security-admission apps/shop/overlays/prod/redis.yaml:17",
  "image-tag-mutable apps/shop/overlays/prod/redis.yaml:18",
  "capabilities-not-dropped apps/tools/debug-shell.yaml:7",
  "privilege-escalation apps/tools/debug-shell.yaml:7",
  "run-as-non-root apps/tools/debug-shell.yaml:7",
  "seccomp-profile-missing apps/tools/debug-shell.yaml:7",
  "image-tag-mutable apps/tools/debug-shell.yaml:8",
  "image-tag-mutable apps/tools/image-pruner.yaml:17",
  "capabilities-not-dropped apps/tools/image-pruner.yaml:21",
  "privilege-escalation apps/tools/image-pruner.yaml:21",
  "run-as-non-root apps/tools/image-pruner.yaml:21",
  "seccomp-profile-missing apps/tools/image-pruner.yaml:21",
  "privileged-container apps/tools/image-pruner.yaml:22",
  "host-path-volume apps/tools/image-pruner.yaml:28",
  "restricted-volume-types apps/tools/image-pruner.yaml:28",
  "yaml-syntax apps/tools/nightly-report.yaml:17",
  "namespace-pod-security-level clusters/prod/namespaces.yaml:16",
  "namespace-pod-security-level clusters/staging/tools.yaml:4",
];

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-"));
  tmpDirs.push(d);
  return d;
}

let cached: Promise<LintResult> | undefined;
const demo = () => (cached ??= lint({ cwd: DEMO, paths: ["."] }));

const asserted = (r: LintResult) => r.findings.filter((f) => ASSERTED_RULES.has(f.ruleId));
const show = (f: Finding) => `${f.ruleId} ${f.file}:${f.line}`;
const namespacesOf = (r: LintResult, file: string) => [...new Set(r.findings.filter((f) => f.file === file).map((f) => f.resource?.namespace))];

describe("demo repo", () => {
  it("raises exactly the planted findings, sorted", async () => {
    const r = await demo();
    expect(asserted(r).map(show)).toEqual(EXPECTED);
    expect(r.errors).toEqual([]);
    expect(r.stats).toEqual({ files: 17, documents: 20, resources: 16, durationMs: 0 });
  });

  it("covers every rule registered today (update ASSERTED_RULES and EXPECTED when a rule lands)", async () => {
    const { builtInRules } = await import("../rules/index.js");
    // Fails when a rule is added, so the pinned list is looked at again rather than silently filtering it out.
    expect(builtInRules.map((r) => r.meta.id).filter((id) => !ASSERTED_RULES.has(id))).toEqual([]);
  });

  it("ignores the workflow and the chart values silently", async () => {
    const r = await demo();
    const quiet = [".github/workflows/ci.yaml", "apps/monitoring/values.yaml"];
    expect(r.findings.filter((f) => quiet.includes(f.file))).toEqual([]);
    expect(r.notifications.filter((n) => n.file !== null && quiet.includes(n.file))).toEqual([]);
    expect(r.notifications).toEqual([]);
  });

  it("does not lint the overlay's patch files as whole resources", async () => {
    const r = await demo();
    expect(r.findings.filter((f) => /\/patch-[^/]*\.yaml$/.test(f.file))).toEqual([]);
    // Named on its own, the privileged patch is still a patch of the kustomization beside it.
    const alone = await lint({ cwd: DEMO, paths: ["apps/shop/overlays/prod/patch-debug.yaml"] });
    expect(alone.findings).toEqual([]);
    expect(alone.stats.resources).toBe(0);
    // The same text outside a kustomization is a (privileged) Deployment: the check above is not vacuous.
    const dir = tmpDir();
    fs.copyFileSync(path.join(DEMO, "apps/shop/overlays/prod/patch-debug.yaml"), path.join(dir, "patch-debug.yaml"));
    const loose = await lint({ cwd: dir, paths: ["."], config: false, only: ["privileged-container"] });
    expect(loose.findings.map(show)).toEqual(["privileged-container patch-debug.yaml:12"]);
  });

  it("resolves namespaces from the kustomization and leaves an unset one unset", async () => {
    const r = await demo();
    expect(namespacesOf(r, "apps/shop/overlays/prod/redis.yaml")).toEqual(["shop-prod"]);
    // The base is listed by no kustomization with a namespace and no Application points at it: never "default".
    expect(namespacesOf(r, "apps/shop/base/deployment.yaml")).toEqual([null]);
  });

  // The demo repo lives inside shipshape's own Git repository, so the Application's `apps/…` path is resolved
  // against the outer repo's top level and matches nothing (see the report: src/load/assemble.ts applyGitOpsNamespaces).
  it("resolves namespaces from the Argo CD destination and the Flux targetNamespace", async () => {
    const r = await demo();
    expect(namespacesOf(r, "apps/monitoring/rendered/node-exporter.yaml")).toEqual(["monitoring"]);
    expect(namespacesOf(r, "apps/tools/image-pruner.yaml")).toEqual(["tools"]);
  });

  it("resolves Argo CD and Flux namespaces when the demo repo is the repository root", async () => {
    const dir = tmpDir();
    fs.cpSync(DEMO, dir, { recursive: true });
    const r = await lint({ cwd: dir, paths: ["."], config: false });
    expect(namespacesOf(r, "apps/monitoring/rendered/node-exporter.yaml")).toEqual(["monitoring"]);
    expect(namespacesOf(r, "apps/tools/image-pruner.yaml")).toEqual(["tools"]);
    expect(namespacesOf(r, "apps/tools/debug-shell.yaml")).toEqual(["tools"]);
    expect(namespacesOf(r, "apps/shop/overlays/prod/redis.yaml")).toEqual(["shop-prod"]);
    expect(namespacesOf(r, "apps/shop/base/deployment.yaml")).toEqual([null]);
    // The namespace does not change where or what is found.
    expect(asserted(r).map(show)).toEqual(EXPECTED);
  });

  it("records the Helm `# Source:` of rendered output", async () => {
    const r = await demo();
    const rendered = r.findings.filter((f) => f.file === "apps/monitoring/rendered/node-exporter.yaml");
    expect(rendered.length).toBeGreaterThan(0);
    expect([...new Set(rendered.map((f) => f.helmSource))]).toEqual(["prometheus-node-exporter/templates/daemonset.yaml"]);
    expect(r.findings.filter((f) => f.file !== "apps/monitoring/rendered/node-exporter.yaml" && f.helmSource !== undefined)).toEqual([]);
  });

  // src/load/parse.ts helmSourceOf only reads the text between the document's start and its content; a
  // `# Source:` on the first line of a file that does not open with `---` is not recorded (the comment
  // there says a Source line before the `---` belongs to the document, but the code returns undefined).
  it("records `# Source:` also when the file does not start with `---`", async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "out.yaml"), "# Source: web/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: nginx\n");
    const r = await lint({ cwd: dir, paths: ["."], config: false, only: ["image-tag-mutable"] });
    expect(r.findings.map((f) => [f.line, f.helmSource])).toEqual([[9, "web/templates/pod.yaml"]]);
  });

  it("reports the privileged container and the container runtime socket at the exact field", async () => {
    const r = await demo();
    const pick = (id: string, file: string) => r.findings.filter((f) => f.ruleId === id && f.file === file)
      .map((f) => ({ line: f.line, column: f.column, path: f.path, resource: f.resource }));
    expect(pick("privileged-container", "apps/tools/image-pruner.yaml")).toEqual([{
      line: 22, column: 13, path: "spec.template.spec.containers[0].securityContext.privileged",
      resource: { apiVersion: "apps/v1", kind: "DaemonSet", namespace: "tools", name: "image-pruner" },
    }]);
    const sock = r.findings.find((f) => f.ruleId === "host-path-volume" && f.file === "apps/tools/image-pruner.yaml");
    expect(sock?.message).toContain("/run/containerd/containerd.sock");
  });

  it("gives exit code 1 through the CLI and writes the report", async () => {
    const dir = tmpDir();
    const out = path.join(dir, "report.json");
    let stdout = "";
    let stderr = "";
    const code = await runCli(["fixtures/demo-repo", "--format", "json", "-o", out], {
      cwd: path.resolve(DEMO, "../.."), env: {}, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s),
      readStdin: () => Promise.resolve(new Uint8Array()), stdoutIsTTY: false,
    });
    expect({ code, stderr, stdout }).toEqual({ code: 1, stderr: "", stdout: "" });
    const json = JSON.parse(fs.readFileSync(out, "utf8")) as { findings: { ruleId: string; file: string; line: number }[] };
    const expected = EXPECTED.map((e) => e.replace(" ", " fixtures/demo-repo/"));
    expect(json.findings.filter((f) => ASSERTED_RULES.has(f.ruleId)).map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(expected);
  });
});
