/**
 * `--format markdown`: a GitHub job summary. Counts by severity and by rule, run errors,
 * the most severe findings as a table (locations as text: we do not know the repository
 * URL), and notifications. GitHub accepts at most 1 MiB of summary per step, so the
 * findings table is cut to fit and says how many rows it left out.
 */
import { ruleHelpUri } from "../rule-api.js";
import type { Level } from "../rule-api.js";
import type { Finding, LintResult } from "../engine/types.js";
import { countLevels, levelRank, plural, severityOrder } from "./common.js";

export interface MarkdownOptions {
  /** The whole output stays strictly below this many UTF-8 bytes. Default 1 MiB. */
  maxBytes?: number;
  /** Findings rows at most. Default 1000. */
  maxRows?: number;
}

export const MARKDOWN_MAX_BYTES = 1024 * 1024;
export const MARKDOWN_MAX_ROWS = 1000;
const MAX_LISTED_NOTIFICATIONS = 100;
const MAX_TEXT = 1000;

const LEVEL_LABEL: Record<Level, string> = { error: "🔴 error", warning: "🟡 warning", note: "🔵 note" };

export function formatMarkdown(result: LintResult, options: MarkdownOptions = {}): string {
  const maxBytes = options.maxBytes ?? MARKDOWN_MAX_BYTES;
  const maxRows = options.maxRows ?? MARKDOWN_MAX_ROWS;
  const counts = countLevels(result.findings);
  const head: string[] = ["## shipshape", ""];

  if (counts.total === 0) {
    head.push(`✅ **No problems found** in ${plural(result.stats.files, "file")} (${plural(result.stats.resources, "resource")}).`);
  } else {
    head.push(
      `❌ **${plural(counts.total, "problem")}** (${plural(counts.error, "error")}, ` +
        `${plural(counts.warning, "warning")}, ${plural(counts.note, "note")}) ` +
        `in ${plural(result.stats.files, "file")} (${plural(result.stats.resources, "resource")}).`,
    );
  }
  head.push("");

  if (result.errors.length > 0) {
    head.push("> [!CAUTION]", `> ${plural(result.errors.length, "internal error")}: the results are incomplete.`);
    for (const e of result.errors.slice(0, MAX_LISTED_NOTIFICATIONS)) {
      const where = e.file === null ? "" : `${code(e.file)}: `;
      const rule = e.ruleId === undefined ? "" : ` (rule ${code(e.ruleId)})`;
      head.push(`> - ${where}${inline(e.message)}${rule}`);
    }
    if (result.errors.length > MAX_LISTED_NOTIFICATIONS) {
      head.push(`> - … and ${result.errors.length - MAX_LISTED_NOTIFICATIONS} more`);
    }
    head.push("");
  }

  if (result.findings.length > 0) {
    head.push("| Severity | Findings |", "|---|---:|");
    for (const level of ["error", "warning", "note"] as const) head.push(`| ${LEVEL_LABEL[level]} | ${counts[level]} |`);
    if (counts.suppressed > 0) head.push(`| suppressed | ${counts.suppressed} |`);
    head.push("");
    head.push("### By rule", "", "| Rule | Severity | Findings | Suppressed |", "|---|---|---:|---:|");
    for (const row of byRule(result.findings)) {
      head.push(
        `| ${row.ruleId.includes("/") ? code(row.ruleId) : `[${code(row.ruleId)}](${ruleHelpUri(row.ruleId)})`} | ${LEVEL_LABEL[row.level]} | ${row.count} | ${row.suppressed} |`,
      );
    }
    head.push("");
  }

  const tail: string[] = [];
  // The exposure summary (computed by the engine when asked for): bounded, it goes before notifications.
  if (result.exposureMarkdown) tail.push(...result.exposureMarkdown.slice(0, 32 * 1024).split("\n"), "");
  if (result.notifications.length > 0) {
    tail.push("<details><summary>Notifications (" + result.notifications.length + ")</summary>", "");
    for (const n of result.notifications.slice(0, MAX_LISTED_NOTIFICATIONS)) {
      const where = n.file === null ? "" : `${code(n.line === null ? n.file : `${n.file}:${n.line}`)}: `;
      tail.push(`- ${n.level}: ${where}${inline(n.message)} (${code(n.id)})`);
    }
    if (result.notifications.length > MAX_LISTED_NOTIFICATIONS) {
      tail.push(`- … and ${result.notifications.length - MAX_LISTED_NOTIFICATIONS} more`);
    }
    tail.push("", "</details>", "");
  }

  const unsuppressed = severityOrder(result.findings)
    .map((i) => result.findings[i]!)
    .filter((f) => !f.suppressed);
  const table: string[] = [];
  if (unsuppressed.length > 0) {
    const render = (rows: string[], header: boolean) =>
      [...head, ...tableLines(rows, unsuppressed.length, unsuppressed.length - rows.length, header), ...tail].join("\n") + "\n";
    // Room for everything but the rows, with the longest title and "omitted" note (plus slack for their digits).
    let used = bytes(render([], true)) + 64;
    const rows: string[] = [];
    for (const f of unsuppressed) {
      if (rows.length >= maxRows) break;
      const row = findingRow(f);
      const size = bytes(row) + 1;
      if (used + size >= maxBytes) break;
      rows.push(row);
      used += size;
    }
    while (rows.length > 0 && bytes(render(rows, true)) >= maxBytes) rows.pop();
    table.push(...tableLines(rows, unsuppressed.length, unsuppressed.length - rows.length, rows.length > 0));
  }
  return [...head, ...table, ...tail].join("\n") + "\n";
}

function tableLines(rows: string[], total: number, omitted: number, header: boolean): string[] {
  const title = omitted > 0 ? `### Top ${plural(total - omitted, "finding")} of ${total}` : "### Findings";
  const out = [title, ""];
  if (header) out.push("| Severity | Rule | Location | Message |", "|---|---|---|---|", ...rows);
  if (omitted > 0) {
    out.push("", `_${plural(omitted, "more finding")} not shown (a job summary holds at most 1 MiB); the JSON or SARIF report lists them all._`);
  }
  out.push("");
  return out;
}

function findingRow(f: Finding): string {
  return `| ${LEVEL_LABEL[f.level]} | ${code(f.ruleId)} | ${code(`${f.file}:${f.line}:${f.column}`)} | ${inline(f.message)} |`;
}

interface RuleRow {
  ruleId: string;
  level: Level;
  count: number;
  suppressed: number;
}

/** One row per rule: its most severe level, counts; sorted by severity, then count, then id. */
function byRule(findings: readonly Finding[]): RuleRow[] {
  const rows = new Map<string, RuleRow>();
  for (const f of findings) {
    let row = rows.get(f.ruleId);
    if (row === undefined) {
      row = { ruleId: f.ruleId, level: f.level, count: 0, suppressed: 0 };
      rows.set(f.ruleId, row);
    }
    if (levelRank(f.level) < levelRank(row.level)) row.level = f.level;
    if (f.suppressed) row.suppressed++;
    else row.count++;
  }
  return [...rows.values()].sort(
    (a, b) =>
      levelRank(a.level) - levelRank(b.level) ||
      b.count - a.count ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

function bytes(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** Text for a table cell or list item: one line, HTML and Markdown syntax escaped, length capped. */
function inline(text: string): string {
  const short = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  return short
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|~#])/g, "\\$1")
    .replace(/\r?\n/g, "<br>");
}

/** A code span safe in a table cell. */
function code(text: string): string {
  const t = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const fence = t.includes("`") ? "``" : "`";
  return fence === "`" ? `\`${t}\`` : `${fence} ${t} ${fence}`;
}
