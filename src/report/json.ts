/**
 * `--format json`: the JSON output contract of docs/architecture.md, key for key and in
 * that order. Objects are built field by field so that nothing internal leaks and the
 * key order never depends on how the engine built its objects. Fields beyond the
 * contract only ever come after the contract's own.
 */
import type { Finding, LintResult, Notification, RunError } from "../engine/types.js";
import { packageInfo } from "../version.js";

export interface JsonReport {
  tool: { name: string; version: string };
  findings: JsonFinding[];
  notifications: JsonNotification[];
  errors: JsonError[];
  stats: { files: number; documents: number; resources: number; durationMs: number };
}

export interface JsonFinding {
  ruleId: string;
  level: Finding["level"];
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  resource: { apiVersion: string; kind: string; namespace: string | null; name: string | null } | null;
  path: string | null;
  fingerprint: string;
  suppressed: boolean;
  suppressions: { kind: string; source: string; justification: string | null }[];
  related: { file: string; line: number; column: number; message: string; endLine: number; endColumn: number }[];
  helmSource?: string;
}

export interface JsonNotification {
  level: Notification["level"];
  file: string | null;
  line: number | null;
  message: string;
  id: string;
}

export interface JsonError {
  file: string | null;
  message: string;
  ruleId?: string;
}

export function toJsonReport(result: LintResult): JsonReport {
  const { name, version } = packageInfo();
  return {
    tool: { name, version },
    findings: result.findings.map(jsonFinding),
    notifications: result.notifications.map(jsonNotification),
    errors: result.errors.map(jsonError),
    stats: jsonStats(result),
  };
}

function jsonStats(result: LintResult): JsonReport["stats"] {
  return { files: result.stats.files, documents: result.stats.documents, resources: result.stats.resources, durationMs: result.stats.durationMs };
}

export function formatJson(result: LintResult): string {
  return [...formatJsonChunks(result)].join("");
}

/**
 * Findings per piece of {@link formatJsonChunks}: about 70 KB of text, under the size from which V8
 * allocates a string outside the young generation (where garbage is freed cheaply and at once).
 */
const CHUNK = 100;

/**
 * The text of {@link formatJson} in pieces, byte for byte: `JSON.stringify(toJsonReport(result), null, 2)`
 * plus a newline, with the findings converted and written a hundred at a time. A report of a large
 * repo (a hundred MB of JSON) is then written without ever being one string, nor one object tree.
 */
export function* formatJsonChunks(result: LintResult): Generator<string> {
  const { name, version } = packageInfo();
  // Top-level members as JSON.stringify(…, null, 2) lays them out: two spaces, nested lines two more.
  const member = (key: string, value: unknown) => `  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replaceAll("\n", "\n  ")}`;
  yield `{\n${member("tool", { name, version })},\n`;
  const findings = result.findings;
  if (findings.length === 0) yield '  "findings": [],\n';
  else {
    yield '  "findings": [\n';
    for (let i = 0; i < findings.length; i += CHUNK) {
      const part = JSON.stringify(findings.slice(i, i + CHUNK).map(jsonFinding), null, 2);
      // "[\n  {…},\n  {…}\n]" → its items, two spaces deeper
      yield `${i > 0 ? ",\n" : ""}  ${part.slice(2, -2).replaceAll("\n", "\n  ")}`;
    }
    yield "\n  ],\n";
  }
  yield `${member("notifications", result.notifications.map(jsonNotification))},\n`;
  yield `${member("errors", result.errors.map(jsonError))},\n`;
  yield `${member("stats", jsonStats(result))}\n}\n`;
}

function jsonFinding(f: Finding): JsonFinding {
  const out: JsonFinding = {
    ruleId: f.ruleId,
    level: f.level,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    resource:
      f.resource === null
        ? null
        : {
            apiVersion: f.resource.apiVersion,
            kind: f.resource.kind,
            namespace: f.resource.namespace,
            name: f.resource.name,
          },
    path: f.path,
    fingerprint: f.fingerprint,
    suppressed: f.suppressed,
    suppressions: f.suppressions.map((s) => ({ kind: s.kind, source: s.source, justification: s.justification })),
    related: f.related.map((r) => ({
      file: r.file,
      line: r.line,
      column: r.column,
      message: r.message,
      endLine: r.endLine,
      endColumn: r.endColumn,
    })),
  };
  if (f.helmSource !== undefined) out.helmSource = f.helmSource;
  return out;
}

function jsonNotification(n: Notification): JsonNotification {
  return { level: n.level, file: n.file, line: n.line, message: n.message, id: n.id };
}

function jsonError(e: RunError): JsonError {
  const out: JsonError = { file: e.file, message: e.message };
  if (e.ruleId !== undefined) out.ruleId = e.ruleId;
  return out;
}
