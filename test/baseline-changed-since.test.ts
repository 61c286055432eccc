/** The report scope: `--changed-since REF` (git) and `--context PATH` (pre-commit). */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtInRules } from "../rules/index.js";
import { defineRule } from "../src/rule-api.js";
import { runShipshape, tempTree } from "./helpers/cli.js";
import { git, pod } from "./helpers/git.js";

const ONE = ["--only", "privileged-container"];

function repo(files: Record<string, string>): { cwd: string; base: string } {
  const cwd = tempTree(files);
  git(cwd, "init", "-q", "-b", "main");
  git(cwd, "add", "-A");
  git(cwd, "commit", "-qm", "base");
  return { cwd, base: git(cwd, "rev-parse", "HEAD") };
}

async function reported(cwd: string, args: string[], rules?: typeof builtInRules): Promise<{ code: number; found: string[]; stderr: string }> {
  const r = await runShipshape([...args, "--format", "json"], { cwd, ...(rules ? { rules } : {}) });
  const out = r.stdout ? (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; line: number; message: string }[] }) : { findings: [] };
  return { code: r.code, found: out.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`), stderr: r.stderr };
}

describe("--changed-since REF", () => {
  it("reports only findings in files changed since REF: committed, staged, unstaged and untracked", async () => {
    const { cwd, base } = repo({ "old.yaml": pod("old", true), "edited.yaml": pod("edited", false), "staged.yaml": pod("staged", false) });
    git(cwd, "checkout", "-qb", "feature");
    writeFileSync(path.join(cwd, "committed.yaml"), pod("committed", true));
    git(cwd, "add", "committed.yaml");
    git(cwd, "commit", "-qm", "feature");
    writeFileSync(path.join(cwd, "staged.yaml"), pod("staged", true));
    git(cwd, "add", "staged.yaml");
    writeFileSync(path.join(cwd, "edited.yaml"), pod("edited", true));
    writeFileSync(path.join(cwd, "untracked.yaml"), pod("untracked", true));

    const all = await reported(cwd, [".", ...ONE]);
    expect(all.found.map((f) => f.split(" ")[1])).toEqual(["committed.yaml:10", "edited.yaml:10", "old.yaml:10", "staged.yaml:10", "untracked.yaml:10"]);
    for (const ref of ["main", base]) {
      const changed = await reported(cwd, [".", ...ONE, "--changed-since", ref]);
      expect(changed.code).toBe(1);
      expect(changed.found.map((f) => f.split(" ")[1])).toEqual(["committed.yaml:10", "edited.yaml:10", "staged.yaml:10", "untracked.yaml:10"]);
    }
  });

  it("compares with the merge base, so commits on REF after the branch point do not count", async () => {
    const { cwd } = repo({ "a.yaml": pod("a", true) });
    git(cwd, "checkout", "-qb", "feature");
    writeFileSync(path.join(cwd, "mine.yaml"), pod("mine", true));
    git(cwd, "add", "-A");
    git(cwd, "commit", "-qm", "mine");
    // main moves on and edits a.yaml; the branch still has the old a.yaml, which it did not change.
    git(cwd, "checkout", "-q", "main");
    writeFileSync(path.join(cwd, "a.yaml"), `# reviewed\n${pod("a", true)}`);
    git(cwd, "commit", "-qam", "theirs");
    git(cwd, "checkout", "-q", "feature");
    const r = await reported(cwd, [".", ...ONE, "--changed-since", "main"]);
    expect(r.found.map((f) => f.split(" ")[1])).toEqual(["mine.yaml:10"]);
  });

  it("still loads the whole repo for cross-resource rules, and works from a subdirectory", async () => {
    const countPods = defineRule({
      meta: {
        id: "count-pods", title: "Counts pods", description: "Test rule: reports every pod with the number of pods it saw.",
        remediation: "None.", category: "workload", level: "error", tags: [], presets: ["recommended"], messages: { n: "{{n}} pods in view" }, since: "0.1.0",
      },
      appliesTo: "repo",
      check(index, ctx) {
        const pods = index.ofKind("Pod");
        for (const p of pods) ctx.report({ resource: p, path: ["metadata", "name"], messageId: "n", data: { n: pods.length } });
      },
    });
    const { cwd } = repo({ "apps/a.yaml": pod("a", false), "apps/b.yaml": pod("b", false) });
    writeFileSync(path.join(cwd, "apps/b.yaml"), `# edited\n${pod("b", false)}`);
    const r = await reported(path.join(cwd, "apps"), [".", "--only", "count-pods", "--changed-since", "HEAD"], [...builtInRules, countPods]);
    expect(r.found).toEqual(["count-pods b.yaml:5 2 pods in view"]);
  });

  it("is a usage error (exit 2) for an unknown ref or outside a git repository", async () => {
    const { cwd } = repo({ "a.yaml": pod("a", true) });
    const bad = await runShipshape([".", ...ONE, "--changed-since", "no-such-ref"], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('shipshape: --changed-since: "no-such-ref" is not a commit in this repository (fetch it first, e.g. with fetch-depth: 0)\n');
    const plain = tempTree({ "a.yaml": pod("a", true) });
    const outside = await runShipshape([".", ...ONE, "--changed-since", "HEAD"], { cwd: plain });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^shipshape: --changed-since: .* is not inside a git repository\n$/);
  });
});

describe("--context PATH", () => {
  const seen = defineRule({
    meta: {
      id: "pods-in-view", title: "Counts pods", description: "Test rule: reports every pod with the number of pods it saw.",
      remediation: "None.", category: "workload", level: "error", tags: [], presets: ["recommended"], messages: { n: "{{n}} pods in view" }, since: "0.1.0",
    },
    appliesTo: "repo",
    check(index, ctx) {
      const pods = index.ofKind("Pod");
      for (const p of pods) ctx.report({ resource: p, path: ["metadata", "name"], messageId: "n", data: { n: pods.length } });
    },
  });
  const rules = [...builtInRules, seen];

  it("loads the context for cross-resource rules and reports only findings in the given files", async () => {
    const cwd = tempTree({ "apps/a.yaml": pod("a", true), "apps/b.yaml": pod("b", true), "other/c.yaml": pod("c", true), ".shipshape.yaml": "exclude: [\"other/**\"]\n" });
    const r = await reported(cwd, ["--context", ".", "apps/a.yaml", "--only", "pods-in-view,privileged-container"], rules);
    expect(r.code).toBe(1);
    expect(r.found).toEqual([
      "pods-in-view apps/a.yaml:4 2 pods in view",
      'privileged-container apps/a.yaml:10 container "app" sets securityContext.privileged: true; only false or unset is allowed',
    ]);
    // Without --context only the passed file is loaded.
    expect((await reported(cwd, ["apps/a.yaml", "--only", "pods-in-view"], rules)).found).toEqual(["pods-in-view apps/a.yaml:4 1 pods in view"]);
  });

  it("respects the config's exclude for passed files (a hook passes every staged YAML file)", async () => {
    const cwd = tempTree({ "apps/a.yaml": pod("a", false), "other/c.yaml": pod("c", true), ".shipshape.yaml": "exclude: [\"other/**\"]\n" });
    const r = await reported(cwd, ["--context", ".", "other/c.yaml", "apps/a.yaml", ...ONE]);
    expect(r).toEqual({ code: 0, found: [], stderr: "" });
  });

  it("loads a passed file outside the context as well", async () => {
    const cwd = tempTree({ "apps/a.yaml": pod("a", false), "elsewhere/d.yaml": pod("d", true) });
    const r = await reported(cwd, ["--context", "apps", "elsewhere/d.yaml", "--only", "pods-in-view"], rules);
    expect(r.found).toEqual(["pods-in-view elsewhere/d.yaml:4 2 pods in view"]);
  });

  it("cannot be combined with stdin", async () => {
    const r = await runShipshape(["--context", ".", "-"], { cwd: tempTree({}), stdin: pod("x", true) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("shipshape: --context cannot be combined with reading from stdin (-)\n");
  });
});
