import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtInRules } from "../rules/index.js";
import { defineRule } from "../src/rule-api.js";
import { runShipshape, tempTree } from "./helpers/cli.js";
import { REPO_ROOT } from "./helpers/fixtures.js";

const UNPINNED = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx
`;

const BROKEN = "apiVersion: v1\nkind: Pod\nmetadata: [\n";

/** Tests of the CLI itself use one rule, so rules landing later do not change their findings. */
const ONE = ["--only", "read-only-root-filesystem,yaml-syntax"];

const CLEAN = UNPINNED.replace("image: nginx", "image: nginx:1.27.3\n      securityContext:\n        readOnlyRootFilesystem: true");

const json = (s: string) => JSON.parse(s) as { findings: { ruleId: string; file: string; line: number; level: string }[]; errors: unknown[]; stats: { files: number } };

describe("exit codes", () => {
  it("is 0 when clean", async () => {
    const cwd = tempTree({ "ok.yaml": CLEAN });
    const r = await runShipshape([".", ...ONE], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No problems");
  });

  it("is 1 for an error finding, 0 for a warning under the default --fail-on", async () => {
    expect((await runShipshape([".", ...ONE], { cwd: tempTree({ "b.yaml": BROKEN }) })).code).toBe(1);
    expect((await runShipshape([".", ...ONE], { cwd: tempTree({ "w.yaml": UNPINNED }) })).code).toBe(0);
  });

  it("follows --fail-on and --max-warnings", async () => {
    const cwd = tempTree({ "w.yaml": UNPINNED });
    expect((await runShipshape([".", ...ONE, "--fail-on", "warning"], { cwd })).code).toBe(1);
    expect((await runShipshape([".", ...ONE, "--fail-on", "none"], { cwd: tempTree({ "b.yaml": BROKEN }) })).code).toBe(0);
    expect((await runShipshape([".", ...ONE, "--max-warnings", "0"], { cwd })).code).toBe(1);
    expect((await runShipshape([".", ...ONE, "--max-warnings", "1"], { cwd })).code).toBe(0);
  });

  it("takes failOn from the config", async () => {
    const cwd = tempTree({ "w.yaml": UNPINNED, ".shipshape.yaml": "failOn: warning\n" });
    expect((await runShipshape([".", ...ONE], { cwd })).code).toBe(1);
  });

  it("is 2 for a bad flag, a missing path or a bad config, with one clear line", async () => {
    const cwd = tempTree({ "w.yaml": UNPINNED });
    const bad = await runShipshape(["--no-such-flag"], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--no-such-flag'/);
    const missing = await runShipshape(["nope/"], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("shipshape: path not found: nope/\n");
    const cfg = await runShipshape(["."], { cwd: tempTree({ "w.yaml": UNPINNED, ".shipshape.yaml": "rules:\n  image-tag-mutabel: off\n" }) });
    expect(cfg.code).toBe(2);
    expect(cfg.stderr).toBe('shipshape: .shipshape.yaml:2: unknown rule "image-tag-mutabel" (did you mean "image-tag-mutable"?)\n');
  });

  it("is 2 when a rule throws, and the report is still written", async () => {
    const boom = defineRule({
      meta: {
        id: "boom", title: "A rule that always throws", description: "Used to prove that one broken rule does not stop the run.",
        remediation: "None.", category: "workload", level: "error", tags: [], presets: ["recommended"], messages: { x: "x" }, since: "0.1.0",
      },
      appliesTo: "podSpecs",
      check() {
        throw new Error("kaboom");
      },
    });
    const cwd = tempTree({ "w.yaml": UNPINNED });
    const r = await runShipshape([".", "--only", "image-tag-mutable,boom", "--format", "json", "-o", "out.json"], { cwd, rules: [...builtInRules, boom] });
    expect(r.code).toBe(2);
    const report = json(readFileSync(path.join(cwd, "out.json"), "utf8"));
    expect(report.errors).toEqual([{ file: "w.yaml", message: "rule boom failed on Pod/web: kaboom", ruleId: "boom" }]);
    expect(report.findings.map((f) => f.ruleId)).toEqual(["image-tag-mutable"]);
  });
});

describe("rule selection", () => {
  const cwd = tempTree({
    "p.yaml": `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: true
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: true
`,
  });
  const ids = async (argv: string[]) => json((await runShipshape([".", "--format", "json", ...argv], { cwd })).stdout).findings.map((f) => f.ruleId);

  it("--only takes ids", async () => {
    expect(await ids(["--only", "image-tag-mutable"])).toEqual(["image-tag-mutable"]);
    expect(await ids(["--only", "image-tag-mutable,privileged-container"])).toEqual(["image-tag-mutable", "privileged-container"]);
  });

  it("--only takes tags and presets", async () => {
    const byTag = await ids(["--only", "pss-baseline"]);
    expect(byTag).toContain("privileged-container");
    expect(byTag).toContain("host-namespaces");
    expect(byTag).not.toContain("image-tag-mutable");
    expect(await ids(["--only", "recommended"])).toContain("image-tag-mutable");
  });

  it("--disable applies after --only", async () => {
    expect(await ids(["--only", "pss-baseline", "--disable", "host-namespaces"])).not.toContain("host-namespaces");
  });

  it("an unknown id in --only is a usage error", async () => {
    const r = await runShipshape([".", "--only", "privileged-containr"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown rule, tag or preset "privileged-containr" (did you mean "privileged-container"?)');
  });
});

describe("outputs", () => {
  it("writes several --format/-o pairs in one run", async () => {
    const cwd = tempTree({ "w.yaml": UNPINNED });
    const r = await runShipshape([".", ...ONE, "--format", "json", "-o", "r.json", "--format", "sarif", "-o", "out/r.sarif", "--format", "stylish"], { cwd });
    expect(r.code).toBe(0);
    expect(json(readFileSync(path.join(cwd, "r.json"), "utf8")).findings).toHaveLength(1);
    const sarif = JSON.parse(readFileSync(path.join(cwd, "out/r.sarif"), "utf8")) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results).toHaveLength(1);
    expect(r.stdout).toContain("w.yaml");
    expect(r.stdout).toContain("read-only-root-filesystem");
  });

  it("reads stdin with --stdin-filename", async () => {
    const cwd = tempTree({});
    const r = await runShipshape(["-", ...ONE, "--stdin-filename", "apps/web.yaml", "--format", "json"], { cwd, stdin: UNPINNED });
    const f = json(r.stdout).findings;
    expect(f.map((x) => `${x.ruleId} ${x.file}:${x.line}`)).toEqual(["read-only-root-filesystem apps/web.yaml:7"]);
    const plain = await runShipshape(["-", ...ONE, "--format", "json"], { cwd, stdin: UNPINNED });
    expect(json(plain.stdout).findings[0]?.file).toBe("<stdin>");
  });
});

describe("--kube-version", () => {
  const cwd = tempTree({ "w.yaml": UNPINNED });
  it.each(["1.30", "v1.30", "1.30.2", "v1.30.2-eks-1234", "1.30.0+k3s1"])("accepts %s", async (v) => {
    expect((await runShipshape([".", ...ONE, "--kube-version", v], { cwd })).code).toBe(0);
  });
  it.each(["1", "2.0", "1.30.x", "latest", "v1.030"])("rejects %s", async (v) => {
    const r = await runShipshape([".", "--kube-version", v], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not a Kubernetes version");
  });
  it("rejects an unquoted kubeVersion in the config and says to quote it", async () => {
    const r = await runShipshape(["."], { cwd: tempTree({ "w.yaml": UNPINNED, ".shipshape.yaml": "kubeVersion: 1.30\n" }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('shipshape: .shipshape.yaml:1: kubeVersion must be a string: quote it (kubeVersion: "1.30"), since YAML reads 1.3 as a number\n');
  });
});

describe("other commands", () => {
  it("rules --format json lists every rule with the contract's keys", async () => {
    const r = await runShipshape(["rules", "--format", "json"], { cwd: REPO_ROOT });
    const rules = (JSON.parse(r.stdout) as { rules: Record<string, unknown>[] }).rules;
    expect(rules.map((x) => x.id)).toEqual(builtInRules.map((x) => x.meta.id));
    expect(Object.keys(rules[0] ?? {})).toEqual(["id", "title", "level", "securitySeverity", "tags", "presets", "category", "helpUri", "options"]);
  });

  it("explain prints the rule's description", async () => {
    const r = await runShipshape(["explain", "image-tag-mutable"], { cwd: REPO_ROOT });
    expect(r.stdout).toContain("image-tag-mutable: Images should be pinned");
    expect((await runShipshape(["explain", "nope"], { cwd: REPO_ROOT })).code).toBe(2);
  });

  it("init writes a starter config that loads", async () => {
    const cwd = tempTree({ "w.yaml": UNPINNED });
    expect((await runShipshape(["init"], { cwd })).code).toBe(0);
    expect((await runShipshape(["init"], { cwd })).code).toBe(2);
    expect((await runShipshape([".", ...ONE], { cwd })).code).toBe(0);
  });

  it("a subcommand name wins over a path; ./rules lints the folder", async () => {
    const cwd = tempTree({ "rules/w.yaml": UNPINNED });
    expect((await runShipshape(["rules"], { cwd })).stdout).toContain("image-tag-mutable");
    const lintIt = await runShipshape(["./rules", "--format", "json"], { cwd });
    expect(json(lintIt.stdout).findings[0]?.file).toBe("rules/w.yaml");
  });

  it("--help and --version", async () => {
    expect((await runShipshape(["--help"], { cwd: REPO_ROOT })).stdout).toContain("Usage: shipshape");
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    expect((await runShipshape(["--version"], { cwd: REPO_ROOT })).stdout).toBe(`${pkg.version}\n`);
  });
});

describe("the installed binary", () => {
  it("runs from bin/ against the compiled lib/ (npm test builds it first)", () => {
    const cwd = tempTree({ "w.yaml": UNPINNED });
    const bin = path.join(REPO_ROOT, "bin", "shipshape.js");
    const out = execFileSync(process.execPath, [bin, ".", ...ONE, "--format", "json"], { cwd, encoding: "utf8" });
    expect(json(out).findings.map((f) => f.ruleId)).toEqual(["read-only-root-filesystem"]);
    const piped = spawnSync(process.execPath, [bin, "-", ...ONE, "--fail-on", "warning"], { cwd, input: UNPINNED, encoding: "utf8" });
    expect(piped.status).toBe(1);
    expect(piped.stdout).toContain("<stdin>");
  });
});
