// The Go reference (test/go-reference) must itself reproduce Helm's own `helm template` golden cases
// (../shared/oracles/helm/golden, cases.json) before it serves as a differential oracle: where the golden files and
// the reference disagree, the golden files win. Each supported case is rendered by the reference with the case's
// chart and arguments and compared with the golden output as YAML, per `# Source:` template (each template's
// documents, as canonical JSON, in order). Cases left out are listed below with their reason; the figure is printed.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildGoReference, goAvailable, runGoReference, type GoReference } from "./go-reference/build.js";

const ROOT = path.resolve(import.meta.dirname, "../../shared/oracles/helm/golden");
const present = existsSync(path.join(ROOT, "cases.json"));
const CI = process.env.CI === "true";
if (!present && CI) throw new Error(`Helm golden oracle missing at ${ROOT}`);
const goMissing = goAvailable();
if (goMissing && CI) throw new Error(`the Go reference needs Go: ${goMissing}`);

interface Case {
  id: string;
  helm: "helm-v4" | "helm-v3";
  cwd: string;
  chart: string;
  releaseName: string;
  namespace: string;
  golden: string;
  wantError: boolean;
  options: { set?: string[]; values?: string[]; kubeVersion?: string; apiVersions?: string[]; showOnly?: string[]; includeCrds?: boolean; skipTests?: boolean; nameTemplate?: string; debug?: boolean };
  needsOptionalFeatures: string[];
}
interface CasesFile { harness: { capabilities: { apiVersionsDerived: string[]; KubeVersion: { Version: string } } }; cases: Case[] }

/** Optional features the reference supports (the issue's list of features needed anyway). */
const SUPPORTED = new Set(["kube-version-flag", "api-versions-flag", "show-only", "skip-tests", "include-crds", "chart-archive-tgz"]);

/** Cases left out beyond unsupported features, by id, with the reason. */
const LEFT_OUT = new Map<string, string>([
  ["helm-v3/issue-9027", "Helm 3 null semantics (a parent's `key: null` deletes the subchart's default); the reference follows Helm 4 (cases.json versionDifferences)"],
]);

function reasonLeftOut(c: Case): string | undefined {
  if (LEFT_OUT.has(c.id)) return LEFT_OUT.get(c.id);
  if (c.wantError) return "expects an error (exact error text)";
  const missing = c.needsOptionalFeatures.filter((f) => !SUPPORTED.has(f));
  if (missing.length) return `needs ${missing.join(", ")}`;
  return undefined;
}

/** The golden output as `source → text` (documents of one template joined with `---`). */
function goldenBySource(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const chunk of text.replace(/\r\n/g, "\n").split(/^---[ \t]*$/m)) {
    const m = /^# Source: (.+)$/m.exec(chunk);
    if (!m?.[1]) {
      if (chunk.trim() !== "") throw new Error(`golden document without # Source: ${chunk.slice(0, 80)}`);
      continue;
    }
    const src = m[1].trim();
    out.set(src, out.has(src) ? `${out.get(src) ?? ""}\n---\n${chunk}` : chunk);
  }
  return out;
}

/** Helm's --show-only: filepath.Match against the manifest name without the top chart's directory. */
function showOnlyMatch(patterns: string[], source: string): boolean {
  const rel = source.slice(source.indexOf("/") + 1);
  return patterns.some((p) => {
    const re = new RegExp(`^${p.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);
    return re.test(rel) || p === source;
  });
}

function hookOf(doc: string): string | undefined {
  const v = JSON.parse(doc) as { metadata?: { annotations?: Record<string, string> } } | null;
  return v?.metadata?.annotations?.["helm.sh/hook"];
}

/** Helm's --skip-tests drops test hooks. */
function isTestHook(doc: string): boolean {
  return (hookOf(doc) ?? "").split(",").some((h) => h.trim() === "test" || h.trim() === "test-success");
}

const file: CasesFile | undefined = present ? (JSON.parse(readFileSync(path.join(ROOT, "cases.json"), "utf8")) as CasesFile) : undefined;
const cases = file?.cases ?? [];
const run = cases.filter((c) => reasonLeftOut(c) === undefined);
const left = cases.filter((c) => reasonLeftOut(c) !== undefined);

describe.skipIf(!present || (!!goMissing && !CI))("Go reference reproduces Helm's golden cases", () => {
  let ref: GoReference;
  let goOut: { docs: Record<string, string[]>; err?: string }[] = [];
  const passed: string[] = [];

  beforeAll(() => {
    ref = buildGoReference();
    if (!ref.bin) throw new Error(ref.reason);
    const caps = file?.harness.capabilities;
    goOut = runGoReference(ref.bin, "charts", {
      defaultApiVersions: caps?.apiVersionsDerived ?? [],
      jobs: run.map((c) => {
        const cwd = path.join(ROOT, c.cwd);
        return {
          chart: path.join(cwd, c.chart), values: (c.options.values ?? []).map((v) => path.join(cwd, v)), set: c.options.set ?? [],
          release: c.releaseName, namespace: c.namespace, kubeVersion: c.options.kubeVersion ?? caps?.KubeVersion.Version ?? "v1.20.0",
          apiVersions: c.options.apiVersions ?? [], includeCrds: c.options.includeCrds === true,
        };
      }),
    });
  }, 120_000);

  it("lists the cases left out", () => {
    expect(run.length + left.length).toBe(cases.length);
    // every Helm 4 case without optional features is run
    expect(cases.filter((c) => c.helm === "helm-v4" && c.needsOptionalFeatures.length === 0 && !c.wantError && !run.includes(c))).toEqual([]);
    console.log(`go reference vs Helm goldens: ${run.length} cases run, ${left.length} left out:\n${left.map((c) => `  ${c.id}: ${reasonLeftOut(c) ?? ""}`).join("\n")}`);
  });

  it.each(run.map((c, i) => [c.id, c, i] as const))("%s equals the golden output as YAML", (_id, c, i) => {
    const go = goOut[i] ?? { docs: {} };
    expect(go.err ?? null).toBeNull();
    const golden = goldenBySource(readFileSync(path.join(ROOT, c.golden), "utf8"));
    const goldenSources = [...golden.keys()];
    const canon = runGoReference<string[][]>(ref.bin as string, "yaml2json", goldenSources.map((s) => golden.get(s) ?? ""));
    const want = Object.fromEntries(goldenSources.map((s, k) => [s, canon[k] ?? []]).filter(([, d]) => (d as string[]).length > 0));
    const got: Record<string, string[]> = {};
    for (const [s, docs] of Object.entries(go.docs)) {
      if (c.options.showOnly && !showOnlyMatch(c.options.showOnly, s)) continue;
      const kept = c.options.skipTests ? docs.filter((d) => !isTestHook(d)) : docs;
      // helm template prints hooks after all other manifests
      if (kept.length) got[s] = [...kept.filter((d) => hookOf(d) === undefined), ...kept.filter((d) => hookOf(d) !== undefined)];
    }
    const sorted = (o: Record<string, string[]>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
    expect(sorted(got)).toEqual(sorted(want));
    passed.push(c.id);
  });

  it("reports the figure", () => {
    console.log(`go reference vs Helm goldens: ${passed.length}/${run.length} supported cases equal as YAML (${cases.length} cases in all)`);
  });
});
