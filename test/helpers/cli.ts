import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCli } from "../../src/cli/main.js";
import type { Rule } from "../../src/rule-api.js";

export interface RunOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as the bin does, with captured output. */
export async function runShipshape(argv: string[], opts: { cwd: string; stdin?: string; rules?: readonly Rule[]; env?: NodeJS.ProcessEnv }): Promise<RunOutput> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    cwd: opts.cwd,
    env: opts.env ?? {},
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: async () => new TextEncoder().encode(opts.stdin ?? ""),
    stdoutIsTTY: false,
    ...(opts.rules ? { rules: opts.rules } : {}),
  });
  return { code, stdout, stderr };
}

/** A temp directory holding the given files (relative path → text). */
export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "shipshape-"));
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return dir;
}
