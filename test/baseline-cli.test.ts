import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runShipshape, tempTree } from "./helpers/cli.js";

/** Two rules keep these tests independent of rules that land later. */
const ONE = ["--only", "privileged-container,image-tag-mutable"];

const pod = (name: string, opts: { privileged?: boolean; image?: string } = {}) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
spec:
  containers:
    - name: app
      image: ${opts.image ?? "nginx:1.27.3"}
      securityContext:
        privileged: ${opts.privileged ? "true" : "false"}
`;

interface JsonOut {
  findings: { ruleId: string; file: string; line: number; suppressed: boolean; suppressions: { kind: string; source: string; justification: string | null }[] }[];
  notifications: { id: string; file: string | null; message: string }[];
}

async function lintJson(cwd: string, extra: string[] = []): Promise<{ code: number; out: JsonOut; stderr: string }> {
  const r = await runShipshape([".", ...ONE, "--format", "json", ...extra], { cwd });
  return { code: r.code, out: JSON.parse(r.stdout || "{}") as JsonOut, stderr: r.stderr };
}

const open = (out: JsonOut) => out.findings.filter((f) => !f.suppressed).map((f) => `${f.ruleId} ${f.file}:${f.line}`);
const baselined = (out: JsonOut) =>
  out.findings.filter((f) => f.suppressions.some((s) => s.source === "baseline")).map((f) => `${f.ruleId} ${f.file}:${f.line}`);

describe("shipshape baseline", () => {
  it("records the open findings, one sorted entry per line, and exits 0", async () => {
    const cwd = tempTree({ "apps/web.yaml": pod("web", { privileged: true }), "apps/api.yaml": pod("api", { image: "redis" }) });
    const r = await runShipshape(["baseline", ".", ...ONE, "-o", "ci/baseline.json"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote 2 findings to ${path.join("ci", "baseline.json")}\n`);
    const text = readFileSync(path.join(cwd, "ci/baseline.json"), "utf8");
    const lines = text.split("\n");
    expect(lines.slice(0, 4)).toEqual(["{", '  "tool": "shipshape",', '  "version": 1,', '  "findings": [']);
    const entries = (JSON.parse(text) as { findings: { ruleId: string; file: string; resource: unknown; path: string }[] }).findings;
    // Files are relative to the baseline's own directory; no line numbers, so unrelated edits do not churn it.
    expect(entries.map((e) => [e.ruleId, e.file, e.path])).toEqual([
      ["image-tag-mutable", "../apps/api.yaml", "spec.containers[0].image"],
      ["privileged-container", "../apps/web.yaml", "spec.containers[0].securityContext.privileged"],
    ]);
    expect(entries[1]?.resource).toEqual({ group: "", kind: "Pod", namespace: "shop", name: "web" });
    expect(lines[4]?.startsWith('    {"ruleId":"image-tag-mutable",')).toBe(true);
    // The same findings give the same bytes.
    await runShipshape(["baseline", ".", ...ONE, "-o", "ci/baseline.json"], { cwd });
    expect(readFileSync(path.join(cwd, "ci/baseline.json"), "utf8")).toBe(text);
  });

  it("writes the config's baseline file when no -o is given, else .shipshape-baseline.json", async () => {
    const withConfig = tempTree({ "a.yaml": pod("web", { privileged: true }), ".shipshape.yaml": "baseline: ci/known.json\n" });
    expect((await runShipshape(["baseline", ...ONE], { cwd: withConfig })).stdout).toBe(`wrote 1 finding to ${path.join("ci", "known.json")}\n`);
    const plain = tempTree({ "a.yaml": pod("web", { privileged: true }) });
    expect((await runShipshape(["baseline", ...ONE], { cwd: plain })).stdout).toBe("wrote 1 finding to .shipshape-baseline.json\n");
  });
});

describe("--baseline FILE", () => {
  it("reports known findings as suppressed (external, baseline), so only new ones fail", async () => {
    const cwd = tempTree({ "web.yaml": pod("web", { privileged: true }) });
    await runShipshape(["baseline", ".", ...ONE], { cwd });
    const known = await lintJson(cwd, ["--baseline", ".shipshape-baseline.json"]);
    expect(known.code).toBe(0);
    expect(open(known.out)).toEqual([]);
    expect(known.out.findings[0]?.suppressions).toEqual([
      { kind: "external", source: "baseline", justification: "known finding, recorded in the baseline .shipshape-baseline.json" },
    ]);

    writeFileSync(path.join(cwd, "api.yaml"), pod("api", { privileged: true }));
    const fresh = await lintJson(cwd, ["--baseline", ".shipshape-baseline.json"]);
    expect(fresh.code).toBe(1);
    expect(open(fresh.out)).toEqual(["privileged-container api.yaml:11"]);
    expect(baselined(fresh.out)).toEqual(["privileged-container web.yaml:11"]);
  });

  it("marks baselined results in SARIF with suppression kind external", async () => {
    const cwd = tempTree({ "web.yaml": pod("web", { privileged: true }) });
    await runShipshape(["baseline", ".", ...ONE], { cwd });
    const r = await runShipshape([".", ...ONE, "--baseline", ".shipshape-baseline.json", "--format", "sarif"], { cwd });
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; suppressions?: unknown[] }[] }[] };
    expect(sarif.runs[0]?.results.map((x) => [x.ruleId, x.suppressions])).toEqual([
      ["privileged-container", [{ kind: "external", justification: "known finding, recorded in the baseline .shipshape-baseline.json", status: "accepted", properties: { source: "baseline" } }]],
    ]);
  });

  it("survives unrelated edits, moved documents and renamed files of the same resource", async () => {
    const cwd = tempTree({ "apps/web.yaml": pod("web", { privileged: true }), "apps/other.yaml": pod("other") });
    await runShipshape(["baseline", ".", ...ONE], { cwd });
    // Unrelated edits above the finding move its line.
    writeFileSync(path.join(cwd, "apps/web.yaml"), `# owned by the web team\n# see the runbook\n${pod("web", { privileged: true })}`);
    expect(open((await lintJson(cwd, ["--baseline", ".shipshape-baseline.json"])).out)).toEqual([]);
    // The document moves into another file (second document), and the old file goes.
    writeFileSync(path.join(cwd, "apps/other.yaml"), `${pod("other")}---\n${pod("web", { privileged: true })}`);
    rmSync(path.join(cwd, "apps/web.yaml"));
    const moved = await lintJson(cwd, ["--baseline", ".shipshape-baseline.json"]);
    expect(open(moved.out)).toEqual([]);
    expect(baselined(moved.out)).toEqual(["privileged-container apps/other.yaml:23"]);
    // The file is renamed into another directory.
    mkdirSync(path.join(cwd, "base"));
    renameSync(path.join(cwd, "apps/other.yaml"), path.join(cwd, "base/pods.yaml"));
    const renamed = await lintJson(cwd, ["--baseline", ".shipshape-baseline.json"]);
    expect(renamed.code).toBe(0);
    expect(baselined(renamed.out)).toEqual(["privileged-container base/pods.yaml:23"]);
    expect(renamed.out.notifications.filter((n) => n.id === "baseline-fixed")).toEqual([]);
  });

  it("keeps the same resource in two directories apart, and reports an entry that no longer matches as fixed", async () => {
    const cwd = tempTree({ "clusters/dev/web.yaml": pod("web", { privileged: true }), "clusters/prod/web.yaml": pod("web", { privileged: true }) });
    await runShipshape(["baseline", ".", ...ONE], { cwd });
    // prod is fixed: dev stays known (its fingerprint lost the directory refinement, the entry still matches).
    writeFileSync(path.join(cwd, "clusters/prod/web.yaml"), pod("web"));
    const r = await lintJson(cwd, ["--baseline", ".shipshape-baseline.json"]);
    expect(r.code).toBe(0);
    expect(baselined(r.out)).toEqual(["privileged-container clusters/dev/web.yaml:11"]);
    expect(r.out.notifications.filter((n) => n.id === "baseline-fixed")).toEqual([
      {
        level: "note", file: ".shipshape-baseline.json", line: null, id: "baseline-fixed",
        message: '1 baselined finding is fixed: privileged-container in clusters/prod/web.yaml (Pod/shop/web spec.containers[0].securityContext.privileged). Run "shipshape baseline -o .shipshape-baseline.json" to drop it from the baseline',
      },
    ]);
    // Swapped (dev fixed, prod bad again): prod matches its own entry, dev's entry is the fixed one.
    writeFileSync(path.join(cwd, "clusters/prod/web.yaml"), pod("web", { privileged: true }));
    writeFileSync(path.join(cwd, "clusters/dev/web.yaml"), pod("web"));
    const swapped = await lintJson(cwd, ["--baseline", ".shipshape-baseline.json"]);
    expect(baselined(swapped.out)).toEqual(["privileged-container clusters/prod/web.yaml:11"]);
    expect(swapped.out.notifications.map((n) => n.message)).toEqual([expect.stringContaining("fixed: privileged-container in clusters/dev/web.yaml")]);
  });

  it("does not call entries fixed for rules that did not run or files that were not linted", async () => {
    const cwd = tempTree({ "a/web.yaml": pod("web", { privileged: true, image: "nginx" }), "b/api.yaml": pod("api", { privileged: true }) });
    await runShipshape(["baseline", ".", ...ONE], { cwd });
    const onlyA = await runShipshape(["a", "--only", "privileged-container", "--format", "json", "--baseline", ".shipshape-baseline.json"], { cwd });
    expect(onlyA.code).toBe(0);
    expect((JSON.parse(onlyA.stdout) as JsonOut).notifications).toEqual([]);
  });

  it("is read from the config's baseline key, relative to the config file", async () => {
    const cwd = tempTree({ "deploy/web.yaml": pod("web", { privileged: true }), "deploy/.shipshape.yaml": "baseline: known.json\n" });
    await runShipshape(["baseline", ".", ...ONE, "-o", "deploy/known.json"], { cwd });
    const r = await runShipshape(["deploy", ...ONE, "-c", "deploy/.shipshape.yaml"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 suppressed finding not shown");
  });

  it("is a configuration error (exit 2) when the file is missing or not a baseline", async () => {
    const cwd = tempTree({ "web.yaml": pod("web"), "bad.json": '{"findings": 1}' });
    const missing = await runShipshape([".", ...ONE, "--baseline", "nope.json"], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('shipshape: baseline file not found: nope.json (create it with "shipshape baseline -o nope.json")\n');
    const bad = await runShipshape([".", ...ONE, "--baseline", "bad.json"], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('shipshape: baseline bad.json: not a shipshape baseline (expected {"tool": "shipshape", "findings": [...]})\n');
  });
});
