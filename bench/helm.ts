/**
 * Native Helm rendering cost: every chart of the Helm oracle (../shared/oracles/helm/charts) rendered with its
 * default values and each ci/ values file, in process. Prints one JSON line per chart and returns a Markdown
 * section for bench/results.md with the time per chart.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { renderChart } from "../src/render/helm/index.js";

export interface HelmChartTiming {
  chart: string;
  renders: number;
  documents: number;
  outputBytes: number;
  /** Total time of all renders of the chart, and the mean per render. */
  totalMs: number;
  perRenderMs: number;
}

export function benchHelmCharts(root: string): string {
  const rows: HelmChartTiming[] = [];
  const charts = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  renderChart(path.join(root, charts[0] ?? "")); // warm-up (module and regex compilation)
  for (const chart of charts) {
    const dir = path.join(root, chart);
    const ci = path.join(dir, "ci");
    const sets = [[], ...(existsSync(ci) ? readdirSync(ci).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => [`ci/${f}`]) : [])];
    let documents = 0;
    let outputBytes = 0;
    const start = process.hrtime.bigint();
    for (const files of sets) {
      const r = renderChart(dir, { kubeVersion: "1.29", valueFiles: files.map((f) => ({ path: f, text: readFileSync(path.join(dir, f), "utf8") })) });
      documents += r.documents.length;
      outputBytes += r.manifest.length;
    }
    const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
    const row = { chart, renders: sets.length, documents, outputBytes, totalMs: Math.round(totalMs), perRenderMs: Math.round((totalMs / sets.length) * 10) / 10 };
    rows.push(row);
    console.log(JSON.stringify({ name: "helm-render", ...row }));
  }
  return [
    "## Native Helm rendering",
    "",
    "Every chart of `../shared/oracles/helm/charts`, rendered in process with its default values and each `ci/` values file (`--kube-version 1.29`).",
    "",
    "| chart | renders | documents | output MB | total ms | ms per render |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.chart} | ${r.renders} | ${r.documents} | ${(r.outputBytes / 1e6).toFixed(1)} | ${r.totalMs} | ${r.perRenderMs} |`),
    "",
  ].join("\n");
}
