import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lint, type LintOptions, type RepoModel } from "../src/engine/lint.js";
import type { Finding, LintResult } from "../src/engine/types.js";
import { parseCliArgs } from "../src/cli/args.js";
import { ConfigError } from "../src/engine/config-errors.js";
import { defineRule, type Rule } from "../src/rule-api.js";
import { builtInRules } from "../rules/index.js";

const FIXTURES = path.resolve(import.meta.dirname, "..", "fixtures", "helm-pipeline");

/** Reports every resource at metadata.name: shows where each rendered object is located, and that it is linted once. */
const everyResource = defineRule({
  meta: {
    id: "test-every-resource",
    title: "Test rule: every resource",
    description: "Reports each resource's name so tests can see where rendered objects are located.",
    remediation: "Nothing; test only.",
    category: "workload",
    level: "note",
    tags: [],
    presets: ["recommended"],
    messages: { here: "{{kind}} {{name}}" },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(r, ctx) {
    ctx.report({ path: ["metadata", "name"], messageId: "here", data: { kind: r.kind, name: r.name ?? "" } });
  },
});

const RULE_IDS = ["privileged-container", "host-namespaces", "image-tag-mutable", "default-namespace", "helm-render-failed", "yaml-syntax"];
const RULES: readonly Rule[] = [...builtInRules.filter((r) => RULE_IDS.includes(r.meta.id)), everyResource];

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

/** A scratch repository (a directory with `.git`) holding a copy of a fixture tree. */
function repo(tree: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "shipshape-helm-"));
  tmpDirs.push(dir);
  mkdirSync(path.join(dir, ".git"));
  cpSync(path.join(FIXTURES, tree), dir, { recursive: true });
  return dir;
}

async function run(cwd: string, extra: Partial<LintOptions> = {}): Promise<{ r: LintResult; model: RepoModel }> {
  let model: RepoModel | undefined;
  const r = await lint({ cwd, paths: ["."], rules: RULES, gitignore: false, onModel: (m) => (model = m), ...extra });
  expect(r.errors).toEqual([]);
  return { r, model: model as RepoModel };
}

const show = (f: Finding) => `${f.ruleId} ${f.file}:${f.line}`;
const related = (f: Finding | undefined) => (f?.related ?? []).map((x) => `${x.file}:${x.line}:${x.column} ${x.message}`);
const find = (r: LintResult, rule: string) => r.findings.find((f) => f.ruleId === rule);

describe("helm rendering in the pipeline: source map", () => {
  let cached: Promise<{ r: LintResult; model: RepoModel }> | undefined;
  const sourcemap = () => (cached ??= run(repo("sourcemap"), { config: false }));

  it("reports every finding at the template line that produced the field", async () => {
    const { r } = await sourcemap();
    expect(r.findings.map(show)).toEqual([
      "test-every-resource crds/widget.yaml:4", // crds/ is linted once, as raw resources
      "host-namespaces templates/_helpers.tpl:6", // hostPID: true inside the helper, through include
      "test-every-resource templates/configmap.yaml:4", // a template without actions: linted through the render only
      "test-every-resource templates/deployment.yaml:4",
      "image-tag-mutable templates/deployment.yaml:21", // "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
      "privileged-container templates/deployment.yaml:23", // toYaml .Values.securityContext | nindent 12
      "test-every-resource templates/pdb.yaml:8",
    ]);
    expect(r.notifications.filter((n) => n.id === "helm-template-skipped")).toEqual([]);
    expect(r.findings.filter((f) => f.file === "files/snippet.yaml")).toEqual([]); // a templated file for .Files: not plain YAML
  });

  it("gives the values-file line as a related location where the value came from values", async () => {
    const { r } = await sourcemap();
    const privileged = find(r, "privileged-container");
    expect(privileged).toMatchObject({ line: 23, column: 13, endLine: 23, endColumn: 63 }); // the toYaml action
    expect(related(privileged)).toEqual(["values.yaml:6:3 the value comes from here", "Chart.yaml:1:1 rendered by chart \"shop\" with default values"]);
    const tag = find(r, "image-tag-mutable");
    expect(tag).toMatchObject({ line: 21, column: 11, endLine: 21, endColumn: 74 });
    expect(related(tag)).toEqual([
      "values.yaml:2:3 the value comes from here", "values.yaml:3:3 the value comes from here", "Chart.yaml:1:1 rendered by chart \"shop\" with default values",
    ]);
    const hostPid = find(r, "host-namespaces");
    expect(hostPid).toMatchObject({ line: 6, column: 1, endLine: 6, endColumn: 14 });
    expect(related(hostPid)).toEqual(["templates/deployment.yaml:17:7 included here", "Chart.yaml:1:1 rendered by chart \"shop\" with default values"]);
  });

  it("leaves the namespace unset without a configured one (Helm's `default` is never taken for a namespace)", async () => {
    const { r, model } = await sourcemap();
    expect(r.findings.filter((f) => f.ruleId === "default-namespace")).toEqual([]);
    const deployment = model.resources.find((x) => x.kind === "Deployment");
    expect(deployment).toMatchObject({ name: "release-name-web", namespace: undefined, file: "templates/deployment.yaml" });
  });

  it("renders .Capabilities from the target Kubernetes version", async () => {
    const kubeVersion = async (v: string | undefined) => {
      const { model } = await run(repo("sourcemap"), { config: false, ...(v ? { kubeVersion: v } : {}) });
      return model.resources.find((x) => x.kind === "PodDisruptionBudget")?.annotations["kube-version"];
    };
    expect(await kubeVersion("1.29")).toBe("v1.29.0");
    expect(await kubeVersion(undefined)).toBe("v1.35.0");
  });

  it("--helm off and --render none lint as before: templates skipped with a note, plain files raw", async () => {
    for (const extra of [{ helm: "off" as const }, { render: false }]) {
      const { r } = await run(repo("sourcemap"), { config: false, ...extra });
      expect(r.findings.map(show)).toEqual([
        "test-every-resource crds/widget.yaml:4",
        "yaml-syntax files/snippet.yaml:2",
        "yaml-syntax files/snippet.yaml:2",
        "yaml-syntax files/snippet.yaml:3",
        "yaml-syntax files/snippet.yaml:3",
        "yaml-syntax files/snippet.yaml:3",
        "test-every-resource templates/configmap.yaml:4",
      ]);
      expect(r.notifications.filter((n) => n.id === "helm-template-skipped").map((n) => n.message)).toEqual([
        "2 Helm template files under ./templates need rendering and were not linted as plain YAML",
      ]);
    }
  });

  it("honours # shipshape-ignore comments in template files", async () => {
    const cwd = repo("sourcemap");
    const file = path.join(cwd, "templates", "deployment.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace('{{ .Values.image.tag }}"', '{{ .Values.image.tag }}" # shipshape-ignore image-tag-mutable -- pinned by the release job'));
    const { r } = await run(cwd, { config: false, only: ["image-tag-mutable"] });
    expect(r.findings.map((f) => `${show(f)} ${f.suppressed}`)).toEqual(["image-tag-mutable templates/deployment.yaml:21 true"]);
  });

  it("--helm binary is not supported yet: a warning, and the charts render natively", async () => {
    const { r } = await run(repo("sourcemap"), { config: false, helm: "binary" });
    expect(r.notifications.filter((n) => n.id === "helm-binary-unsupported").map((n) => n.level)).toEqual(["warning"]);
    expect(r.findings.map(show)).toContain("privileged-container templates/deployment.yaml:23");
  });
});

describe("helm rendering in the pipeline: value sets", () => {
  let cached: Promise<{ r: LintResult; model: RepoModel }> | undefined;
  const valueSets = () => (cached ??= run(repo("value-sets")));

  it("renders default values, ci/*.yaml, the config's charts, an Argo CD Application and a Flux HelmRelease; one finding per template line", async () => {
    const { r } = await valueSets();
    expect(r.findings.filter((f) => f.ruleId !== "test-every-resource").map(show)).toEqual([
      "image-tag-mutable charts/api/templates/deployment.yaml:12",
      "privileged-container charts/api/templates/deployment.yaml:14",
    ]);
    expect(r.findings.filter((f) => f.ruleId === "test-every-resource").map(show)).toEqual([
      "test-every-resource apps/api-argo.yaml:4",
      "test-every-resource apps/api-flux.yaml:4",
      "test-every-resource apps/api-flux.yaml:25",
      "test-every-resource charts/api/templates/deployment.yaml:4", // five renders of one Deployment, reported once
    ]);
    expect(find(r, "test-every-resource")?.message).toBe("Application api-staging");
    const deployment = r.findings.find((f) => f.ruleId === "test-every-resource" && f.file.endsWith("deployment.yaml"));
    expect(deployment?.message).toMatch(/\[in 5 renders: /);
  });

  it("names the renders and points at each render's values line", async () => {
    const { r } = await valueSets();
    const privileged = find(r, "privileged-container");
    expect(privileged?.message).toMatch(/\[in 3 renders: chart charts\/api with ci\/debug-values\.yaml, chart charts\/api with Argo CD Application "api-staging" \(namespace api-staging\), chart charts\/api with Flux HelmRelease "api-dev\/api" \(namespace api-dev\)\]$/);
    expect(related(privileged)).toEqual([
      "charts/api/ci/debug-values.yaml:2:3 the value comes from here",
      "apps/api-argo.yaml:16:11 the value comes from here", // valuesObject in the Application
      "apps/api-flux.yaml:31:7 the value comes from here", // the ConfigMap named in valuesFrom, inside its block scalar
      "charts/api/ci/debug-values.yaml:1:1 rendered by chart charts/api with ci/debug-values.yaml",
      "apps/api-argo.yaml:10:5 rendered by chart charts/api with Argo CD Application \"api-staging\" (namespace api-staging)",
      "apps/api-flux.yaml:10:7 rendered by chart charts/api with Flux HelmRelease \"api-dev/api\" (namespace api-dev)",
    ]);
    const tag = find(r, "image-tag-mutable");
    expect(related(tag).filter((x) => x.includes("value comes"))).toEqual([
      "charts/api/values.yaml:3:3 the value comes from here", // the repository, printed on the same line
      "envs/prod.yaml:2:3 the value comes from here", // the config's values file
      "apps/api-argo.yaml:14:11 the value comes from here",
      "apps/api-flux.yaml:20:7 the value comes from here", // HelmRelease spec.values (tag: dev)
    ]);
  });

  it("gives each render its release name and namespace", async () => {
    const { model } = await valueSets();
    const deployments = model.resources.filter((x) => x.kind === "Deployment").map((x) => `${x.name} ${x.namespace ?? "-"} ${x.namespaceSource ?? "-"} ${String(x.value.spec && (x.value.spec as { replicas?: unknown }).replicas)}`);
    expect(deployments.sort()).toEqual([
      "api api-dev helm 2", // printed from .Release.Namespace: the namespace comes from the render settings. Flux: releaseName defaults to the HelmRelease name; valuesFrom ConfigMap sets replicas
      "api api-prod helm 3", // the config entry: namespace, values file and `set`
      "api-staging api-staging helm 1", // Argo CD: releaseName defaults to the Application name
      "release-name api-staging argocd 1", // default values: the Argo CD Application's path covers the chart
      "release-name api-staging argocd 1", // ci/debug-values.yaml
    ]);
  });

  it("reports a values file that does not exist as helm-render-failed at the config entry", async () => {
    const cwd = repo("value-sets");
    writeFileSync(path.join(cwd, ".shipshape.yaml"), "helm:\n  charts:\n    - path: charts/api\n      values: [envs/missing.yaml]\n");
    const { r } = await run(cwd, { only: ["helm-render-failed"] });
    expect(r.findings.map((f) => `${show(f)} ${f.level} ${f.message}`)).toEqual([
      'helm-render-failed .shipshape.yaml:4 warning values file "envs/missing.yaml" does not exist',
    ]);
  });

  it("rejects unknown keys in the config's helm map with the config line", async () => {
    const cwd = repo("value-sets");
    writeFileSync(path.join(cwd, ".shipshape.yaml"), "helm:\n  charts:\n    - path: charts/api\n      relaseName: api\n");
    const err = await lint({ cwd, paths: ["."], rules: RULES, gitignore: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe('.shipshape.yaml:4: unknown key "relaseName" in helm.charts[0] (did you mean "releaseName"?)');
  });
});

describe("helm rendering in the pipeline: failures and nesting", () => {
  it("reports render problems at the template line; a chart that fails without values is a note when it has other value sets", async () => {
    const { r } = await run(repo("broken"), { config: false });
    expect(r.findings.map((f) => `${show(f)} ${f.level}`)).toEqual([
      "helm-render-failed broken/Chart.yaml:5 warning", // dependency redis is not vendored: the rest renders
      "helm-render-failed broken/templates/fail.yaml:2 warning",
      "helm-render-failed broken/templates/parse-error.yaml:4 warning",
      "test-every-resource broken/templates/pod.yaml:4 note", // the chart's other templates still render
      "host-namespaces broken/templates/pod.yaml:6 error",
      "helm-render-failed broken/templates/unknown-function.yaml:4 warning",
      "test-every-resource needs-values/templates/deployment.yaml:4 note", // rendered with ci/values.yaml
      "helm-render-failed needs-values/templates/deployment.yaml:10 note", // required: fails with bare defaults only
      "privileged-container needs-values/templates/deployment.yaml:12 error",
    ]);
    const required = r.findings.find((f) => f.ruleId === "helm-render-failed" && f.file.startsWith("needs-values"));
    expect(required?.message).toBe("execution error at (needs-values/templates/deployment.yaml:10:22): image.repository is required (chart needs-values, render: default values)");
    expect(required).toMatchObject({ column: 22 });
  });

  it("renders a vendored subchart as part of its parent, never on its own, and skips library charts", async () => {
    const { r, model } = await run(repo("nested"), { config: false });
    expect(r.findings.map(show)).toEqual([
      "test-every-resource parent/charts/cache/templates/service.yaml:4",
      "test-every-resource parent/templates/service.yaml:4",
    ]);
    const cache = model.resources.find((x) => x.name === "release-name-cache");
    expect(cache?.value.spec).toEqual({ ports: [{ port: 6379 }] }); // the parent's values reach the subchart
    expect(r.notifications).toEqual([]);
  });
});

describe("--helm on the command line", () => {
  it("accepts native, binary and off, and nothing else", () => {
    expect(parseCliArgs(["--helm", "off"]).helm).toBe("off");
    expect(parseCliArgs(["--helm", "native"]).helm).toBe("native");
    expect(parseCliArgs(["--helm", "binary"]).helm).toBe("binary");
    expect(parseCliArgs(["--helm", "off"]).unsupported).toEqual([]);
    expect(() => parseCliArgs(["--helm", "helm3"])).toThrow("--helm: use native, binary or off");
  });
});
