// Values that a Helm render generates (randAlphaNum, genCA, now, …) are not in the repository: secret rules never
// report them. A rendered Secret is reported only where a value comes from a literal (a values file or a template),
// located at that literal.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lint, type RepoModel } from "../src/engine/lint.js";
import type { Finding, LintResult } from "../src/engine/types.js";
import { renderChart } from "../src/render/helm/index.js";
import { builtInRules } from "../rules/index.js";

const FIXTURE = path.resolve(import.meta.dirname, "..", "fixtures", "helm-generated");
const SECRET_RULES = ["secret-plaintext", "hardcoded-credential", "secret-in-configmap", "secret-literal-in-env", "helm-render-failed"];

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

let cached: Promise<{ r: LintResult; model: RepoModel }> | undefined;
function run(): Promise<{ r: LintResult; model: RepoModel }> {
  cached ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "shipshape-helm-generated-"));
    tmpDirs.push(dir);
    mkdirSync(path.join(dir, ".git"));
    cpSync(FIXTURE, dir, { recursive: true });
    let model: RepoModel | undefined;
    const rules = builtInRules.filter((r) => SECRET_RULES.includes(r.meta.id));
    const r = await lint({ cwd: dir, paths: ["."], rules, gitignore: false, config: false, onModel: (m) => (model = m) });
    expect(r.errors).toEqual([]);
    return { r, model: model as RepoModel };
  })();
  return cached;
}

const show = (f: Finding) => `${f.ruleId} ${f.file}:${f.line}`;
const related = (f: Finding | undefined) => (f?.related ?? []).map((x) => `${x.file}:${x.line} ${x.message}`);

describe("generated values in Helm renders", () => {
  it("reports only values written in the repository, each at its literal", async () => {
    const { r } = await run();
    expect(r.findings.map(show)).toEqual([
      // adminPassword: set by the ci/ file in that render (generated in the default render)
      "secret-plaintext chart/ci/custom-values.yaml:2",
      // `"{{ .Values.apiToken }}"` in an env var (the template line of the item, as for every rule)
      "secret-literal-in-env chart/templates/deployment.yaml:18",
      // `token: "literal-…"` written in the template; `session: {{ $generated }}` (randAlphaNum) is not reported
      "secret-plaintext chart/templates/secret-literal.yaml:9",
      // `"{{ .Values.auth.password | default (randAlphaNum 16) | b64enc }}"`: the values line
      "secret-plaintext chart/values.yaml:4",
    ]);
  });

  it("locates a Secret value printed from values at the values line, the template line related", async () => {
    const { r } = await run();
    const f = r.findings.find((x) => x.file === "chart/values.yaml");
    expect(f?.message).toContain('Secret "from-values" commits 1 value(s) in plain text under data ("password")');
    expect(f?.message).toContain("[in 2 renders:");
    expect(related(f)).toEqual([
      "chart/templates/secret-values.yaml:7 printed by the template here",
      "chart/Chart.yaml:1 rendered by chart chart with default values",
      "chart/ci/custom-values.yaml:1 rendered by chart chart with ci/custom-values.yaml",
    ]);
    const ci = r.findings.find((x) => x.file === "chart/ci/custom-values.yaml");
    expect(ci?.message).toContain('Secret "random" commits 1 value(s) in plain text under data ("adminPassword")');
    expect(related(ci)).toEqual([
      "chart/templates/secret-random.yaml:8 printed by the template here",
      "chart/ci/custom-values.yaml:1 rendered by chart chart with ci/custom-values.yaml",
    ]);
  });

  it("marks the generated strings of each rendered resource, and only those", async () => {
    const { model } = await run();
    const paths = (kind: string, name: string) =>
      model.resources
        .filter((x) => x.kind === kind && x.name === name)
        .map((x) => [...(x.generatedPaths ?? ["(not rendered)"])].sort());
    // randAlphaNum | b64enc, `default (randAlphaNum 16)` over an empty value, uuidv4, now | date
    expect(paths("Secret", "random")).toEqual([
      ["data.adminPassword", "data.password", "data.stamp", "data.uuid"], // default render
      ["data.password", "data.stamp", "data.uuid"], // ci/custom-values.yaml sets adminPassword
    ]);
    expect(paths("Secret", "from-values")).toEqual([[], []]);
    expect(paths("Secret", "tls")).toEqual([
      ['data["ca.crt"]', 'data["tls.crt"]', 'data["tls.key"]'],
      ['data["ca.crt"]', 'data["tls.crt"]', 'data["tls.key"]'],
    ]);
    // genCA's Cert/Key through indent; `set .Values` then printed; a dict with a generated value through toJson
    expect(paths("ConfigMap", "tls-config")[0]).toEqual(["data.session_secret", "data.settings", 'data["ca.pem"]', 'data["key.pem"]']);
    expect(paths("Secret", "template-literal")[0]).toEqual(["stringData.session"]);
    expect(paths("Deployment", "app")[0]).toEqual([
      "spec.template.spec.containers[0].args[0]",
      "spec.template.spec.containers[0].env[0].value",
    ]);
  });
});

describe("generated values in the renderer", () => {
  const chart = path.join(FIXTURE, "chart");

  it("marks the printed ranges and collects the generated strings", () => {
    const r = renderChart(chart);
    const doc = r.documents.find((d) => d.templateFile === "templates/secret-random.yaml");
    expect(doc).toBeDefined();
    const text = doc?.text ?? "";
    const marked = (doc?.generated ?? []).map(([a, b]) => text.slice(a, b));
    const lines = text.split("\n");
    // the printed values, inside the template's quotes
    const valueOf = (key: string) => ((lines.find((l) => l.trim().startsWith(`${key}:`)) ?? "").split(": ")[1] ?? "").slice(1, -1);
    expect(marked).toEqual([valueOf("password"), valueOf("adminPassword"), valueOf("uuid"), valueOf("stamp")]);
    const password = valueOf("password");
    expect(r.generatedValues.has(password)).toBe(true);
    expect(r.generatedValues.has(Buffer.from(password, "base64").toString("utf8"))).toBe(true); // before b64enc
  });

  it("keeps a selected literal unmarked: `default (randAlphaNum 16)` over a set value", () => {
    const r = renderChart(chart);
    const doc = r.documents.find((d) => d.templateFile === "templates/secret-values.yaml");
    expect(doc?.generated).toEqual([]);
    expect(r.generatedValues.has("hunter2-committed-in-values")).toBe(false);
    expect(doc?.locateLine(7, 14)?.value).toEqual({ file: "values.yaml", line: 4, column: 3 }); // through b64enc
  });
});
