/**
 * `--format sarif`: one SARIF 2.1.0 run, as GitHub code scanning ingests it.
 * See "SARIF contract" in docs/architecture.md. The log is byte-deterministic (no
 * timestamps, fixed key order) and holds no machine paths: locations are relative to
 * `%SRCROOT%`, which is declared without a URI (only a file outside it is absolute).
 */
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type * as Sarif from "sarif";
import { ruleDocsUri } from "../rule-api.js";
import type { Level, Rule } from "../rule-api.js";
import type { Finding, LintResult, RelatedLocation } from "../engine/types.js";
import { packageInfo } from "../version.js";
import { placeFile, resourceDisplayName, severityOrder } from "./common.js";

export const SARIF_SCHEMA_URI =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const SRCROOT = "%SRCROOT%";
export const DEFAULT_SARIF_CATEGORY = "shipshape/";
/** GitHub code scanning rejects runs with more results than this. */
export const GITHUB_MAX_RESULTS = 25_000;
/** GitHub rejects uploads above 10 MB gzipped; 10^7 bytes keeps a margin under either reading of "MB". */
export const GITHUB_MAX_GZIP_BYTES = 10_000_000;
/** GitHub keeps at most this many locations per result; more are noise anyway. */
const MAX_RELATED_LOCATIONS = 1000;
/** GitHub accepts at most 20 tags per rule. */
const MAX_TAGS = 20;

export interface SarifOptions {
  /** `automationDetails.id`; a trailing `/` is added when missing (as GitHub's upload action does). Default `shipshape/`. */
  category?: string;
  /** Results kept at most (GitHub: 25,000). */
  maxResults?: number;
  /** Gzipped size of the log at most, in bytes (GitHub: 10 MB). */
  maxGzipBytes?: number;
}

export function formatSarif(result: LintResult, options: SarifOptions = {}): string {
  return withinLimits(result, options).text;
}

/** The SARIF log object, GitHub's limits applied. */
export function toSarif(result: LintResult, options: SarifOptions = {}): Sarif.Log {
  return withinLimits(result, options).log;
}

function serialize(log: Sarif.Log): string {
  return `${JSON.stringify(log, null, 2)}\n`;
}

interface Serialized {
  log: Sarif.Log;
  text: string;
}

function withinLimits(result: LintResult, options: SarifOptions): Serialized {
  const maxResults = options.maxResults ?? GITHUB_MAX_RESULTS;
  const maxGzipBytes = options.maxGzipBytes ?? GITHUB_MAX_GZIP_BYTES;
  const ruleIndex = new Map(result.rules.map((r, i) => [r.meta.id, i]));
  const results = result.findings.map((f) => sarifResult(f, result, ruleIndex));
  // The most severe first: what survives a cut.
  const order = severityOrder(result.findings);

  const build = (kept: number): Serialized => {
    const keep = order.slice(0, kept).sort((a, b) => a - b);
    const log = sarifLog(
      result,
      options,
      keep.map((i) => results[i]!),
      results.length - keep.length,
    );
    return { log, text: serialize(log) };
  };
  const fits = (s: Serialized): boolean => {
    const raw = Buffer.from(s.text, "utf8");
    // gzip never grows a text by more than a few bytes per 16 KiB block, so small logs skip compressing.
    return raw.length <= maxGzipBytes * 0.99 || gzipSync(raw).length <= maxGzipBytes;
  };

  const kept = Math.min(results.length, Math.max(0, maxResults));
  const all = build(kept);
  if (fits(all)) return all;
  // Too large: the largest count that fits, by bisection (each probe serialises the log).
  let lo = 0;
  let hi = kept - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(build(mid))) lo = mid;
    else hi = mid - 1;
  }
  return build(lo);
}

function sarifLog(result: LintResult, options: SarifOptions, results: Sarif.Result[], dropped: number): Sarif.Log {
  const { name, version, homepage } = packageInfo();
  const driver: Sarif.ToolComponent = { name, version, semanticVersion: version };
  if (homepage !== "") driver.informationUri = homepage;
  driver.rules = result.rules.map((r) => ruleDescriptor(r, result.ruleLevels[r.meta.id] ?? r.meta.level));

  const run: Sarif.Run = { tool: { driver } };
  const category = automationId(options.category ?? DEFAULT_SARIF_CATEGORY);
  if (category !== undefined) run.automationDetails = { id: category };
  run.originalUriBaseIds = {
    [SRCROOT]: {
      description: {
        text: "The root of the scanned source tree: GITHUB_WORKSPACE when set, else the git top level of the working directory, else the working directory.",
      },
    },
  };
  run.invocations = [invocation(result, dropped, results.length + dropped)];
  run.columnKind = "utf16CodeUnits";
  run.results = results;
  run.properties = { kubeVersion: result.kubeVersion };
  return { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] };
}

function automationId(category: string): string | undefined {
  if (category === "") return undefined;
  return category.endsWith("/") ? category : `${category}/`;
}

function ruleDescriptor(rule: Rule, level: Level): Sarif.ReportingDescriptor {
  const meta = rule.meta;
  const helpUri = ruleDocsUri(meta);
  const security = meta.securitySeverity !== undefined;
  const tags = [...new Set(security ? ["security", ...meta.tags] : meta.tags)].slice(0, MAX_TAGS);
  const properties: Sarif.PropertyBag = { tags, precision: meta.precision ?? "high" };
  if (meta.securitySeverity !== undefined) properties["security-severity"] = meta.securitySeverity.toFixed(1);
  else properties["problem.severity"] = level === "note" ? "recommendation" : level;

  return {
    id: meta.id,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: { text: helpText(rule, helpUri), markdown: helpMarkdown(rule, helpUri) },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level },
    properties,
  };
}

function helpText(rule: Rule, helpUri: string | undefined): string {
  const { description, remediation, references = [] } = rule.meta;
  const parts = [description, `Remediation: ${remediation}`];
  if (references.length > 0) parts.push(`References:\n${references.map((r) => `- ${r}`).join("\n")}`);
  if (helpUri) parts.push(`Documentation: ${helpUri}`);
  return parts.join("\n\n");
}

function helpMarkdown(rule: Rule, helpUri: string | undefined): string {
  const { description, remediation, references = [] } = rule.meta;
  const parts = [description, `**Remediation:** ${remediation}`];
  if (references.length > 0) parts.push(`**References:**\n\n${references.map((r) => `- <${r}>`).join("\n")}`);
  if (helpUri) parts.push(`[Rule documentation](${helpUri})`);
  return parts.join("\n\n");
}

function sarifResult(f: Finding, result: LintResult, ruleIndex: Map<string, number>): Sarif.Result {
  const index = ruleIndex.get(f.ruleId);
  const out: Sarif.Result = { ruleId: f.ruleId, ruleIndex: index, level: f.level, message: { text: sentence(f.message) } };
  out.locations = [
    {
      physicalLocation: {
        artifactLocation: artifactLocation(f.file, result),
        region: region(f.line, f.column, f.endLine, f.endColumn),
      },
    },
  ];
  if (f.resource !== null) {
    out.locations[0]!.logicalLocations = [{ fullyQualifiedName: resourceDisplayName(f.resource), kind: "resource" }];
  }
  if (f.related.length > 0) {
    out.relatedLocations = f.related.slice(0, MAX_RELATED_LOCATIONS).map((r, i) => relatedLocation(r, i + 1, result));
  }
  if (f.suppressed) {
    out.suppressions =
      f.suppressions.length === 0
        ? [{ kind: "external", status: "accepted" }]
        : f.suppressions.map((s) => {
            const sup: Sarif.Suppression = { kind: s.kind };
            if (s.justification !== null && s.justification !== "") sup.justification = s.justification;
            sup.status = "accepted";
            sup.properties = { source: s.source };
            return sup;
          });
  }
  out.partialFingerprints = { "shipshape/v1": f.fingerprint };
  const properties: Sarif.PropertyBag = {};
  if (f.path !== null) properties["path"] = f.path;
  if (f.helmSource !== undefined) properties["helmSource"] = f.helmSource;
  if (Object.keys(properties).length > 0) out.properties = properties;
  return out;
}

function relatedLocation(r: RelatedLocation, id: number, result: LintResult): Sarif.Location {
  return {
    id,
    physicalLocation: {
      artifactLocation: artifactLocation(r.file, result),
      region: region(r.line, r.column, r.endLine, r.endColumn),
    },
    message: { text: sentence(r.message) },
  };
}

/** A well-formed region: every number at least 1 and the end not before the start. */
function region(line: number, column: number, endLine: number, endColumn: number): Sarif.Region {
  const startLine = atLeastOne(line);
  const startColumn = atLeastOne(column);
  const end = Math.max(atLeastOne(endLine), startLine);
  let endCol = atLeastOne(endColumn);
  if (end === startLine && endCol < startColumn) endCol = startColumn;
  return { startLine, startColumn, endLine: end, endColumn: endCol };
}

function atLeastOne(n: number): number {
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
}

/** The first sentence of a SARIF message must stand alone: end it with a full stop. */
export function sentence(text: string): string {
  const t = text.trimEnd();
  if (t === "") return "(no message).";
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

export function artifactLocation(file: string, result: Pick<LintResult, "srcRoot" | "cwd">): Sarif.ArtifactLocation {
  const place = placeFile(file, result);
  switch (place.kind) {
    case "root":
      return { uri: encodeRelativePath(place.path), uriBaseId: SRCROOT };
    case "pseudo":
      return { uri: encodeRelativePath(place.name) };
    case "outside":
      return { uri: fileUri(place.absPath) };
  }
}

/** Percent-encodes each segment of a relative path; `/` separates, `:` is always encoded (it would read as a scheme). */
export function encodeRelativePath(p: string): string {
  return p
    .split("/")
    .map((seg) => encodeURIComponent(seg).replace(/%(40|2B|3D|24|26|2C|3B)/g, (m) => decodeURIComponent(m)))
    .join("/");
}

function fileUri(absPath: string): string {
  // pathToFileURL leaves a few characters that RFC 3986 does not allow in a path.
  return pathToFileURL(absPath).href.replace(
    /[[\]{}|^`]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

function invocation(result: LintResult, dropped: number, total: number): Sarif.Invocation {
  const notifications: Sarif.Notification[] = [];
  for (const n of result.notifications) {
    const note: Sarif.Notification = {
      level: n.level,
      message: { text: sentence(n.message) },
      descriptor: { id: n.id },
    };
    if (n.file !== null) note.locations = [notificationLocation(n.file, n.line, result)];
    notifications.push(note);
  }
  const ruleIndex = new Map(result.rules.map((r, i) => [r.meta.id, i]));
  for (const e of result.errors) {
    const note: Sarif.Notification = {
      level: "error",
      message: { text: sentence(e.message) },
      descriptor: { id: e.ruleId !== undefined ? "rule-error" : "internal-error" },
    };
    if (e.ruleId !== undefined) {
      const index = ruleIndex.get(e.ruleId);
      note.associatedRule = index !== undefined ? { id: e.ruleId, index } : { id: e.ruleId };
    }
    if (e.file !== null) note.locations = [notificationLocation(e.file, null, result)];
    notifications.push(note);
  }
  if (dropped > 0) {
    notifications.push({
      level: "warning",
      message: {
        text:
          `${dropped} of ${total} results ${dropped === 1 ? "was" : "were"} left out of this log to stay within GitHub's code scanning limits ` +
          `(at most 25,000 results per run and 10 MB gzipped). The most severe results were kept; ` +
          `run with --format json for the full list.`,
      },
      descriptor: { id: "sarif-results-truncated" },
    });
  }
  const inv: Sarif.Invocation = { executionSuccessful: result.errors.length === 0 };
  if (notifications.length > 0) inv.toolExecutionNotifications = notifications;
  return inv;
}

function notificationLocation(file: string, line: number | null, result: LintResult): Sarif.Location {
  const physicalLocation: Sarif.PhysicalLocation = { artifactLocation: artifactLocation(file, result) };
  if (line !== null && line >= 1) physicalLocation.region = { startLine: Math.floor(line) };
  return { physicalLocation };
}
