/**
 * `--format stylish` (the default): findings grouped by file, one per line as
 * `file:line:col  level  rule-id  message` (clickable in terminals and editors),
 * then a summary, then notifications and run errors. Colour only when the caller says
 * so: it decides from NO_COLOR, FORCE_COLOR and the TTY.
 */
import type { Level } from "../rule-api.js";
import type { Finding, LintResult } from "../engine/types.js";
import { countLevels, plural } from "./common.js";

export interface StylishOptions {
  /** ANSI colours. Default false. */
  color?: boolean;
  /** Show only error-level findings and notifications (run errors are always shown). */
  quiet?: boolean;
  /** Show suppressed findings, marked as such. Default false: they are only counted. */
  showSuppressed?: boolean;
}

interface Paint {
  level(level: Level, s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
  green(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const COLORS: Paint = {
  level: (level, s) => (level === "error" ? sgr(31, 39)(s) : level === "warning" ? sgr(33, 39)(s) : sgr(36, 39)(s)),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
  underline: sgr(4, 24),
  green: sgr(32, 39),
};
const identity = (s: string) => s;
const PLAIN: Paint = { level: (_l, s) => s, dim: identity, bold: identity, underline: identity, green: identity };

export function formatStylish(result: LintResult, options: StylishOptions = {}): string {
  const paint = options.color === true ? COLORS : PLAIN;
  const quiet = options.quiet === true;
  const inScope = quiet ? result.findings.filter((f) => f.level === "error") : result.findings;
  const shown = options.showSuppressed === true ? inScope : inScope.filter((f) => !f.suppressed);
  const lines: string[] = [];

  for (const [file, group] of groupByFile(shown)) {
    lines.push(paint.underline(file));
    const rows = group.map((f) => ({
      f,
      loc: `${f.file}:${f.line}:${f.column}`,
      level: f.suppressed ? `${f.level} (suppressed)` : f.level,
    }));
    const locWidth = rows.reduce((m, r) => Math.max(m, r.loc.length), 0);
    const levelWidth = rows.reduce((m, r) => Math.max(m, r.level.length), 0);
    const ruleWidth = rows.reduce((m, r) => Math.max(m, r.f.ruleId.length), 0);
    for (const { f, loc, level } of rows) {
      const message = indentContinuation(f.suppressed ? `${f.message}${justification(f)}` : f.message, locWidth + 4);
      // A suppressed line is dimmed as a whole, without the level's colour.
      const p = f.suppressed ? PLAIN : paint;
      const line = [
        `  ${loc.padEnd(locWidth)}`,
        p.level(f.level, level.padEnd(levelWidth)),
        p.dim(f.ruleId.padEnd(ruleWidth)),
        message,
      ].join("  ");
      lines.push(f.suppressed ? paint.dim(line.trimEnd()) : line.trimEnd());
    }
    lines.push("");
  }

  const counts = countLevels(inScope);
  if (counts.total > 0) {
    const summary =
      `✖ ${plural(counts.total, "problem")} (${plural(counts.error, "error")}, ` +
      `${plural(counts.warning, "warning")}, ${plural(counts.note, "note")})`;
    const worst: Level = counts.error > 0 ? "error" : counts.warning > 0 ? "warning" : "note";
    lines.push(paint.bold(paint.level(worst, summary)));
  } else {
    lines.push(paint.green(`✔ No problems found (${plural(result.stats.files, "file")}, ${plural(result.stats.resources, "resource")})`));
  }
  if (counts.suppressed > 0) {
    const verb = options.showSuppressed === true ? "shown above" : "not shown";
    lines.push(paint.dim(`  ${plural(counts.suppressed, "suppressed finding")} ${verb}`));
  }

  const notifications = quiet ? result.notifications.filter((n) => n.level === "error") : result.notifications;
  if (notifications.length > 0) {
    lines.push("", paint.bold("Notifications:"));
    const width = notifications.reduce((m, n) => Math.max(m, n.level.length), 0);
    for (const n of notifications) {
      const where = n.file === null ? "" : `${n.file}${n.line === null ? "" : `:${n.line}`}  `;
      lines.push(`  ${paint.level(n.level, n.level.padEnd(width))}  ${where}${n.message}  ${paint.dim(`(${n.id})`)}`);
    }
  }
  if (result.errors.length > 0) {
    lines.push("", paint.bold(paint.level("error", "Errors:")));
    for (const e of result.errors) {
      const where = e.file === null ? "" : `${e.file}  `;
      const rule = e.ruleId === undefined ? "" : `  ${paint.dim(`(${e.ruleId})`)}`;
      lines.push(`  ${paint.level("error", "error")}  ${where}${e.message}${rule}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Groups in order of first appearance; the engine sorts findings by file, so groups are contiguous. */
function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = groups.get(f.file);
    if (group === undefined) groups.set(f.file, [f]);
    else group.push(f);
  }
  return groups;
}

function justification(f: Finding): string {
  const reasons = f.suppressions.map((s) => s.justification).filter((j): j is string => j !== null && j !== "");
  return reasons.length > 0 ? ` — ${reasons.join("; ")}` : "";
}

function indentContinuation(message: string, width: number): string {
  return message.replace(/\r?\n/g, `\n${" ".repeat(width)}`);
}
