import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type * as Sarif from "sarif";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import type { ValidateFunction } from "ajv";
import { REPO_ROOT } from "./fixtures.js";

export const SARIF_SCHEMA = path.resolve(REPO_ROOT, "../shared/schemas/sarif-schema-2.1.0.json");

/** The official SARIF 2.1.0 schema (draft-04), compiled with format checks on. */
export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA, "utf8")) as object;
  // CommonJS modules: under NodeNext the default import is module.exports, whose `default` is the export.
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  return ajv.compile(schema);
}

/** The multitool executable of this platform's optional package, made executable; undefined when not installed. */
export function findMultitool(): string | undefined {
  const require = createRequire(import.meta.url);
  const candidates: string[] = [];
  try {
    // The wrapper resolves `@microsoft/sarif-multitool-<platform>`, whose main export is the executable's path.
    candidates.push(require("@microsoft/sarif-multitool") as string);
  } catch {
    // optional dependency missing for this platform
  }
  const exe = process.platform === "win32" ? "Sarif.Multitool.exe" : "Sarif.Multitool";
  candidates.push(path.join(REPO_ROOT, "node_modules", "@microsoft", `sarif-multitool-${process.platform}`, exe));
  const found = candidates.find((c) => typeof c === "string" && existsSync(c));
  if (found === undefined) return undefined;
  if (process.platform !== "win32") chmodSync(found, statSync(found).mode | 0o100);
  return found;
}

/**
 * Runs `sarif-multitool validate --rule-kind Gh` over SARIF files; returns the console output and
 * every error- or warning-level problem it found (its exit code is 0 even when rules fail).
 */
export function multitoolProblems(multitool: string, inputs: string[]): { console: string; status: number | null; problems: string[] } {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), "shipshape-multitool-")), "multitool.sarif");
  const proc = spawnSync(multitool, ["validate", ...inputs, "--rule-kind", "Gh", "-o", out, "--log", "ForceOverwrite"], {
    encoding: "utf8",
    timeout: 55_000,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1" },
  });
  const console = `${proc.stdout ?? ""}${proc.stderr ?? ""}${proc.error ? String(proc.error) : ""}`;
  if (!existsSync(out)) return { console, status: proc.status, problems: [`no output log: ${console}`] };
  const report = JSON.parse(readFileSync(out, "utf8")) as Sarif.Log;
  const problems = report.runs.flatMap((r) => [
    ...(r.results ?? []).filter((x) => x.level === "error" || x.level === "warning"),
    ...(r.invocations ?? []).flatMap((inv) => (inv.toolExecutionNotifications ?? []).filter((n) => n.level === "error")),
  ]).map((p) => JSON.stringify(p.message));
  return { console, status: proc.status, problems };
}
