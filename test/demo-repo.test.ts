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
  "added-capabilities", "api-deprecated", "api-removed", "api-version-unknown", "apiserver-admission-plugins",
  "apiserver-anonymous-auth", "apiserver-audit-log", "apiserver-authorization-mode", "apiserver-encryption-at-rest",
  "apiserver-etcd-tls", "apiserver-insecure-serving", "apiserver-kubelet-tls", "apiserver-profiling",
  "apiserver-service-account", "apiserver-tls", "apparmor-profile", "argocd-default-project",
  "argocd-project-wildcard", "audit-policy-weak", "capabilities-not-dropped", "capability-name-invalid",
  "controller-manager-config", "cpu-limit-missing", "crd-schema", "default-namespace", "default-service-account",
  "deprecated-service-account-field", "duplicate-env-var", "duplicate-key", "encryption-config-weak", "etcd-tls",
  "exposed-risky-workload", "field-type", "flux-no-service-account", "gateway-listener-plaintext",
  "gitops-source-insecure", "hardcoded-credential", "helm-render-failed", "host-namespaces", "host-path-volume",
  "host-port", "host-probe", "host-process", "image-digest-missing", "image-pull-policy", "image-registry-allowed",
  "image-tag-mutable", "ingress-backend-missing", "ingress-nginx-snippet", "ingress-ssl-redirect-disabled",
  "ingress-tls-missing", "ingress-tls-secret-missing", "ingress-wildcard-host", "kube-system-workload",
  "kubelet-anonymous-auth", "kubelet-authorization-mode", "kubelet-hardening", "kubelet-read-only-port",
  "kubelet-tls", "kustomize-build-failed", "kustomize-helm-charts", "kustomize-remote-base", "malformed-pod-spec",
  "memory-limit-missing", "naked-pod", "namespace-pod-security-level", "netpol-allow-all-sources",
  "netpol-default-deny-missing", "netpol-named-port-undeclared", "netpol-open-egress", "netpol-selects-nothing",
  "netpol-uncovered-workload", "not-a-resource", "pod-security-admission", "privilege-escalation",
  "privileged-container", "probe-missing", "probe-port-undeclared", "proc-mount", "proc-mount-restricted",
  "rbac-anonymous-subject", "rbac-authenticated-subject", "rbac-binding-role-missing",
  "rbac-binding-subject-missing", "rbac-cluster-admin-binding", "rbac-create-workloads", "rbac-csr-approve",
  "rbac-default-service-account", "rbac-escalate-bind", "rbac-escalation-path", "rbac-impersonate",
  "rbac-kube-system-configmaps", "rbac-node-proxy", "rbac-persistent-volume-create", "rbac-pod-exec",
  "rbac-secrets-read", "rbac-service-status", "rbac-system-masters", "rbac-token-create", "rbac-webhook-config",
  "rbac-wildcard", "rbac-workload-dangerous-identity", "read-only-root-filesystem", "reference-missing",
  "required-field-missing", "resource-requests-missing", "restricted-volume-types", "root-group",
  "route-backend-missing", "run-as-high-uid", "run-as-non-root", "run-as-root-user", "scheduler-config",
  "seccomp-profile-missing", "seccomp-unconfined", "secret-env-var", "secret-in-configmap", "secret-literal-in-env",
  "secret-plaintext", "secret-service-account-token", "selector-template-mismatch", "selinux-options",
  "sensitive-host-mount", "service-account-token-automount", "service-external-ips", "service-load-balancer-open",
  "service-node-port", "service-selects-nothing", "service-target-port-undeclared", "share-process-namespace",
  "ssh-port", "unknown-field", "unsafe-sysctls", "unused-suppression", "vap-violation", "webhook-exempts-all",
  "webhook-failure-open", "webhook-plaintext", "writable-host-mount", "yaml-syntax",
]);

const EXPECTED = [
  "capabilities-not-dropped apps/monitoring/rendered/node-exporter.yaml:83",
  "privilege-escalation apps/monitoring/rendered/node-exporter.yaml:83",
  "seccomp-profile-missing apps/monitoring/rendered/node-exporter.yaml:83",
  "memory-limit-missing apps/monitoring/rendered/node-exporter.yaml:100",
  "host-namespaces apps/monitoring/rendered/node-exporter.yaml:115",
  "host-namespaces apps/monitoring/rendered/node-exporter.yaml:116",
  "host-path-volume apps/monitoring/rendered/node-exporter.yaml:125",
  "restricted-volume-types apps/monitoring/rendered/node-exporter.yaml:125",
  "sensitive-host-mount apps/monitoring/rendered/node-exporter.yaml:126",
  "host-path-volume apps/monitoring/rendered/node-exporter.yaml:128",
  "restricted-volume-types apps/monitoring/rendered/node-exporter.yaml:128",
  "sensitive-host-mount apps/monitoring/rendered/node-exporter.yaml:129",
  "host-path-volume apps/monitoring/rendered/node-exporter.yaml:131",
  "restricted-volume-types apps/monitoring/rendered/node-exporter.yaml:131",
  "sensitive-host-mount apps/monitoring/rendered/node-exporter.yaml:132",
  "netpol-uncovered-workload apps/shop/base/deployment.yaml:4",
  "probe-missing apps/shop/base/deployment.yaml:24",
  "memory-limit-missing apps/shop/base/deployment.yaml:41",
  "pod-security-admission apps/shop/base/deployment.yaml:41",
  "pod-security-admission apps/shop/base/deployment.yaml:41",
  "probe-missing apps/shop/base/deployment.yaml:41",
  "read-only-root-filesystem apps/shop/base/deployment.yaml:41",
  "resource-requests-missing apps/shop/base/deployment.yaml:41",
  "image-tag-mutable apps/shop/base/deployment.yaml:42",
  "pod-security-admission apps/shop/overlays/prod/patch-debug.yaml:12",
  "pod-security-admission apps/shop/overlays/prod/patch-debug.yaml:13",
  "netpol-uncovered-workload apps/shop/overlays/prod/redis.yaml:4",
  "default-service-account apps/shop/overlays/prod/redis.yaml:15",
  "service-account-token-automount apps/shop/overlays/prod/redis.yaml:15",
  "memory-limit-missing apps/shop/overlays/prod/redis.yaml:17",
  "pod-security-admission apps/shop/overlays/prod/redis.yaml:17",
  "pod-security-admission apps/shop/overlays/prod/redis.yaml:17",
  "pod-security-admission apps/shop/overlays/prod/redis.yaml:17",
  "pod-security-admission apps/shop/overlays/prod/redis.yaml:17",
  "probe-missing apps/shop/overlays/prod/redis.yaml:17",
  "read-only-root-filesystem apps/shop/overlays/prod/redis.yaml:17",
  "resource-requests-missing apps/shop/overlays/prod/redis.yaml:17",
  "image-tag-mutable apps/shop/overlays/prod/redis.yaml:18",
  "naked-pod apps/tools/debug-shell.yaml:4",
  "netpol-uncovered-workload apps/tools/debug-shell.yaml:4",
  "default-service-account apps/tools/debug-shell.yaml:5",
  "service-account-token-automount apps/tools/debug-shell.yaml:5",
  "capabilities-not-dropped apps/tools/debug-shell.yaml:7",
  "memory-limit-missing apps/tools/debug-shell.yaml:7",
  "privilege-escalation apps/tools/debug-shell.yaml:7",
  "probe-missing apps/tools/debug-shell.yaml:7",
  "read-only-root-filesystem apps/tools/debug-shell.yaml:7",
  "resource-requests-missing apps/tools/debug-shell.yaml:7",
  "run-as-non-root apps/tools/debug-shell.yaml:7",
  "seccomp-profile-missing apps/tools/debug-shell.yaml:7",
  "image-tag-mutable apps/tools/debug-shell.yaml:8",
  "netpol-uncovered-workload apps/tools/image-pruner.yaml:5",
  "default-service-account apps/tools/image-pruner.yaml:14",
  "service-account-token-automount apps/tools/image-pruner.yaml:14",
  "memory-limit-missing apps/tools/image-pruner.yaml:16",
  "probe-missing apps/tools/image-pruner.yaml:16",
  "resource-requests-missing apps/tools/image-pruner.yaml:16",
  "image-tag-mutable apps/tools/image-pruner.yaml:17",
  "capabilities-not-dropped apps/tools/image-pruner.yaml:21",
  "privilege-escalation apps/tools/image-pruner.yaml:21",
  "read-only-root-filesystem apps/tools/image-pruner.yaml:21",
  "run-as-non-root apps/tools/image-pruner.yaml:21",
  "seccomp-profile-missing apps/tools/image-pruner.yaml:21",
  "privileged-container apps/tools/image-pruner.yaml:22",
  "writable-host-mount apps/tools/image-pruner.yaml:24",
  "host-path-volume apps/tools/image-pruner.yaml:28",
  "restricted-volume-types apps/tools/image-pruner.yaml:28",
  "sensitive-host-mount apps/tools/image-pruner.yaml:29",
  "yaml-syntax apps/tools/nightly-report.yaml:17",
  "argocd-default-project clusters/prod/monitoring.yaml:7",
  "netpol-default-deny-missing clusters/prod/namespaces.yaml:4",
  "netpol-default-deny-missing clusters/prod/namespaces.yaml:13",
  "namespace-pod-security-level clusters/prod/namespaces.yaml:16",
  "argocd-default-project clusters/prod/shop.yaml:7",
  "namespace-pod-security-level clusters/staging/tools.yaml:4",
  "netpol-default-deny-missing clusters/staging/tools.yaml:4",
  "gitops-source-insecure clusters/staging/tools.yaml:11",
  "flux-no-service-account clusters/staging/tools.yaml:22",
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
    // The only notification: Argo CD and Flux objects have no CRD in the demo repo, so they were not schema-checked.
    expect(r.notifications.map((n) => n.id)).toEqual(["crd-schema-missing"]);
  });

  it("does not lint the overlay's patch files as whole resources, only what they change in the render", async () => {
    const r = await demo();
    // Rendered, the overlay's patch is what sets these fields: its findings point at the patch lines.
    expect(r.findings.filter((f) => /\/patch-[^/]*\.yaml$/.test(f.file)).map(show)).toEqual([
      "pod-security-admission apps/shop/overlays/prod/patch-debug.yaml:12",
      "pod-security-admission apps/shop/overlays/prod/patch-debug.yaml:13",
    ]);
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

  it("resolves namespaces from the kustomization; rendered, the base takes its overlay's; unset stays unset", async () => {
    const r = await demo();
    expect(namespacesOf(r, "apps/shop/overlays/prod/redis.yaml")).toEqual(["shop-prod"]);
    // The base is rendered through the prod overlay, whose kustomization sets the namespace.
    expect(namespacesOf(r, "apps/shop/base/deployment.yaml")).toEqual(["shop-prod"]);
    // Raw, the base is listed by no kustomization with a namespace: never "default".
    const raw = await lint({ cwd: DEMO, paths: ["."], render: false });
    expect(namespacesOf(raw, "apps/shop/base/deployment.yaml")).toEqual([null]);
  });

  // The demo repo lives inside shipshape's own Git repository: the Application's `apps/…` path does not exist at the
  // outer repo's top level, so it is tried against the linted root (src/load/assemble.ts applyGitOpsNamespaces).
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
    expect(namespacesOf(r, "apps/shop/base/deployment.yaml")).toEqual(["shop-prod"]);
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
