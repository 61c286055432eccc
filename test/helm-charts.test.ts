// Real charts (../shared/oracles/helm/charts): upstream `helm template` example renders must be equal as YAML,
// and every chart must render with its default values and each ci/ values file.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { renderChart } from "../src/render/helm/index.js";
import type { RenderResult } from "../src/render/helm/index.js";

const ROOT = path.resolve(import.meta.dirname, "../../shared/oracles/helm/charts");
const present = existsSync(path.join(ROOT, "charts.json"));
if (!present && process.env.CI === "true") throw new Error(`Helm oracle missing at ${ROOT}`);

interface ChartInfo { dir: string; ciValuesFiles: string[]; expectedOutputs?: { examples: { example: string; values: string[]; rendered: string }[] } }
const charts: ChartInfo[] = present ? (JSON.parse(readFileSync(path.join(ROOT, "charts.json"), "utf8")) as { charts: ChartInfo[] }).charts : [];

/** Charts whose default values fail on purpose (their NOTES.txt calls `fail` until values are given). */
const FAILS_BY_DESIGN = new Set(["opentelemetry-collector"]);

function render(dir: string, valuesFiles: string[], extra: Parameters<typeof renderChart>[1] = {}): RenderResult {
  const chartDir = path.join(ROOT, dir);
  return renderChart(chartDir, {
    releaseName: "example", namespace: "default", kubeVersion: "1.29",
    valueFiles: valuesFiles.map((f) => ({ path: f, text: readFileSync(path.join(chartDir, f), "utf8") })),
    ...extra,
  });
}

const docsOf = (text: string) => parseAllDocuments(text).map((d) => d.toJSON() as unknown).filter((d) => d !== null);

function walk(dir: string, rel = ""): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(dir, `${rel}${e.name}/`) : [`${rel}${e.name}`]));
}

describe.skipIf(!present)("real charts", () => {
  const examples = charts.flatMap((c) => (c.expectedOutputs?.examples ?? []).map((e) => ({ chart: c.dir, ...e })));
  const results = new Map<string, { files: number; equal: number; diffs: string[] }>();

  it.each(examples.map((e) => [`${e.chart}/${e.example}`, e] as const))("%s equals the upstream render", (_name, e) => {
    // later values files overwrite same-named output files, as `--output-dir` does upstream
    const ours = new Map<string, unknown[]>();
    for (const vf of e.values) {
      const r = render(e.chart, [vf]);
      expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
      const byFile = new Map<string, unknown[]>();
      for (const d of r.documents) {
        const rel = d.source.replace(/^[^/]+\/templates\//, "").replace(/^[^/]+\/charts\/([^/]+)\/templates\//, "$1/");
        byFile.set(rel, [...(byFile.get(rel) ?? []), ...docsOf(d.text)]);
      }
      for (const [k, v] of byFile) ours.set(k, v);
    }
    const renderedDir = path.join(ROOT, e.chart, e.rendered);
    const diffs: string[] = [];
    const files = walk(renderedDir);
    for (const f of files) {
      const want = docsOf(readFileSync(path.join(renderedDir, f), "utf8"));
      const got = ours.get(f) ?? [];
      if (JSON.stringify(got) !== JSON.stringify(want)) diffs.push(f);
    }
    results.set(`${e.chart}/${e.example}`, { files: files.length, equal: files.length - diffs.length, diffs });
    expect(diffs).toEqual([]);
  });

  // Every ci/ values file of every chart takes over a minute on a 2-core machine: `npm test` renders
  // the defaults and the first ci/ file of each chart; SHIPSHAPE_FULL_ORACLE=1 renders them all.
  const full = process.env.SHIPSHAPE_FULL_ORACLE === "1";
  it("renders every chart with default values and its ci/ values files", { timeout: 240_000 }, () => {
    const failures: string[] = [];
    let renders = 0;
    for (const c of charts) {
      for (const vf of [null, ...(full ? c.ciValuesFiles : c.ciValuesFiles.slice(0, 1))]) {
        renders++;
        const r = render(c.dir, vf ? [vf] : []);
        const errors = r.problems.filter((p) => p.severity === "error");
        if (vf === null && FAILS_BY_DESIGN.has(c.dir)) {
          if (!errors.some((p) => p.code === "fail" && p.at?.file === "templates/NOTES.txt")) failures.push(`${c.dir} (defaults): expected the NOTES.txt fail`);
          continue;
        }
        if (errors.length) failures.push(`${c.dir} ${vf ?? "(defaults)"}: ${errors[0]!.message}`);
        else if (r.documents.length === 0) failures.push(`${c.dir} ${vf ?? "(defaults)"}: no documents`);
      }
    }
    console.log(`helm real charts: ${renders - failures.length}/${renders} renders clean`);
    expect(failures).toEqual([]);
  });

  it("prints agreement figures", () => {
    const all = [...results.values()];
    const files = all.reduce((s, r) => s + r.files, 0);
    const equal = all.reduce((s, r) => s + r.equal, 0);
    const exact = all.filter((r) => r.diffs.length === 0).length;
    console.log(`helm upstream examples: ${exact}/${all.length} examples identical as YAML (${equal}/${files} files)`);
    for (const [k, r] of results) if (r.diffs.length) console.log(`  ${k}: ${r.diffs.join(", ")}`);
  });
});
