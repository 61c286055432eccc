/**
 * `--changed-since REF` and the Action's `only-changed`: which files git says changed since a
 * commit. Everything is read from the local repository; nothing is ever fetched.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { UsageError } from "./config-errors.js";

function git(cwd: string, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.error) return { ok: false, stdout: "", stderr: r.error.message };
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr };
}

/** Whether `ref` names a commit in the local repository at `cwd`. */
export function hasCommit(cwd: string, ref: string): boolean {
  return git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).ok;
}

/**
 * Absolute paths of the files that differ between the merge base of REF and HEAD and the working
 * tree (committed, staged and unstaged changes), plus untracked files that .gitignore does not hide.
 * Deleted files are left out: nothing in them can hold a finding.
 */
export function changedFilesSince(cwd: string, ref: string): string[] {
  const top = git(cwd, ["rev-parse", "--show-toplevel"]);
  if (!top.ok) throw new UsageError(`--changed-since: ${path.resolve(cwd)} is not inside a git repository`);
  const root = top.stdout.trim();
  if (!hasCommit(cwd, ref)) throw new UsageError(`--changed-since: "${ref}" is not a commit in this repository (fetch it first, e.g. with fetch-depth: 0)`);
  const base = git(cwd, ["merge-base", ref, "HEAD"]);
  const from = base.ok ? base.stdout.trim() : ref;
  const diff = git(cwd, ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", from, "--"]);
  if (!diff.ok) throw new UsageError(`--changed-since: git diff failed: ${diff.stderr.trim()}`);
  const untracked = git(cwd, ["ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", root]);
  const names = new Set([...diff.stdout.split("\0"), ...(untracked.ok ? untracked.stdout.split("\0") : [])].filter(Boolean));
  return [...names].sort().map((n) => path.join(root, n));
}

/** The commit a GitHub event compares against: a pull request's base, a merge group's base, a push's `before`. */
export function eventBaseSha(event: unknown): string | undefined {
  const rec = (v: unknown): Record<string, unknown> | undefined => (typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined);
  const e = rec(event);
  if (!e) return undefined;
  const pr = rec(e.pull_request);
  const prBase = rec(pr?.base)?.sha;
  if (typeof prBase === "string" && prBase) return prBase;
  const mg = rec(e.merge_group)?.base_sha;
  if (typeof mg === "string" && mg) return mg;
  const before = e.before;
  if (typeof before === "string" && before && !/^0+$/.test(before)) return before;
  return undefined;
}
