/**
 * The pre-commit hooks, installed for real by `pre-commit try-repo` (Debian's pre-commit; CI
 * installs it) from a commit of this checkout's working tree. pre-commit installs a `language: node`
 * hook with `npm install`, `npm pack` and `npm install -g`; with prefer-offline those come from the
 * npm cache that `npm ci` filled, without the network. The hook runs the committed bundle, so no
 * build step runs (the package has no prepare script, whose output would break pre-commit's reading
 * of `npm pack`).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tempTree } from "./helpers/cli.js";
import { REPO_ROOT } from "./helpers/fixtures.js";
import { git, pod } from "./helpers/git.js";

/** A git repo holding one commit of this checkout as it is on disk (tracked and new files, minus what .gitignore hides). */
function snapshotOfCheckout(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "shipshape-hook-repo-"));
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: REPO_ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const f of files) {
    try {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      cpSync(path.join(REPO_ROOT, f), path.join(dir, f));
    } catch {
      // a file deleted in the working tree but still in the index
    }
  }
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "snapshot");
  return dir;
}

/** try-repo unpacks the hook's npm dependencies (about 200 MB) into a temporary directory: use RAM where there is some. */
function scratch(): string {
  try {
    return mkdtempSync(path.join("/dev/shm", "shipshape-pre-commit-"));
  } catch {
    return os.tmpdir();
  }
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  TMPDIR: scratch(),
  PRE_COMMIT_COLOR: "never",
  NO_COLOR: "1",
  // From the npm cache that `npm ci` filled; the registry only for what it lacks (a dependency added since).
  npm_config_prefer_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

let hookRepo = "";
let project = "";

/** `pre-commit try-repo HOOK_REPO [HOOK] …` in the user's project. */
function tryRepo(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync("pre-commit", ["try-repo", hookRepo, ...args, "--color", "never"], { cwd: project, env, encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  const found = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
  if (found.status !== 0) throw new Error("pre-commit is not installed (Debian: apt-get install pre-commit; .ci/run installs it)");
  hookRepo = snapshotOfCheckout();
  project = tempTree({
    ".shipshape.yaml": "extends: []\nrules:\n  privileged-container: error\n",
    "apps/web.yaml": pod("web", true),
    "apps/api.yaml": pod("api", false),
    "legacy/old.yaml": pod("old", true),
    "notes.yaml": "title: not a manifest\n",
  });
  git(project, "init", "-q");
  git(project, "add", "-A");
  git(project, "commit", "-qm", "start");
});

afterAll(() => {
  if (env.TMPDIR?.startsWith("/dev/shm/")) rmSync(env.TMPDIR, { recursive: true, force: true });
  for (const dir of [hookRepo, project]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(".pre-commit-hooks.yaml", () => {
  it("declares the two hooks on the system Node", () => {
    const hooks = parse(readFileSync(path.join(REPO_ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Record<string, unknown>[];
    expect(hooks.map((h) => [h.id, h.entry, h.language, h.language_version, h.require_serial, h.pass_filenames ?? true])).toEqual([
      ["shipshape", "shipshape --context .", "node", "system", true, true],
      ["shipshape-repo", "shipshape", "node", "system", true, false],
    ]);
    expect(hooks[0]?.types_or).toEqual(["yaml", "json"]);
  });
});

describe("pre-commit try-repo", () => {
  // Each try-repo installs the hooks afresh into a temporary store (about 10-40 s, mostly npm
  // unpacking the dev dependencies), so the test makes two calls: every hook on the bad tree, then
  // the file hook once the file is fixed.
  it("fails on the bad file it is given (the rest of the repo is context only); the repo hook lints everything", () => {
    const r = tryRepo("--files", "apps/web.yaml", "apps/api.yaml", "notes.yaml");
    expect(r.status, r.output).toBe(1);
    const [fileHook, repoHook] = r.output.split(/^shipshape \(whole repository\)\.+/m);
    expect(fileHook).toMatch(/^shipshape\.+Failed$/m);
    expect(fileHook).toContain("apps/web.yaml:10:9  error  privileged-container");
    expect(fileHook).not.toContain("legacy/old.yaml");
    expect(repoHook).toMatch(/^Failed$/m);
    expect(repoHook).toContain("apps/web.yaml:10:9  error  privileged-container");
    expect(repoHook).toContain("legacy/old.yaml:10:9  error  privileged-container");
  }, 240_000);

  it("passes once the file is fixed", () => {
    writeFileSync(path.join(project, "apps/web.yaml"), pod("web", false));
    const r = tryRepo("shipshape", "--files", "apps/web.yaml", "apps/api.yaml");
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/^shipshape\.+Passed$/m);
  }, 240_000);
});
