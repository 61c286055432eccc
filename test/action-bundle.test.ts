/**
 * The GitHub Action, run the way the runner runs it: `node dist/action.cjs` in the workspace, with
 * `INPUT_*` (the action.yml defaults filled in, as the runner does), `GITHUB_OUTPUT`,
 * `GITHUB_STEP_SUMMARY`, `GITHUB_WORKSPACE` and a pull_request event payload.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tempTree } from "./helpers/cli.js";
import { REPO_ROOT } from "./helpers/fixtures.js";
import { git, pod as shopPod } from "./helpers/git.js";

interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}
const actionYml = parse(readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8")) as ActionYml;

/** Only privileged-container runs: rules landing later do not change these tests' findings. */
const CONFIG = "extends: []\nrules:\n  privileged-container: error\n";

const pod = (name: string, privileged: boolean) => shopPod(name, privileged, "shop");

/** A workspace whose base commit has old.yaml (bad) and whose head adds `added`. */
function pullRequest(added: Record<string, string>): { cwd: string; base: string } {
  const cwd = tempTree({ ".shipshape.yaml": CONFIG, "old.yaml": pod("old", true), "fine.yaml": pod("fine", false) });
  git(cwd, "init", "-q", "-b", "main");
  git(cwd, "add", "-A");
  git(cwd, "commit", "-qm", "base");
  const base = git(cwd, "rev-parse", "HEAD");
  for (const [f, text] of Object.entries(added)) writeFileSync(path.join(cwd, f), text);
  git(cwd, "add", "-A");
  git(cwd, "commit", "-qm", "pr", "--allow-empty");
  return { cwd, base };
}

interface ActionRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  sarif: { runs: { automationDetails: { id: string }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; suppressions?: { kind: string }[] }[] }[] } | undefined;
}

function runAction(cwd: string, inputs: Record<string, string>, event: unknown = { pull_request: { number: 1 } }): ActionRun {
  const runner = mkdtempSync(path.join(os.tmpdir(), "shipshape-runner-"));
  const files = { output: path.join(runner, "output"), summary: path.join(runner, "summary"), event: path.join(runner, "event.json") };
  writeFileSync(files.output, "");
  writeFileSync(files.summary, "");
  writeFileSync(files.event, JSON.stringify(event));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME,
    GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: cwd, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event, GITHUB_EVENT_NAME: "pull_request",
  };
  // The runner sets every input, with action.yml's default where the workflow gives none.
  for (const [name, spec] of Object.entries(actionYml.inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? "";
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, actionYml.runs.main)], { cwd, env, encoding: "utf8" });
  const outputs = Object.fromEntries(readFileSync(files.output, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  const sarifFile = outputs["sarif-file"] ? path.resolve(cwd, outputs["sarif-file"]) : undefined;
  return {
    code: r.status, stdout: r.stdout + r.stderr, outputs, summary: readFileSync(files.summary, "utf8"),
    sarif: sarifFile ? JSON.parse(readFileSync(sarifFile, "utf8")) : undefined,
  };
}

const results = (run: ActionRun) => (run.sarif?.runs[0]?.results ?? []).map((r) => `${r.ruleId} ${r.locations[0]?.physicalLocation.artifactLocation.uri}${r.suppressions ? " suppressed" : ""}`);
const annotations = (run: ActionRun) => run.stdout.split("\n").filter((l) => l.startsWith("::"));

describe("dist/", () => {
  it("is exactly what scripts/build-dist.mjs builds from the sources (rebuild with npm run build:dist)", () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "shipshape-dist-"));
    execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "build-dist.mjs"), "--outdir", out], { cwd: REPO_ROOT });
    expect(readdirSync(path.join(REPO_ROOT, "dist")).sort()).toEqual(readdirSync(out).sort());
    for (const f of readdirSync(out)) {
      const fresh = readFileSync(path.join(out, f));
      const committed = readFileSync(path.join(REPO_ROOT, "dist", f));
      expect(committed.equals(fresh), `dist/${f} is stale: run npm run build:dist`).toBe(true);
    }
  });
});

describe("action.yml", () => {
  it("is a node24 JavaScript action on the committed bundle, with the documented inputs and outputs", () => {
    expect(actionYml.runs).toEqual({ using: "node24", main: "dist/action.cjs" });
    expect(Object.keys(actionYml.inputs)).toEqual(["paths", "config", "format", "sarif-file", "category", "fail-on", "baseline", "only-changed", "kube-version", "annotations", "summary", "render", "allow-plugins"]);
    expect(Object.keys(actionYml.outputs)).toEqual(["sarif-file", "findings", "new-findings", "exit-reason"]);
    expect(actionYml.inputs["sarif-file"]?.default).toBe("shipshape.sarif");
    for (const spec of [...Object.values(actionYml.inputs), ...Object.values(actionYml.outputs)]) expect(spec.description.length).toBeGreaterThan(10);
  });
});

describe("the Action", () => {
  it("writes SARIF, outputs, annotations and a job summary, and fails on findings", () => {
    const { cwd } = pullRequest({ "new.yaml": pod("new", true) });
    const run = runAction(cwd, { category: "shipshape/prod" });
    expect(run.code).toBe(1);
    expect(run.outputs).toEqual({ "sarif-file": "shipshape.sarif", findings: "2", "new-findings": "2", "exit-reason": "findings" });
    expect(results(run)).toEqual(["privileged-container new.yaml", "privileged-container old.yaml"]);
    expect(run.sarif?.runs[0]?.automationDetails.id).toBe("shipshape/prod/");
    expect(annotations(run)).toEqual([
      "::error file=new.yaml,line=11,col=9,endLine=11,endColumn=25,title=privileged-container%3A Privileged containers are disallowed::container \"app\" sets securityContext.privileged: true; only false or unset is allowed",
      "::error file=old.yaml,line=11,col=9,endLine=11,endColumn=25,title=privileged-container%3A Privileged containers are disallowed::container \"app\" sets securityContext.privileged: true; only false or unset is allowed",
    ].map((l) => expect.stringMatching(new RegExp(`^${l.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("Privileged containers are disallowed", "[^:]+")}$`))));
    expect(run.stdout).toContain("new.yaml:11:9  error  privileged-container");
    expect(run.summary).toMatch(/^## shipshape\n\n❌ \*\*2 problems\*\* \(2 errors, 0 warnings, 0 notes\)/);
    expect(run.summary).toContain("| `new.yaml:11:9` |");
  });

  it("passes when clean, and can leave out annotations and the summary", () => {
    const { cwd } = pullRequest({ "new.yaml": pod("new", false) });
    writeFileSync(path.join(cwd, "old.yaml"), pod("old", false));
    const run = runAction(cwd, { annotations: "false", summary: "false", "sarif-file": "reports/out.sarif" });
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ "sarif-file": "reports/out.sarif", findings: "0", "new-findings": "0", "exit-reason": "clean" });
    expect(results(run)).toEqual([]);
    expect(annotations(run)).toEqual([]);
    expect(run.summary).toBe("");
  });

  it("only-changed gates, annotates and summarises the pull request's files, but the SARIF keeps every finding", () => {
    const { cwd, base } = pullRequest({ "new.yaml": pod("new", true) });
    const run = runAction(cwd, { "only-changed": "true" }, { pull_request: { number: 7, base: { sha: base } } });
    expect(run.code).toBe(1);
    expect(run.outputs).toEqual({ "sarif-file": "shipshape.sarif", findings: "1", "new-findings": "1", "exit-reason": "findings" });
    expect(results(run)).toEqual(["privileged-container new.yaml", "privileged-container old.yaml"]);
    expect(annotations(run).map((a) => a.match(/file=([^,]+)/)?.[1])).toEqual(["new.yaml"]);
    expect(run.summary).toContain(`_Gated on the 1 file changed since \`${base.slice(0, 12)}\`; the SARIF report holds all 2 findings._`);
    expect(run.summary).toContain("**1 problem** (1 error");

    // Only the old, unchanged file is bad: the pull request passes.
    const clean = pullRequest({ "new.yaml": pod("new", false) });
    const ok = runAction(clean.cwd, { "only-changed": "true" }, { pull_request: { base: { sha: clean.base } } });
    expect(ok.code).toBe(0);
    expect(ok.outputs["exit-reason"]).toBe("clean");
    expect(results(ok)).toEqual(["privileged-container old.yaml"]);
  });

  it("only-changed warns and gates on every finding when the base commit is missing (it never fetches)", () => {
    const { cwd } = pullRequest({ "new.yaml": pod("new", false) });
    const run = runAction(cwd, { "only-changed": "true" }, { pull_request: { base: { sha: "0123456789abcdef0123456789abcdef01234567" } } });
    expect(annotations(run)[0]).toBe("::warning title=shipshape::only-changed: the base commit 0123456789ab is not in the checkout (check out with fetch-depth: 0), so every finding is gated");
    expect(run.outputs["exit-reason"]).toBe("findings");
    const noBase = runAction(cwd, { "only-changed": "true" }, { ref: "refs/heads/main" });
    expect(annotations(noBase)[0]).toBe("::warning title=shipshape::only-changed: the pull_request event names no base commit, so every finding is gated");
  });

  it("with a baseline, fails only on new findings and lists fixed ones in the summary", () => {
    const { cwd } = pullRequest({ "new.yaml": pod("new", false) });
    // The baseline knows old.yaml and a finding since fixed in fine.yaml.
    const entry = (file: string, name: string) => ({
      ruleId: "privileged-container", fingerprint: "0".repeat(32), file,
      resource: { group: "", kind: "Pod", namespace: "shop", name }, path: "spec.containers[0].securityContext.privileged", message: "x",
    });
    writeFileSync(path.join(cwd, "known.json"), JSON.stringify({ tool: "shipshape", version: 1, findings: [entry("old.yaml", "old"), entry("fine.yaml", "fine")] }));
    const known = runAction(cwd, { baseline: "known.json" });
    expect(known.code).toBe(0);
    expect(known.outputs).toEqual({ "sarif-file": "shipshape.sarif", findings: "1", "new-findings": "0", "exit-reason": "clean" });
    expect(results(known)).toEqual(["privileged-container old.yaml suppressed"]);
    expect(known.summary).toContain("### Baseline\n\n`known.json`: 1 known finding suppressed, 0 new, 1 fixed.");
    expect(known.summary).toContain("- `privileged-container` in `fine.yaml` (Pod/shop/fine `spec.containers[0].securityContext.privileged`)");

    writeFileSync(path.join(cwd, "new.yaml"), pod("new", true));
    const fresh = runAction(cwd, { baseline: "known.json" });
    expect(fresh.code).toBe(1);
    expect(fresh.outputs).toEqual({ "sarif-file": "shipshape.sarif", findings: "2", "new-findings": "1", "exit-reason": "findings" });
    expect(annotations(fresh).filter((a) => a.startsWith("::error")).map((a) => a.match(/file=([^,]+)/)?.[1])).toEqual(["new.yaml"]);
    expect(annotations(fresh).filter((a) => a.startsWith("::notice"))).toEqual([expect.stringMatching(/^::notice file=known\.json,title=shipshape%3A baseline-fixed::1 baselined finding is fixed: privileged-container in fine\.yaml/)]);
  });

  it("keeps annotations within GitHub's 10 per level, most severe first", () => {
    const added: Record<string, string> = {};
    for (let i = 0; i < 12; i++) added[`p${String(i).padStart(2, "0")}.yaml`] = pod(`p${i}`, true);
    const { cwd } = pullRequest(added);
    const run = runAction(cwd, {});
    const lines = annotations(run);
    expect(lines.filter((l) => l.startsWith("::error")).length).toBe(10);
    expect(lines.filter((l) => l.startsWith("::notice")).map((l) => l.replace(/::notice title=shipshape::/, ""))).toEqual([
      "13 problems (13 errors, 0 warnings, 0 notes); 3 annotations not shown (GitHub shows at most 10 per level in a step). The job summary or the SARIF report lists them all.",
    ]);
  });

  it("fails with exit-reason error on a bad input or configuration", () => {
    const { cwd } = pullRequest({});
    const bad = runAction(cwd, { "fail-on": "sometimes" });
    expect(bad.code).toBe(1);
    expect(bad.outputs["exit-reason"]).toBe("error");
    expect(annotations(bad)).toEqual(['::error title=shipshape::input "fail-on" must be one of error, warning, note, none']);
    writeFileSync(path.join(cwd, ".shipshape.yaml"), "rulez: {}\n");
    const config = runAction(cwd, {});
    expect(config.outputs["exit-reason"]).toBe("error");
    expect(annotations(config)[0]).toMatch(/^::error title=shipshape::\.shipshape\.yaml:1: unknown key "rulez"/);
  });
});
