import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../src/cli/main.js";
import { createProgress } from "../src/cli/progress.js";
import type { LintProgress } from "../src/engine/lint.js";
import { tempTree } from "./helpers/cli.js";

const POD = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27.3\n`;

/** A fake terminal: what was written to it, and a clock the test moves. */
function fakeTty(opts: { env?: NodeJS.ProcessEnv; formats?: string[]; isTTY?: boolean; columns?: number } = {}) {
  let t = 0;
  let written = "";
  const progress = createProgress({
    write: (s) => (written += s), isTTY: opts.isTTY ?? true, env: opts.env ?? {}, formats: opts.formats ?? ["stylish"],
    now: () => t, ...(opts.columns ? { columns: opts.columns } : {}),
  });
  return {
    progress,
    at(ms: number, p: LintProgress) {
      t = ms;
      progress.update(p);
    },
    get written() {
      return written;
    },
  };
}

const read = (done: number, total = 10000): LintProgress => ({ stage: "read", done, total });

describe("progress indicator", () => {
  it("stays silent during the first two seconds, then shows files done / total and the stage", () => {
    const tty = fakeTty();
    tty.at(0, { stage: "discover", done: 0, total: 0 });
    tty.at(1999, read(5000));
    expect(tty.written).toBe("");
    tty.at(2000, read(6000));
    expect(tty.written).toBe("\rshipshape: reading files 6000/10000\x1b[K");
  });

  it("redraws at most every 100 ms within a stage, at once on a new stage, and erases itself at the end", () => {
    const tty = fakeTty();
    tty.at(2500, read(1));
    tty.at(2550, read(2));
    tty.at(2600, read(3));
    tty.at(2610, { stage: "rules", done: 0, total: 120 });
    tty.at(2620, { stage: "report", done: 0, total: 0 });
    tty.progress.done();
    expect(tty.written.split("\r").slice(1)).toEqual([
      "shipshape: reading files 1/10000\x1b[K",
      "shipshape: reading files 3/10000\x1b[K",
      "shipshape: running rules 0/120\x1b[K",
      "shipshape: writing the report\x1b[K",
      "\x1b[K",
    ]);
  });

  it("cuts the line to the terminal width", () => {
    const tty = fakeTty({ columns: 20 });
    tty.at(3000, read(123456, 999999));
    expect(tty.written).toBe("\rshipshape: reading \x1b[K");
  });

  it("erases nothing when it never drew", () => {
    const tty = fakeTty();
    tty.at(10, read(1));
    tty.progress.done();
    expect(tty.written).toBe("");
  });

  it.each([
    ["stderr is not a terminal", { isTTY: false }],
    ["CI is set", { env: { CI: "true" } }],
    ["CI is set to 1", { env: { CI: "1" } }],
    ["a JSON report is written", { formats: ["stylish", "json"] }],
    ["a SARIF report is written", { formats: ["sarif"] }],
    ["GitHub annotations are written", { formats: ["github"] }],
  ])("never shows when %s", (_, opts) => {
    const tty = fakeTty(opts);
    tty.at(5000, read(1));
    tty.at(6000, { stage: "rules", done: 1, total: 2 });
    tty.progress.done();
    expect(tty.written).toBe("");
  });

  it("shows when CI is set to false", () => {
    const tty = fakeTty({ env: { CI: "false" } });
    tty.at(5000, read(1));
    expect(tty.written).toBe("\rshipshape: reading files 1/10000\x1b[K");
  });
});

describe("progress indicator in the CLI (fake TTY on stderr)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function run(argv: string[], env: NodeJS.ProcessEnv, stderrIsTTY: boolean) {
    const cwd = tempTree({ "a.yaml": POD("a"), "b.yaml": POD("b"), "c.yaml": POD("c") });
    let stdout = "";
    let stderr = "";
    const code = await runCli([".", "--only", "privileged-container", ...argv], {
      cwd, env, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s),
      readStdin: async () => new Uint8Array(), stdoutIsTTY: false, stderrIsTTY, stderrColumns: 120,
    });
    return { code, stdout, stderr };
  }

  /** Every read of the clock moves it on by a second: the run looks long. */
  const slowClock = () => {
    let t = 0;
    vi.spyOn(performance, "now").mockImplementation(() => (t += 1000));
  };

  it("draws files done / total and the stages of a long run on stderr, erased before the report", async () => {
    slowClock();
    const r = await run([], {}, true);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No problems");
    const lines = r.stderr.split("\r").slice(1);
    expect(lines.filter((l) => l.startsWith("shipshape: reading files"))).toEqual([
      "shipshape: reading files 1/3\x1b[K", "shipshape: reading files 2/3\x1b[K", "shipshape: reading files 3/3\x1b[K",
    ]);
    expect(lines).toContain("shipshape: rendering Kustomize and Helm sources\x1b[K");
    expect(lines.some((l) => /^shipshape: running rules \d+\/\d+$/.test(l.replace("\x1b[K", "")))).toBe(true);
    expect(lines.at(-1)).toBe("\x1b[K");
  });

  it("is silent for a short run, in CI, without a terminal and with machine formats", async () => {
    expect((await run([], {}, true)).stderr).toBe("");
    slowClock();
    expect((await run([], { CI: "true" }, true)).stderr).toBe("");
    expect((await run([], {}, false)).stderr).toBe("");
    const json = await run(["--format", "json"], {}, true);
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout)).toMatchObject({ findings: [] });
  });
});
