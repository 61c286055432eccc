/**
 * The run's edges, after findings are fingerprinted: the baseline (`--baseline`, config `baseline`)
 * and the report scope (`--changed-since`, `--context`). Both see every finding of the whole
 * repo first, so fingerprints, collisions and unused suppressions do not depend on the scope.
 */
import path from "node:path";
import { relPosix } from "../discover/git.js";
import { applyBaseline, readBaseline, resourceText } from "./baseline.js";
import type { ShipshapeConfig } from "./config.js";
import type { BaselineSummary, Finding, Notification } from "./types.js";

export interface EdgeInput {
  /** Every finding of the run. */
  findings: Finding[];
  /** For each finding (same index), the display paths of the documents its resource came from. */
  sources: readonly (readonly string[])[];
  cwd: string;
  config: ShipshapeConfig;
  /** `--baseline FILE` (relative to cwd); `false` ignores the config's `baseline` too. */
  baseline?: string | false;
  /** Absolute files or directories: report only findings in them, or on resources from them. */
  reportOnly?: readonly string[];
  /** Display paths of the files this run read. */
  linted: ReadonlySet<string>;
  /** Whether a rule ran on a file (display path) in this run: a baseline entry of a rule that did not run is not fixed. */
  ruleActive: (file: string, ruleId: string) => boolean;
}

export interface EdgeOutput {
  findings: Finding[];
  outOfScope?: Finding[];
  notifications: Notification[];
  baseline?: BaselineSummary;
}

const MAX_LISTED_FIXED = 10;

export function applyEdges(input: EdgeInput): EdgeOutput {
  const { cwd, findings } = input;
  const inScope = scopeTest(input.reportOnly, cwd);
  const notifications: Notification[] = [];
  const out: EdgeOutput = { findings, notifications };

  const baselineFile = input.baseline === false ? undefined
    : input.baseline !== undefined ? path.resolve(cwd, input.baseline)
      : input.config.baseline !== undefined ? path.resolve(input.config.dir, input.config.baseline) : undefined;
  if (baselineFile) {
    const display = relPosix(cwd, baselineFile);
    const summary = applyBaseline({
      findings, baseline: readBaseline(baselineFile, display), file: baselineFile, display, cwd,
      covers: (file, ruleId) => input.linted.has(file) && inScope(file) && input.ruleActive(file, ruleId),
    });
    out.baseline = summary;
    if (summary.fixed.length > 0) {
      const listed = summary.fixed.slice(0, MAX_LISTED_FIXED).map((e) => `${e.ruleId} in ${e.file}${e.resource ? ` (${resourceText(e)}${e.path ? ` ${e.path}` : ""})` : ""}`);
      const more = summary.fixed.length > MAX_LISTED_FIXED ? `; and ${summary.fixed.length - MAX_LISTED_FIXED} more` : "";
      notifications.push({
        level: "note", file: display, line: null, id: "baseline-fixed",
        message: `${summary.fixed.length} baselined finding${summary.fixed.length === 1 ? " is" : "s are"} fixed: ${listed.join("; ")}${more}. Run "shipshape baseline -o ${display}" to drop ${summary.fixed.length === 1 ? "it" : "them"} from the baseline`,
      });
    }
  }

  if (input.reportOnly) {
    const kept: Finding[] = [];
    const dropped: Finding[] = [];
    findings.forEach((f, i) => ((inScope(f.file) || (input.sources[i] ?? []).some(inScope)) ? kept : dropped).push(f));
    out.findings = kept;
    out.outOfScope = dropped;
  }
  return out;
}

/** Whether a display path lies in one of the scope's files or directories (everything when there is no scope). */
function scopeTest(reportOnly: readonly string[] | undefined, cwd: string): (display: string) => boolean {
  if (!reportOnly) return () => true;
  const within = withinPaths(reportOnly.map((p) => path.resolve(cwd, p)));
  return (display) => !display.startsWith("<") && within(path.resolve(cwd, display));
}

/** Whether an absolute path is one of the given files or directories, or lies below one: depth lookups, no scan. */
export function withinPaths(paths: readonly string[]): (abs: string) => boolean {
  const scope = new Set(paths.map((p) => path.resolve(p)));
  return (abs) => {
    for (let cur = abs; ; ) {
      if (scope.has(cur)) return true;
      const parent = path.dirname(cur);
      if (parent === cur) return false;
      cur = parent;
    }
  };
}
