/** Shared by the `--context` rendering and render-cache tests: a scratch copy of fixtures/render-scope and a kustomize that logs its builds. */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { lint, type LintOptions } from "../../src/engine/lint.js";
import type { Finding, LintResult } from "../../src/engine/types.js";
import { loadFile } from "../../src/load/read.js";
import type { LoadedFile } from "../../src/load/read.js";
import { findKustomize } from "../../src/render/index.js";
import { builtInRules } from "../../rules/index.js";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const FIXTURE = path.join(ROOT, "fixtures", "render-scope");
const lookup = findKustomize({ baseDir: ROOT, repoRoot: ROOT });
export const HAVE_KUSTOMIZE = lookup.command !== undefined;

/** CI machines have kubectl with its built-in kustomize: there, a missing binary fails the suite instead of skipping it. */
export function requireKustomizeInCi(): void {
  if (HAVE_KUSTOMIZE || process.env.CI !== "true") return;
  describe("kustomize binary", () => {
    it("is on PATH in CI (kubectl or kustomize)", () => {
      throw new Error(`CI=true but no kustomize binary was found: ${lookup.command ? "" : lookup.reason}`);
    });
  });
}

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

/** A scratch directory removed after the file's tests. */
export function scratch(prefix: string): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  tmpDirs.push(dir);
  return dir;
}

/** A scratch repository (a directory with `.git`) holding a copy of a fixture tree (default: fixtures/render-scope). */
export function tmpRepo(tree = FIXTURE): string {
  const dir = scratch("shipshape-rscope-");
  mkdirSync(path.join(dir, ".git"));
  cpSync(tree, dir, { recursive: true });
  return dir;
}

/**
 * A `kustomize` outside the repository that logs the root each build renders (the path its wrapper lists),
 * then runs the real one. `calls()` gives the roots relative to `repo`, in call order.
 */
export function loggingKustomize(repo: string): { bin: string; calls(): string[] } {
  const real = lookup.command;
  if (!real) throw new Error("no kustomize");
  const dir = scratch("shipshape-fakebin-");
  const log = path.join(dir, "calls.log");
  const bin = path.join(dir, "kustomize");
  const runReal = [real.bin, ...real.args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  writeFileSync(bin, `#!/bin/sh\nsed -n 's/^  - //p' "$2/kustomization.yaml" >> '${log}'\nexec ${runReal} "$2"\n`);
  chmodSync(bin, 0o755);
  const base = path.basename(repo);
  return {
    bin,
    calls: () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : []).map((line) => {
      const rel = JSON.parse(line) as string;
      return rel.slice(rel.indexOf(`/${base}/`) + base.length + 2);
    }),
  };
}

const RULES = builtInRules.filter((r) => r.meta.id === "privileged-container" || r.meta.id === "kustomize-build-failed" || r.meta.id === "helm-render-failed");

export function lintRepo(cwd: string, extra: Partial<LintOptions> = {}): Promise<LintResult> {
  return lint({ cwd, paths: ["."], config: false, rules: RULES, gitignore: false, ...extra });
}

export const shown = (r: LintResult): string[] => r.findings.map((f: Finding) => `${f.ruleId} ${f.file}:${f.line}`);
export const notes = (r: LintResult): string[] => r.notifications.map((n) => `${n.id}: ${n.message}`);

/** The YAML files of a repository as the engine loads them (chart templates left out), for calling render() directly. */
export function loadRepo(repo: string): LoadedFile[] {
  const out: LoadedFile[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSorted(dir)) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== ".git" && e.name !== ".shipshape" && e.name !== "templates") walk(abs);
      } else if (/\.ya?ml$/.test(e.name)) {
        const o = loadFile(path.relative(repo, abs), abs);
        if (o.loaded) out.push(o.loaded);
      }
    }
  };
  walk(repo);
  return out;
}

function readdirSorted(dir: string) {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
}
