// Differential oracle: the real charts (../shared/oracles/helm/charts), with their default values and every ci/
// values file, rendered by our TypeScript renderer and by a Go reference (test/go-reference: Go's text/template,
// Sprig 3.2.3 and Helm's functions), must be equal as YAML, apart from the known drifts listed below. Both outputs
// are turned into JSON by the same Go YAML parser (sigs.k8s.io/yaml), so only the templates' output is compared.
// The full set (every ci/ file of every chart) runs with SHIPSHAPE_FULL_ORACLE=1; by default each chart's default
// values and its first two ci/ files.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_API_VERSIONS, renderChart } from "../src/render/helm/index.js";
import { buildGoReference, goAvailable, runGoReference, type GoReference } from "./go-reference/build.js";

const ROOT = path.resolve(import.meta.dirname, "../../shared/oracles/helm/charts");
const present = existsSync(path.join(ROOT, "charts.json"));
const CI = process.env.CI === "true";
if (!present && CI) throw new Error(`Helm oracle missing at ${ROOT}`);
const goMissing = goAvailable();
if (goMissing && CI) throw new Error(`the Go differential oracle needs Go: ${goMissing}`);
const FULL = process.env.SHIPSHAPE_FULL_ORACLE === "1";

/**
 * Known drifts between Debian's Go 1.19 / Sprig 3.2.3 (the reference) and current Helm (what we match), by
 * `chart|values|template`: the template's output differs for a reason that is not ours to fix.
 */
const KNOWN_DRIFTS = new Map<string, string>([
]);

/** Renders that fail in the reference (and ours) on purpose, by `chart|values`. */
const FAILS_BY_DESIGN = new Map<string, string>([
  ["opentelemetry-collector|values.yaml", "NOTES.txt calls `fail` until a mode is chosen"],
]);

interface Job { chart: string; values: string }

function jobs(): Job[] {
  if (!present) return [];
  const out: Job[] = [];
  for (const chart of readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const ci = path.join(ROOT, chart, "ci");
    const files = existsSync(ci) ? readdirSync(ci).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
    out.push({ chart, values: "values.yaml" });
    for (const f of FULL ? files : files.slice(0, 2)) out.push({ chart, values: `ci/${f}` });
  }
  return out;
}

const KUBE = "1.29";

/** Our render, as documents' texts per template (`# Source:` name). */
function ours(job: Job): { texts: Map<string, string>; error: string | undefined } {
  const dir = path.join(ROOT, job.chart);
  const valueFiles = job.values === "values.yaml" ? [] : [{ path: job.values, text: readFileSync(path.join(dir, job.values), "utf8") }];
  const r = renderChart(dir, { releaseName: "release-name", namespace: "default", kubeVersion: KUBE, valueFiles });
  const texts = new Map<string, string>();
  for (const d of r.documents) texts.set(d.source, texts.has(d.source) ? `${texts.get(d.source) ?? ""}\n---\n${d.text}` : d.text);
  const err = r.problems.find((p) => p.severity === "error");
  return { texts, error: err?.message };
}

describe.skipIf(!present || (!!goMissing && !CI))("Go differential oracle: real charts", () => {
  let ref: GoReference;
  const all = jobs();
  const results = new Map<string, { templates: number; equal: number; diffs: string[]; drifts: string[]; error?: string }>();
  let goOut: { docs: Record<string, string[]>; err?: string }[] = [];

  beforeAll(() => {
    ref = buildGoReference();
    if (!ref.bin) throw new Error(ref.reason);
    goOut = runGoReference(ref.bin, "charts", {
      defaultApiVersions: DEFAULT_API_VERSIONS,
      jobs: all.map((j) => ({
        chart: path.join(ROOT, j.chart), values: j.values === "values.yaml" ? [] : [path.join(ROOT, j.chart, j.values)],
        release: "release-name", namespace: "default", kubeVersion: KUBE,
      })),
    });
  }, 120_000);

  it.each(all.map((j, i) => [`${j.chart} with ${j.values}`, j, i] as const))("%s equals the Go reference as YAML", (_n, job, i) => {
    const go = goOut[i] ?? { docs: {} };
    const key = `${job.chart}|${job.values}`;
    const mine = ours(job);
    if (FAILS_BY_DESIGN.has(key)) {
      expect(go.err).toBeTruthy();
      expect(mine.error).toBeTruthy();
      return;
    }
    expect(go.err ?? null).toBeNull();
    expect(Object.values(go.docs).flat().length).toBeGreaterThan(0);
    const sources = [...new Set([...Object.keys(go.docs), ...mine.texts.keys()])].sort();
    const canon = runGoReference<string[][]>(ref.bin as string, "yaml2json", sources.map((s) => mine.texts.get(s) ?? ""));
    const diffs: string[] = [];
    const drifts: string[] = [];
    sources.forEach((s, k) => {
      const want = [...(go.docs[s] ?? [])].sort();
      const got = [...(canon[k] ?? [])].sort();
      if (JSON.stringify(got) === JSON.stringify(want)) return;
      if (KNOWN_DRIFTS.has(`${key}|${s}`)) drifts.push(s);
      else diffs.push(s);
    });
    results.set(key, { templates: sources.length, equal: sources.length - diffs.length - drifts.length, diffs, drifts });
    expect(diffs).toEqual([]);
  });

  it("reports the agreement", () => {
    let t = 0, e = 0, d = 0;
    for (const r of results.values()) { t += r.templates; e += r.equal; d += r.drifts.length; }
    console.log(`go oracle (charts): ${results.size} renders, ${e}/${t} templates equal as YAML, ${d} known drifts${FULL ? "" : " (subset; SHIPSHAPE_FULL_ORACLE=1 for every ci/ file)"}`);
  });
});
