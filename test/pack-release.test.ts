/** Releases: every version pin agrees, the bump script moves them all, every rule says when it arrived; the README's snippets fit the Action and the hooks. */
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { builtInRules } from "../rules/index.js";
import { bumpVersion, pinnedVersions } from "../scripts/bump-version.mjs";
import { REPO_ROOT } from "./helpers/fixtures.js";

const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

function releaseFiles(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "shipshape-release-"));
  for (const f of ["package.json", "package-lock.json", "action.yml", "README.md", "CHANGELOG.md"]) cpSync(path.join(REPO_ROOT, f), path.join(dir, f));
  return dir;
}

const snippet = (heading: string, lang: string) => new RegExp(`## ${heading}\\n[\\s\\S]*?\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1] ?? "";

describe("versions", () => {
  it("are the same in package.json, the lockfile, action.yml and the README's snippets", () => {
    const pins = pinnedVersions(REPO_ROOT);
    expect(pins.length).toBeGreaterThanOrEqual(7);
    for (const p of pins) expect(p.version, p.place).toBe(version);
  });

  it("move together with the bump script, which dates the Unreleased changelog section", () => {
    const dir = releaseFiles();
    const before = readFileSync(path.join(dir, "package.json"), "utf8");
    expect(bumpVersion(dir, "9.8.7", "2030-01-02")).toEqual({ from: version, to: "9.8.7" });
    expect(pinnedVersions(dir).map((p) => p.version)).toEqual(pinnedVersions(REPO_ROOT).map(() => "9.8.7"));
    expect(readFileSync(path.join(dir, "package.json"), "utf8")).toBe(before.replace(`"version": "${version}"`, '"version": "9.8.7"'));
    expect(readFileSync(path.join(dir, "CHANGELOG.md"), "utf8")).toContain("\n## Unreleased\n\n## 9.8.7 — 2030-01-02\n");
    expect(() => bumpVersion(dir, "9.8.7")).toThrow("9.8.7 is not newer than the current version 9.8.7");
    expect(() => bumpVersion(dir, "v10")).toThrow('"v10" is not a version (X.Y.Z)');
  });

  it("every rule says when it arrived, no later than this version", () => {
    const [maj, min, pat] = (SEMVER.exec(version) ?? []).slice(1).map(Number) as [number, number, number];
    for (const r of builtInRules) {
      const m = SEMVER.exec(r.meta.since);
      expect(m, `${r.meta.id} since "${r.meta.since}"`).not.toBeNull();
      const [a, b, c] = (m ?? []).slice(1).map(Number) as [number, number, number];
      expect(a * 1e6 + b * 1e3 + c, `${r.meta.id} since ${r.meta.since}`).toBeLessThanOrEqual(maj * 1e6 + min * 1e3 + pat);
    }
  });
});

describe("the README's snippets", () => {
  it("the workflow uses only the Action's inputs and outputs, uploads with if: always() and the same category, and has the permissions it needs", () => {
    const action = parse(readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8")) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    const wf = parse(snippet("GitHub Action", "yaml")) as { permissions: Record<string, string>; jobs: Record<string, { steps: { uses: string; id?: string; if?: string; with?: Record<string, unknown> }[] }> };
    expect(wf.permissions).toEqual({ contents: "read", "security-events": "write" });
    const steps = Object.values(wf.jobs)[0]?.steps ?? [];
    expect(steps.map((s) => s.uses.replace(/@.*/, ""))).toEqual(["actions/checkout", "shipshape-dev/shipshape", "github/codeql-action/upload-sarif"]);
    expect(steps[0]?.with).toEqual({ "fetch-depth": 0 });
    const shipshape = steps[1]!;
    for (const k of Object.keys(shipshape.with ?? {})) expect(Object.keys(action.inputs)).toContain(k);
    const upload = steps[2]!;
    expect(upload.if).toMatch(/^always\(\)/);
    expect(upload.with?.category).toBe(shipshape.with?.category);
    const outputRefs = [...snippet("GitHub Action", "yaml").matchAll(/steps\.shipshape\.outputs\.([\w-]+)/g)].map((m) => m[1]);
    for (const o of outputRefs) expect(Object.keys(action.outputs)).toContain(o);
  });

  it("the pre-commit config names hooks that .pre-commit-hooks.yaml defines", () => {
    const hooks = (parse(readFileSync(path.join(REPO_ROOT, ".pre-commit-hooks.yaml"), "utf8")) as { id: string }[]).map((h) => h.id);
    const config = parse(snippet("pre-commit", "yaml")) as { repos: { hooks: { id: string }[] }[] };
    expect(config.repos[0]?.hooks.map((h) => h.id)).toEqual(["shipshape"]);
    for (const h of config.repos[0]?.hooks ?? []) expect(hooks).toContain(h.id);
  });
});
