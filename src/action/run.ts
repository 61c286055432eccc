/**
 * The GitHub Action: inputs → lint() → SARIF file, log output, annotations, job summary, outputs.
 * Talks to the runner only through its environment: `INPUT_*`, `GITHUB_OUTPUT`,
 * `GITHUB_STEP_SUMMARY`, `GITHUB_WORKSPACE`, `GITHUB_EVENT_PATH`, and workflow commands on stdout.
 * `only-changed` narrows the gate, the annotations and the summary — never the SARIF file: a
 * filtered upload from the default branch would close the alerts of every unchanged file.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { exitCode } from "../cli/main.js";
import { changedFilesSince, eventBaseSha, hasCommit } from "../engine/changed.js";
import { ConfigError, UsageError } from "../engine/config-errors.js";
import { FAIL_ON } from "../engine/config.js";
import { compareFindings, lint } from "../engine/lint.js";
import type { Finding, LintResult } from "../engine/types.js";
import { PathNotFoundError } from "../discover/discover.js";
import { resourceText } from "../engine/baseline.js";
import { parseKubeVersion } from "../model/kube-version.js";
import { formatGithub, formatMarkdown, formatResult, isFormatName, type FormatName } from "../report/index.js";
import { MARKDOWN_MAX_BYTES } from "../report/markdown.js";
import type { Level, Rule } from "../rule-api.js";

export interface ActionIO {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: (s: string) => void;
  /** Rules to use instead of the built-in ones (tests). */
  rules?: readonly Rule[];
}

export type ExitReason = "clean" | "findings" | "error";

export interface ActionInputs {
  paths: string[];
  config?: string;
  formats: FormatName[];
  sarifFile: string;
  category: string;
  failOn?: Level | "none";
  baseline?: string;
  onlyChanged: boolean;
  kubeVersion?: string;
  annotations: boolean;
  summary: boolean;
  /** `render: auto|none`; undefined leaves it to the config. */
  render?: boolean;
  allowPlugins: boolean;
}

/** `INPUT_<NAME>` as the runner sets it: upper case, spaces to underscores, hyphens kept. */
function input(env: ActionIO["env"], name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

function booleanInput(env: ActionIO["env"], name: string, fallback: boolean): boolean {
  const v = input(env, name);
  if (v === "") return fallback;
  if (["true", "True", "TRUE"].includes(v)) return true;
  if (["false", "False", "FALSE"].includes(v)) return false;
  throw new UsageError(`input "${name}" must be true or false, got "${v}"`);
}

export function readInputs(env: ActionIO["env"]): ActionInputs {
  const list = (s: string) => s.split(/[\s,]+/).filter(Boolean);
  const formats = list(input(env, "format") || "stylish").map((f) => {
    if (!isFormatName(f)) throw new UsageError(`input "format": unknown format "${f}"`);
    return f;
  });
  const inputs: ActionInputs = {
    paths: list(input(env, "paths")),
    formats,
    sarifFile: input(env, "sarif-file") || "shipshape.sarif",
    category: input(env, "category") || "shipshape/",
    onlyChanged: booleanInput(env, "only-changed", false),
    annotations: booleanInput(env, "annotations", true),
    summary: booleanInput(env, "summary", true),
    allowPlugins: booleanInput(env, "allow-plugins", false),
  };
  const render = input(env, "render");
  if (render) {
    if (render !== "auto" && render !== "none") throw new UsageError(`input "render" must be auto or none, got "${render}"`);
    inputs.render = render === "auto";
  }
  if (inputs.paths.length === 0) inputs.paths = ["."];
  const config = input(env, "config");
  if (config) inputs.config = config;
  const failOn = input(env, "fail-on");
  if (failOn) {
    if (!FAIL_ON.includes(failOn as Level)) throw new UsageError(`input "fail-on" must be one of ${FAIL_ON.join(", ")}`);
    inputs.failOn = failOn as Level | "none";
  }
  const baseline = input(env, "baseline");
  if (baseline) inputs.baseline = baseline;
  const kube = input(env, "kube-version");
  if (kube) {
    const v = parseKubeVersion(kube);
    if (!v) throw new UsageError(`input "kube-version": "${kube}" is not a Kubernetes version (use 1.N, v1.N or 1.N.P)`);
    inputs.kubeVersion = v;
  }
  return inputs;
}

/** The files of the pull request (or push), or undefined with a warning when the base commit is not available. */
function changedScope(io: ActionIO, warn: (msg: string) => void): { files: string[]; base: string } | undefined {
  const eventPath = io.env.GITHUB_EVENT_PATH;
  let event: unknown;
  try {
    event = eventPath ? JSON.parse(readFileSync(eventPath, "utf8")) : undefined;
  } catch {
    event = undefined;
  }
  const base = eventBaseSha(event);
  if (!base) {
    warn(`only-changed: the ${io.env.GITHUB_EVENT_NAME ?? "current"} event names no base commit, so every finding is gated`);
    return undefined;
  }
  if (!hasCommit(io.cwd, base)) {
    warn(`only-changed: the base commit ${base.slice(0, 12)} is not in the checkout (check out with fetch-depth: 0), so every finding is gated`);
    return undefined;
  }
  return { files: changedFilesSince(io.cwd, base), base };
}

const RANK: Record<Level, number> = { error: 0, warning: 1, note: 2 };

/** Findings most severe first (level, then the rule's security severity), for the annotations' 10-per-level cut. */
function severeFirst(result: LintResult): LintResult {
  const severity = new Map(result.rules.map((r) => [r.meta.id, r.meta.securitySeverity ?? 0]));
  const findings = [...result.findings].sort((a, b) =>
    RANK[a.level] - RANK[b.level] || (severity.get(b.ruleId) ?? 0) - (severity.get(a.ruleId) ?? 0) || compareFindings(a, b));
  return { ...result, findings };
}

function onlyBaselined(f: Finding): boolean {
  return f.suppressed && f.suppressions.every((s) => s.source === "baseline");
}

function baselineSection(result: LintResult, gated: number): string {
  const b = result.baseline;
  if (!b) return "";
  const lines = ["### Baseline", "", `\`${b.file}\`: ${b.matched} known finding${b.matched === 1 ? "" : "s"} suppressed, ${gated} new, ${b.fixed.length} fixed.`, ""];
  if (b.fixed.length > 0) {
    lines.push("Fixed since the baseline (regenerate it with `shipshape baseline` to drop them):", "");
    for (const e of b.fixed.slice(0, 20)) lines.push(`- \`${e.ruleId}\` in \`${e.file}\`${e.resource ? ` (${resourceText(e)}${e.path ? ` \`${e.path}\`` : ""})` : ""}`);
    if (b.fixed.length > 20) lines.push(`- … and ${b.fixed.length - 20} more`);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

/** Runs the Action and returns the process exit code (1 fails the step). */
export async function runAction(io: ActionIO): Promise<number> {
  const outputs: Record<string, string> = { "sarif-file": "", findings: "0", "new-findings": "0", "exit-reason": "error" };
  const writeOutputs = () => {
    const file = io.env.GITHUB_OUTPUT;
    const text = Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join("");
    if (file) appendFileSync(file, text);
  };
  const command = (level: "error" | "warning" | "notice", msg: string) => io.stdout(`::${level} title=shipshape::${msg.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}\n`);

  try {
    const inputs = readInputs(io.env);
    const scope = inputs.onlyChanged ? changedScope(io, (m) => command("warning", m)) : undefined;
    const result = await lint({
      exposureSummary: inputs.summary,
      cwd: io.cwd,
      paths: inputs.paths,
      ...(inputs.config ? { config: inputs.config } : {}),
      ...(inputs.kubeVersion ? { kubeVersion: inputs.kubeVersion } : {}),
      ...(inputs.baseline ? { baseline: inputs.baseline } : {}),
      ...(scope ? { reportOnly: scope.files } : {}),
      ...(inputs.render !== undefined ? { render: inputs.render } : {}),
      ...(inputs.allowPlugins ? { allowPlugins: true } : {}),
      ...(io.rules ? { rules: io.rules } : {}),
    });

    // The SARIF file holds every finding, in scope or not.
    const everything: LintResult = { ...result, findings: [...result.findings, ...(result.outOfScope ?? [])].sort(compareFindings) };
    const sarifAbs = path.resolve(io.cwd, inputs.sarifFile);
    mkdirSync(path.dirname(sarifAbs), { recursive: true });
    writeFileSync(sarifAbs, formatResult("sarif", everything, { sarifCategory: inputs.category }));
    outputs["sarif-file"] = inputs.sarifFile;

    for (const f of inputs.formats) {
      if (f === "sarif") continue;
      io.stdout(formatResult(f, result, { color: false }));
    }
    if (inputs.annotations) io.stdout(formatGithub(severeFirst(result)));

    const open = result.findings.filter((f) => !f.suppressed || onlyBaselined(f));
    const fresh = result.findings.filter((f) => !f.suppressed);
    outputs.findings = String(open.length);
    outputs["new-findings"] = String(fresh.length);
    const failOn = inputs.failOn ?? result.failOn ?? "error";
    const failed = exitCode(result, failOn) !== 0;
    outputs["exit-reason"] = result.errors.length > 0 ? "error" : failed ? "findings" : "clean";

    const summaryFile = io.env.GITHUB_STEP_SUMMARY;
    if (inputs.summary && summaryFile) {
      const scopeNote = scope
        ? `_Gated on the ${scope.files.length} file${scope.files.length === 1 ? "" : "s"} changed since \`${scope.base.slice(0, 12)}\`; the SARIF report holds all ${everything.findings.length} findings._\n\n`
        : "";
      const extra = scopeNote + baselineSection(result, fresh.length);
      const body = formatMarkdown(result, { maxBytes: MARKDOWN_MAX_BYTES - Buffer.byteLength(extra) - 1024 });
      // The baseline and scope notes go right under the heading.
      const at = body.indexOf("\n\n");
      appendFileSync(summaryFile, at < 0 ? body + extra : `${body.slice(0, at + 2)}${extra}${body.slice(at + 2)}`);
    }

    if (result.errors.length > 0) {
      io.stdout(`shipshape: ${result.errors.length} internal error${result.errors.length === 1 ? "" : "s"} (see the report); failing\n`);
    } else if (failed) {
      const gating = failOn === "none" ? 0 : fresh.filter((f) => RANK[f.level] <= RANK[failOn]).length;
      io.stdout(`shipshape: ${gating} new finding${gating === 1 ? "" : "s"} at or above ${failOn}; failing${inputs.baseline ? "" : " (a baseline can accept the existing ones)"}\n`);
    }
    writeOutputs();
    return outputs["exit-reason"] === "clean" ? 0 : 1;
  } catch (e) {
    const known = e instanceof UsageError || e instanceof ConfigError || e instanceof PathNotFoundError;
    command("error", known ? (e as Error).message : `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    writeOutputs();
    return 1;
  }
}
