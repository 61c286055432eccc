import type { Level, Rule } from "../rule-api.js";
import type { ResourceRef } from "../model/resource.js";

export interface Suppression {
  /** `inSource`: an annotation or comment in the user's files; `external`: config exceptions and baselines. */
  kind: "inSource" | "external";
  /** Where it came from: `annotation`, `comment`, `file-comment`, `exception`, `baseline`. */
  source: "annotation" | "comment" | "file-comment" | "exception" | "baseline";
  justification: string | null;
}

export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** A finding as every formatter receives it: located, leveled, fingerprinted. */
export interface Finding {
  ruleId: string;
  level: Level;
  message: string;
  /** Relative to the working directory, forward slashes; `<stdin>` or the stdin filename for stdin. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  resource: ResourceRef | null;
  /** Dotted path (see formatPath), null for file-level findings. */
  path: string | null;
  fingerprint: string;
  suppressed: boolean;
  suppressions: Suppression[];
  related: RelatedLocation[];
  /** The `# Source:` of Helm output the resource came from, if any. */
  helmSource?: string;
}

export interface Notification {
  level: Level;
  file: string | null;
  line: number | null;
  message: string;
  /** A short stable id for the kind of notification, e.g. `file-too-large`, `rule-error`. */
  id: string;
}

export interface RunError {
  file: string | null;
  message: string;
  /** The rule that threw, when a rule threw. */
  ruleId?: string;
}

export interface LintStats {
  files: number;
  documents: number;
  resources: number;
  durationMs: number;
}

export interface LintResult {
  findings: Finding[];
  notifications: Notification[];
  errors: RunError[];
  stats: LintStats;
  /** The rules that ran, sorted by id: formatters describe these (SARIF `tool.driver.rules`). */
  rules: Rule[];
  /** The effective level of each rule that ran (config applied), by id. */
  ruleLevels: Record<string, Level>;
  /** The absolute directory that SARIF `%SRCROOT%` stands for, and the working directory. */
  srcRoot: string;
  cwd: string;
  /** The normalised target Kubernetes version of the run. */
  kubeVersion: string;
  /** A short markdown summary of workload exposure, when `exposureSummary` was asked for. */
  exposureMarkdown?: string;
  /** `failOn` from the config, when it sets one (the CLI flag wins). */
  failOn?: Level | "none";
  /** With a report scope (`--changed-since`, `--context`): the findings outside it, kept apart (the Action still uploads them). */
  outOfScope?: Finding[];
  /** What the baseline did, when one was applied. */
  baseline?: BaselineSummary;
}

/** One known finding in a baseline file (`shipshape baseline`). */
export interface BaselineEntry {
  ruleId: string;
  fingerprint: string;
  /** Relative to the baseline file's directory, forward slashes. */
  file: string;
  resource: { group: string; kind: string; namespace: string | null; name: string | null } | null;
  path: string | null;
  message: string;
}

export interface BaselineSummary {
  /** The baseline file, relative to the working directory. */
  file: string;
  entries: number;
  /** Findings the baseline suppressed. */
  matched: number;
  /** Entries that match no finding any more, in files this run linted. */
  fixed: BaselineEntry[];
}
