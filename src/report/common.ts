/** Helpers the formatters share: severity order, counts, and where a file lies relative to the source root. */
import path from "node:path";
import type { Level } from "../rule-api.js";
import type { Finding, LintResult } from "../engine/types.js";

export const LEVELS: readonly Level[] = ["error", "warning", "note"];

/** 0 for error, 1 for warning, 2 for note: lower is more severe. */
export function levelRank(level: Level): number {
  return level === "error" ? 0 : level === "warning" ? 1 : 2;
}

/**
 * Indexes of `findings`, most severe first: error > warning > note, then unsuppressed
 * before suppressed, then the original (engine) order.
 */
export function severityOrder(findings: readonly Finding[]): number[] {
  const order = findings.map((_, i) => i);
  order.sort((a, b) => {
    const fa = findings[a]!;
    const fb = findings[b]!;
    return (
      levelRank(fa.level) - levelRank(fb.level) || Number(fa.suppressed) - Number(fb.suppressed) || a - b
    );
  });
  return order;
}

export interface LevelCounts {
  error: number;
  warning: number;
  note: number;
  total: number;
  suppressed: number;
}

/** Counts of unsuppressed findings by level, plus the number of suppressed ones. */
export function countLevels(findings: readonly Finding[]): LevelCounts {
  const counts: LevelCounts = { error: 0, warning: 0, note: 0, total: 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppressed) {
      counts.suppressed++;
      continue;
    }
    counts[f.level]++;
    counts.total++;
  }
  return counts;
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/**
 * Where a finding's file lies for output that is read relative to the repository
 * (SARIF `%SRCROOT%`, GitHub annotations):
 * - `root`: inside srcRoot, `path` relative to it with forward slashes;
 * - `outside`: outside srcRoot, `absPath` is the absolute path;
 * - `pseudo`: a name such as `<stdin>` that is no file at all.
 */
export type FilePlace =
  | { kind: "root"; path: string }
  | { kind: "outside"; absPath: string }
  | { kind: "pseudo"; name: string };

const PSEUDO_FILE = /^<[^<>]*>$/;

/** `file` is relative to `result.cwd` (or absolute); rebase it onto `result.srcRoot`. */
export function placeFile(file: string, result: Pick<LintResult, "srcRoot" | "cwd">): FilePlace {
  if (PSEUDO_FILE.test(file)) return { kind: "pseudo", name: file };
  const absPath = path.resolve(result.cwd, file);
  const rel = path.relative(result.srcRoot, absPath);
  if (rel === "" || rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    return { kind: "outside", absPath };
  }
  return { kind: "root", path: rel.split(path.sep).join("/") };
}

/** `Kind/namespace/name`, the namespace left out when unset. */
export function resourceDisplayName(resource: NonNullable<Finding["resource"]>): string {
  const parts = [resource.kind];
  if (resource.namespace !== null && resource.namespace !== "") parts.push(resource.namespace);
  parts.push(resource.name ?? "(unnamed)");
  return parts.join("/");
}
