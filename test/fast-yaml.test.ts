import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../bench/corpus.js";
import { fastParse } from "../src/load/fast-yaml.js";
import { differential } from "../src/load/fast-yaml/differential.js";
import { locate } from "../src/load/locate.js";
import { parseYaml, parseYamlFast, parseYamlFull } from "../src/load/parse.js";

const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * Clean YAML (yaml reports no syntax problem) the fast path leaves to `yaml`, on purpose: `on:`
 * keys (booleans in YAML 1.1), a scalar document, Helm template sources that happen to parse.
 */
const KNOWN_FIXTURE_REFUSALS = [
  "fixtures/demo-repo/.github/workflows/ci.yaml",
  "fixtures/helm-pipeline/broken/broken/templates/unknown-function.yaml",
  "fixtures/rules/helm-render-failed/fail/template-error/templates/configmap.yaml",
  "fixtures/rules/not-a-resource/pass/other-yaml.yaml",
  "fixtures/rules/yaml-syntax/pass/multi-doc.yaml",
];

/** The same for the oracles: anchors, non-string keys, multi-line quoted scalars, template sources. */
const KNOWN_ORACLE_REFUSALS = [
  "helm/charts/argo-cd/charts/redis-ha/values.yaml",
  "helm/charts/ingress-nginx/ci/controller-service-values.yaml",
  "helm/charts/opentelemetry-operator/examples/default/rendered/admission-webhooks/operator-webhook.yaml",
  "helm/charts/opentelemetry-operator/examples/feature-gates/rendered/admission-webhooks/operator-webhook.yaml",
  "helm/golden/helm-v3/testdata/testcharts/chart-bad-type/templates/alpine-pod.yaml",
  "helm/golden/helm-v3/testdata/testcharts/issue-9027/charts/subchart/templates/values.yaml",
  "helm/golden/helm-v3/testdata/testcharts/issue-9027/templates/values.yaml",
  "helm/golden/helm-v3/testdata/testcharts/subchart/charts/subchartA/templates/service.yaml",
  "helm/golden/helm-v3/testdata/testcharts/subchart/charts/subchartB/templates/service.yaml",
  "helm/golden/helm-v4/testdata/testcharts/chart-bad-type/templates/alpine-pod.yaml",
  "helm/golden/helm-v4/testdata/testcharts/chart-with-template-with-invalid-template-expr/templates/alpine-pod.yaml",
  "helm/golden/helm-v4/testdata/testcharts/issue-9027/charts/subchart/templates/values.yaml",
  "helm/golden/helm-v4/testdata/testcharts/issue-9027/templates/values.yaml",
  "helm/golden/helm-v4/testdata/testcharts/subchart/charts/subchartA/templates/service.yaml",
  "helm/golden/helm-v4/testdata/testcharts/subchart/charts/subchartB/templates/service.yaml",
];
const ORACLES = "/work/shared/oracles";

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Runs both paths over files; returns the files the fast path refused and every difference. */
function compareAll(files: string[]): { refused: string[]; differences: string[]; accepted: number } {
  const refused: string[] = [];
  const differences: string[] = [];
  let accepted = 0;
  for (const f of files) {
    const r = differential(readFileSync(f, "utf8"));
    if (!r.fast) refused.push(f);
    else accepted++;
    for (const d of r.differences) differences.push(`${f}: ${d}`);
  }
  return { refused, differences, accepted };
}

/** Refused files that `yaml` parses without a syntax problem: those the fast path could have taken. */
function cleanRefusals(refused: string[]): string[] {
  const warn = process.emitWarning;
  process.emitWarning = () => undefined; // template sources make yaml warn about collection keys
  try {
    return refused.filter((f) => !parseYamlFull(readFileSync(f, "utf8")).problems.some((p) => p.ruleId === "yaml-syntax"));
  } finally {
    process.emitWarning = warn;
  }
}

describe("fast YAML path: differential against yaml", () => {
  it("agrees on every fixture it accepts, and accepts every clean fixture but the known outside-the-subset ones", () => {
    const files = yamlFiles(path.join(ROOT, "fixtures"));
    const { refused, differences, accepted } = compareAll(files);
    expect(differences).toEqual([]);
    expect(accepted).toBeGreaterThan(500);
    const rel = cleanRefusals(refused).map((f) => path.relative(ROOT, f)).sort();
    expect(rel).toEqual(KNOWN_FIXTURE_REFUSALS);
  });

  it.runIf(readdirSafe(ORACLES))("agrees on the PSS and Helm oracle files it accepts", () => {
    const files = [...yamlFiles(path.join(ORACLES, "pss-testdata")), ...yamlFiles(path.join(ORACLES, "helm"))];
    const { refused, differences, accepted } = compareAll(files);
    expect(differences).toEqual([]);
    expect(accepted).toBeGreaterThan(4000);
    expect(cleanRefusals(refused).map((f) => path.relative(ORACLES, f)).sort()).toEqual(KNOWN_ORACLE_REFUSALS);
  });

  const work = mkdtempSync(path.join(os.tmpdir(), "shipshape-fast-yaml-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("agrees on a generated corpus and takes every file of it that yaml parses cleanly", () => {
    generateCorpus(work, 1500);
    const files = yamlFiles(work);
    const { refused, differences, accepted } = compareAll(files);
    expect(differences).toEqual([]);
    expect(accepted).toBeGreaterThan(0);
    expect(cleanRefusals(refused)).toEqual([]);
  });
});

function readdirSafe(dir: string): boolean {
  try {
    return readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

const value = (text: string) => parseYamlFast(text)?.documents.map((d) => d.value);

describe("fast YAML path: values", () => {
  it("resolves scalars by the YAML 1.1 rules shipshape parses with", () => {
    const text = "a: yes\nb: Off\nc: 0755\nd: 0x1F\ne: 1_000\nf: .inf\ng: -.inf\nh: .nan\ni: ~\nj: null\nk:\nl: 2001-12-14\nm: 1:20\nz: -0\no: '0755'\np: \"yes\"\nq: 1e3\nr: +12\ns: 0b101\nt: ::1\nu: [y, n, on]\n";
    const [v] = value(text) as [Record<string, unknown>];
    expect(v).toEqual({ a: true, b: false, c: 493, d: 31, e: 1000, f: Infinity, g: -Infinity, h: NaN, i: null, j: null, k: null, l: "2001-12-14", m: "1:20", z: -0, o: "0755", p: "yes", q: 1000, r: 12, s: 5, t: "::1", u: [true, false, true] });
    expect(Object.is(v.z, -0)).toBe(true);
    expect(differential(text)).toMatchObject({ fast: true, differences: [] });
  });

  it("folds plain and block scalars and unescapes quoted ones", () => {
    const text = [
      "plain: one\n  two\n\n  three",
      "lit: |\n  a\n    b\n\n",
      "keep: |+\n  x\n\n",
      "strip: >-\n  folded\n  text\n\n  para\n",
      "ind: |2\n    two extra\n",
      "dq: \"tab\\there \\u00e9 \\x41 \\\\ \\\"\"",
      "sq: 'it''s'",
      "",
    ].join("\n");
    expect(value(text)).toEqual([{ plain: "one two\nthree", lit: "a\n  b\n", keep: "x\n\n\n", strip: "folded text\npara", ind: "  two extra\n", dq: 'tab\there é A \\ "', sq: "it's" }]);
    expect(differential(text).differences).toEqual([]);
  });

  it("reads flow collections, JSON, documents, the BOM and CRLF", () => {
    expect(value('{"a": [1, "x", {"b": null}], "c": true}')).toEqual([{ a: [1, "x", { b: null }], c: true }]);
    expect(value("\ufeffa: 1\r\nb: [x, z]\r\n---\r\n---\r\nc: {d: e}\r\n")).toEqual([{ a: 1, b: ["x", "z"] }, null, { c: { d: "e" } }]);
    expect(value("# only a comment\n")).toEqual([]);
    expect(value("a: 1\n...\n---\nb: 2\n")).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("reports each repeated key where yaml does, and the last value wins", () => {
    const text = "a: 1\nb:\n  c: 1\n  c: 2\na: 3\nd: {x: 1, x: 2}\n";
    const fast = parseYamlFast(text);
    expect(fast?.documents[0]?.value).toEqual({ a: 3, b: { c: 2 }, d: { x: 2 } });
    expect(fast?.problems.map((p) => [p.ruleId, p.range.line, p.range.column])).toEqual([["duplicate-key", 4, 3], ["duplicate-key", 5, 1], ["duplicate-key", 6, 11]]);
    expect(fast?.problems).toEqual(parseYamlFull(text).problems);
  });

  it("refuses what it does not support, so yaml parses it", () => {
    for (const text of [
      "a: &x 1\nb: *x\n", "a: !!str 1\n", "%YAML 1.1\n---\na: 1\n", "<<: {a: 1}\n", "? a\n: b\n", "a:\n\tb: 1\n",
      "a: b: c\n", "a: 1\n b: 2\n", "a: \"multi\n  line\"\n", "1: one\n", "a: [b\n", "- a\nb: 1\n", "just a scalar\n",
    ]) {
      expect(fastParse(text), JSON.stringify(text)).toBeUndefined();
      const [a, b] = [parseYaml(text), parseYamlFull(text)];
      expect(a.problems).toEqual(b.problems);
      expect(a.documents.map((d) => [d.value, d.positions.contentStart])).toEqual(b.documents.map((d) => [d.value, d.positions.contentStart]));
    }
  });
});

describe("fast YAML path: positions", () => {
  const text = [
    "# Source: chart/templates/a.yaml",
    "apiVersion: v1",
    "kind: ConfigMap",
    "data:",
    "  k: v   # same-line comment",
    "    # an indented comment the value owns",
    "  # a comment the map keeps",
    "list:",
    "- x",
    "-",
    "# a comment after an empty item",
    "---",
    "# Source: chart/templates/b.yaml",
    "kind: Secret",
    "",
  ].join("\n");

  it("gives locate() ranges identical to the yaml AST for every path", () => {
    expect(differential(text)).toMatchObject({ fast: true, differences: [] });
    const fast = parseYamlFast(text);
    const full = parseYamlFull(text);
    const doc = fast?.documents[0];
    if (!fast || !doc) throw new Error("fast path refused");
    expect(locate(doc, fast.source, ["data"])).toEqual(locate(full.documents[0]?.ast as never, full.source, ["data"]));
    expect(locate(doc, fast.source, ["data"])).toEqual({ line: 4, column: 1, endLine: 6, endColumn: 41, depth: 1 });
    expect(locate(doc, fast.source, ["list", 1])).toEqual({ line: 10, column: 2, endLine: 10, endColumn: 2, depth: 2 });
    expect(locate(doc, fast.source, [])).toEqual({ line: 2, column: 1, endLine: 11, endColumn: 32, depth: 0 });
    expect(fast.documents.map((d) => d.helmSource)).toEqual(["chart/templates/a.yaml", "chart/templates/b.yaml"]);
  });

  it("builds the yaml AST only when someone asks for it", () => {
    const fast = parseYamlFast(text);
    expect(fast?.documents[1]?.ast.toJS()).toEqual({ kind: "Secret" });
  });
});
