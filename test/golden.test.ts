import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import { formatResult } from "../src/report/index.js";
import { REPO_ROOT } from "./helpers/fixtures.js";
import { findMultitool, multitoolProblems, sarifValidator } from "./helpers/sarif-validate.js";

const SMALL_TREE = path.join(REPO_ROOT, "fixtures", "golden", "small-tree");
const GOLDEN = path.join(REPO_ROOT, "fixtures", "golden", "small-tree.sarif");
const DEMO = path.join(REPO_ROOT, "fixtures", "demo-repo");

// SARIF URIs are relative to %SRCROOT%; pin it so the output does not depend on where the repo is cloned.
beforeAll(() => {
  process.env.GITHUB_WORKSPACE = REPO_ROOT;
});

async function sarifOf(cwd: string): Promise<string> {
  const result = await lint({ cwd, paths: ["."], config: false });
  return formatResult("sarif", result);
}

describe("golden SARIF", () => {
  it("pins the full SARIF of a small tree (UPDATE_GOLDEN=1 rewrites it)", async () => {
    const text = await sarifOf(SMALL_TREE);
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(GOLDEN)) writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, "utf8"));
    expect(text).not.toContain(REPO_ROOT);
    expect(text).not.toContain(`${os.homedir()}/`);
  });

  it("is byte-for-byte deterministic, in every format", async () => {
    const a = await lint({ cwd: DEMO, paths: ["."], config: false });
    const b = await lint({ cwd: DEMO, paths: ["."], config: false });
    for (const f of ["json", "sarif", "stylish", "github", "markdown"] as const) expect(formatResult(f, a), f).toBe(formatResult(f, b));
  });
});

describe("SARIF of the demo repo", () => {
  it("validates against the SARIF 2.1.0 schema with format checks", async () => {
    const validate = sarifValidator();
    const log = JSON.parse(await sarifOf(DEMO)) as { runs: { results: unknown[] }[] };
    validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(log.runs[0]?.results.length).toBeGreaterThan(10);
  });

  it("passes sarif-multitool validate --rule-kind Gh with no error", async (ctx) => {
    const multitool = findMultitool();
    if (!multitool) {
      if (process.env.CI === "true") throw new Error("sarif-multitool is not installed");
      ctx.skip();
      return;
    }
    const file = path.join(os.tmpdir(), `shipshape-demo-${process.pid}.sarif`);
    writeFileSync(file, await sarifOf(DEMO));
    const { console, status, problems } = multitoolProblems(multitool, [file, GOLDEN]);
    expect(status, console).toBe(0);
    expect(problems, console).toEqual([]);
  });
});
