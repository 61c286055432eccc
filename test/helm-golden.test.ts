// Helm's own `helm template` golden cases (../shared/oracles/helm/golden), replayed through the native renderer.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { renderChart } from "../src/render/helm/index.js";

const ROOT = path.resolve(import.meta.dirname, "../../shared/oracles/helm/golden");
const present = existsSync(path.join(ROOT, "cases.json"));
if (!present && process.env.CI === "true") throw new Error(`Helm oracle missing at ${ROOT}`);

interface Case {
  id: string; helm: "helm-v4" | "helm-v3"; chart: string; releaseName: string; namespace: string; golden: string; wantError: boolean;
  needsOptionalFeatures: string[]; repeat: number;
  options: { set?: string[]; values?: string[]; kubeVersion?: string; apiVersions?: string[]; showOnly?: string[]; includeCrds?: boolean; skipTests?: boolean };
}

const SUPPORTED = new Set(["kube-version-flag", "api-versions-flag", "show-only", "skip-tests", "include-crds", "chart-archive-tgz"]);
/** Cases left out, with the reason. */
const LEFT_OUT: Record<string, string> = {
  "name-template": "release name templates (--name-template) are a CLI feature; callers pass the release name",
  "cli-usage-error-text": "cobra's usage text is CLI output, not rendering",
  "exact-error-text": "error cases are checked for failing, not for Helm's exact wording",
  "debug-output": "--debug output is CLI output",
};

const cases: Case[] = present ? (JSON.parse(readFileSync(path.join(ROOT, "cases.json"), "utf8")) as { cases: Case[] }).cases : [];

function render(c: Case) {
  const cwd = path.join(ROOT, c.helm);
  const o = c.options;
  return renderChart(path.join(cwd, c.chart), {
    releaseName: c.releaseName, namespace: c.namespace, helm3: c.helm === "helm-v3",
    valueFiles: (o.values ?? []).map((f) => ({ path: f, text: readFileSync(path.join(cwd, f), "utf8") })),
    set: o.set ?? [], kubeVersion: o.kubeVersion ?? "1.20.0", apiVersions: o.apiVersions ?? [],
    includeCrds: o.includeCrds, skipTests: o.skipTests, showOnly: o.showOnly,
  });
}

const asYaml = (text: string) => parseAllDocuments(text).map((d) => d.toJSON() as unknown);

describe.skipIf(!present)("helm golden cases", () => {
  const selected = cases.filter((c) => c.needsOptionalFeatures.every((f) => SUPPORTED.has(f)));
  const leftOut = cases.filter((c) => !selected.includes(c));

  it("lists every case left out, with its reason", () => {
    const reasons = leftOut.map((c) => `${c.id}: ${c.needsOptionalFeatures.filter((f) => !SUPPORTED.has(f)).map((f) => LEFT_OUT[f] ?? "UNKNOWN").join("; ")}`);
    expect(reasons.filter((r) => r.includes("UNKNOWN"))).toEqual([]);
    console.log(`left out (${leftOut.length}):\n  ${reasons.join("\n  ")}`);
  });

  it.each(selected.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    for (let i = 0; i <= (c.repeat ?? 0); i++) {
      const r = render(c);
      const want = readFileSync(path.join(ROOT, c.golden), "utf8").replace(/\r\n/g, "\n");
      expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
      expect(asYaml(r.manifest)).toEqual(asYaml(want));
      expect(r.manifest).toBe(want);
    }
  });

  it("fails the error cases it can see (library type, bad type, invalid YAML, bad expression)", () => {
    const errorCases = cases.filter((c) => c.wantError && c.chart);
    const notFailing = errorCases.filter((c) => render(c).problems.every((p) => p.severity !== "error")).map((c) => c.id);
    expect(notFailing).toEqual([]);
  });

  it("prints agreement figures", () => {
    let byteEqual = 0, yamlEqual = 0;
    for (const c of selected) {
      const r = render(c);
      const want = readFileSync(path.join(ROOT, c.golden), "utf8").replace(/\r\n/g, "\n");
      if (r.manifest === want) byteEqual++;
      try { if (JSON.stringify(asYaml(r.manifest)) === JSON.stringify(asYaml(want))) yamlEqual++; } catch { /* counted as different */ }
    }
    console.log(`helm golden: ${yamlEqual}/${selected.length} equal as YAML, ${byteEqual}/${selected.length} byte-equal (${leftOut.length} of ${cases.length} left out)`);
    expect(yamlEqual).toBe(selected.length);
  });
});
