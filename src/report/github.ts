/**
 * `--format github`: GitHub Actions workflow commands, one annotation per line:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
 * GitHub shows at most 10 annotations of each level per step, so only the most severe
 * are printed, and a final `::notice::` says how many were left out.
 */
import type { Level } from "../rule-api.js";
import type { LintResult } from "../engine/types.js";
import { countLevels, placeFile, plural } from "./common.js";

export interface GithubOptions {
  /** Only error-level findings and notifications. */
  quiet?: boolean;
  /** Annotations per level at most (GitHub: 10 per step). */
  maxPerLevel?: number;
}

export const GITHUB_MAX_ANNOTATIONS_PER_LEVEL = 10;

type CommandLevel = "error" | "warning" | "notice";
const COMMAND_LEVELS: readonly CommandLevel[] = ["error", "warning", "notice"];

interface Annotation {
  level: CommandLevel;
  properties: [string, string | number][];
  message: string;
}

/** Escapes the message of a workflow command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a property value of a workflow command (`:` and `,` delimit properties). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function formatGithub(result: LintResult, options: GithubOptions = {}): string {
  const quiet = options.quiet === true;
  const maxPerLevel = options.maxPerLevel ?? GITHUB_MAX_ANNOTATIONS_PER_LEVEL;
  const annotations = collect(result, quiet);

  let shown = pick(annotations, maxPerLevel, maxPerLevel);
  let hidden = annotations.length - shown.length;
  if (hidden > 0) {
    // The summary is a notice too: keep a notice slot free for it.
    shown = pick(annotations, maxPerLevel, maxPerLevel - 1);
    hidden = annotations.length - shown.length;
  }

  const lines = shown.map(command);
  if (hidden > 0) {
    const counts = countLevels(quiet ? result.findings.filter((f) => f.level === "error") : result.findings);
    const problems =
      `${plural(counts.total, "problem")} (${plural(counts.error, "error")}, ` +
      `${plural(counts.warning, "warning")}, ${plural(counts.note, "note")})`;
    const suppressed = counts.suppressed > 0 ? `, ${counts.suppressed} suppressed` : "";
    lines.push(
      command({
        level: "notice",
        properties: [["title", "shipshape"]],
        message:
          `${problems}${suppressed}; ${plural(hidden, "annotation")} not shown ` +
          `(GitHub shows at most ${maxPerLevel} per level in a step). ` +
          "The job summary or the SARIF report lists them all.",
      }),
    );
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** Every annotation, most important first within each level: run errors, notifications, then findings. */
function collect(result: LintResult, quiet: boolean): Annotation[] {
  const out: Annotation[] = [];
  for (const e of result.errors) {
    const title = e.ruleId === undefined ? "shipshape: internal error" : `shipshape: rule ${e.ruleId} failed`;
    out.push({
      level: "error",
      properties: [...fileProperties(e.file, null, result), ["title", title]],
      message: withPlace(e.message, e.file, null, result),
    });
  }
  for (const n of result.notifications) {
    if (quiet && n.level !== "error") continue;
    out.push({
      level: commandLevel(n.level),
      properties: [...fileProperties(n.file, n.line, result), ["title", `shipshape: ${n.id}`]],
      message: withPlace(n.message, n.file, n.line, result),
    });
  }
  const titles = new Map(result.rules.map((r) => [r.meta.id, r.meta.title]));
  for (const f of result.findings) {
    if (f.suppressed || (quiet && f.level !== "error")) continue;
    const place = placeFile(f.file, result);
    const title = titles.get(f.ruleId);
    const properties: Annotation["properties"] =
      place.kind === "root"
        ? [
            ["file", place.path],
            ["line", f.line],
            ["col", f.column],
            ["endLine", f.endLine],
            ["endColumn", f.endColumn],
          ]
        : [];
    properties.push(["title", title === undefined ? f.ruleId : `${f.ruleId}: ${title}`]);
    out.push({ level: commandLevel(f.level), properties, message: withPlace(f.message, f.file, f.line, result) });
  }
  return out;
}

/** At most `max` per level (`maxNotice` for notices), in order error, warning, notice. */
function pick(annotations: readonly Annotation[], max: number, maxNotice: number): Annotation[] {
  const out: Annotation[] = [];
  for (const level of COMMAND_LEVELS) {
    const limit = level === "notice" ? maxNotice : max;
    out.push(...annotations.filter((a) => a.level === level).slice(0, Math.max(0, limit)));
  }
  return out;
}

function commandLevel(level: Level): CommandLevel {
  return level === "note" ? "notice" : level;
}

function command(a: Annotation): string {
  const props = a.properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",");
  return `::${a.level}${props === "" ? "" : ` ${props}`}::${escapeData(a.message)}`;
}

function fileProperties(file: string | null, line: number | null, result: LintResult): Annotation["properties"] {
  if (file === null) return [];
  const place = placeFile(file, result);
  if (place.kind !== "root") return [];
  return line === null ? [["file", place.path]] : [["file", place.path], ["line", line]];
}

/** A place GitHub cannot annotate (outside the workspace, stdin) goes into the message instead. */
function withPlace(message: string, file: string | null, line: number | null, result: LintResult): string {
  if (file === null || placeFile(file, result).kind === "root") return message;
  return `${file}${line === null ? "" : `:${line}`}: ${message}`;
}
