/**
 * npx from a packed tarball: `npm pack`, install the tarball into an empty folder (from the npm
 * cache, offline) and run `npx shipshape` there, as a user would.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/fixtures.js";

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
  version: string; bin: Record<string, string>; scripts: Record<string, string>; files: string[];
};

// From the npm cache that `npm ci` filled; the registry only for what it lacks.
const npmEnv = { ...process.env, npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", npm_config_loglevel: "error" };

let project = "";
let tarballDir = "";
let packed: string[] = [];

beforeAll(() => {
  const out = (tarballDir = mkdtempSync(path.join(os.tmpdir(), "shipshape-pack-")));
  const info = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: REPO_ROOT, env: npmEnv, encoding: "utf8" })) as { filename: string; files: { path: string }[] }[];
  packed = info[0]!.files.map((f) => f.path);
  project = mkdtempSync(path.join(os.tmpdir(), "shipshape-npx-"));
  writeFileSync(path.join(project, "package.json"), '{ "name": "user-project", "private": true }\n');
  execFileSync("npm", ["install", "--no-save", path.join(out, info[0]!.filename)], { cwd: project, env: npmEnv, stdio: "pipe" });
  writeFileSync(path.join(project, "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27.3\n      securityContext:\n        privileged: true\n");
}, 120_000);

afterAll(() => {
  for (const dir of [project, tarballDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the npm package", () => {
  it("has one bundled bin and no install-time scripts", () => {
    expect(pkg.bin).toEqual({ shipshape: "dist/cli.cjs" });
    for (const s of ["preinstall", "install", "postinstall", "prepare", "prepack"]) expect(pkg.scripts[s], s).toBeUndefined();
    const head = readFileSync(path.join(REPO_ROOT, "dist/cli.cjs"), "utf8").split("\n").slice(0, 2);
    expect(head).toEqual(["#!/usr/bin/env node", 'if (Number(process.versions.node.split(".")[0]) < 20) {']);
  });

  it("ships the bundle, the data it reads, the programmatic API and the schema, but not the Action or the tests", () => {
    expect(packed).toContain("dist/cli.cjs");
    expect(packed).toContain("package.json");
    expect(packed).toContain("lib/src/engine/lint.js");
    expect(packed).toContain("schema/shipshape.schema.json");
    expect(packed.filter((f) => f.startsWith("data/")).length).toBe(packed.filter((f) => f.startsWith("data/") && f.endsWith(".json")).length);
    expect(packed).not.toContain("dist/action.cjs");
    expect(packed.some((f) => f.startsWith("test/") || f.startsWith("src/") || f.startsWith("fixtures/"))).toBe(false);
  });
});

describe("npx shipshape from the installed tarball", () => {
  it("prints its version and lints a file with the exit code of the CLI", () => {
    const version = spawnSync("npx", ["shipshape", "--version"], { cwd: project, env: npmEnv, encoding: "utf8" });
    expect(version.stdout).toBe(`${pkg.version}\n`);
    const lint = spawnSync("npx", ["shipshape", "pod.yaml", "--only", "privileged-container"], { cwd: project, env: { ...npmEnv, NO_COLOR: "1" }, encoding: "utf8" });
    expect(lint.status).toBe(1);
    expect(lint.stdout).toContain("pod.yaml:10:9  error  privileged-container");
  });

  it("refuses Node below 20 with a clear message before loading anything", () => {
    const fake = path.join(project, "node18.cjs");
    writeFileSync(fake, 'Object.defineProperty(process.versions, "node", { value: "18.19.0" });\n');
    const bin = path.join(project, "node_modules", "shipshape", "dist", "cli.cjs");
    const r = spawnSync(process.execPath, ["--require", fake, bin, "--version"], { cwd: project, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("shipshape needs Node.js 20 or newer; this is Node.js 18.19.0. Install a current LTS release from https://nodejs.org/\n");
  });
});
