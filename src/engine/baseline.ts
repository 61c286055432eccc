/**
 * Baselines: a file of known findings, so a run fails only on new ones. An entry is matched by
 * fingerprint (rule + resource identity + path), then by rule + identity + path without the
 * directory refinement fingerprints get when two findings collide — so unrelated edits, moved
 * documents and renamed files within the same resource identity do not resurrect a finding.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { cmp } from "../model/compare.js";
import { apiGroup } from "../model/resource.js";
import { relPosix } from "../discover/git.js";
import { ConfigError } from "./config-errors.js";
import type { BaselineEntry, BaselineSummary, Finding, Suppression } from "./types.js";

export const DEFAULT_BASELINE_FILE = ".shipshape-baseline.json";
export const BASELINE_FORMAT_VERSION = 1;

export interface BaselineFile {
  tool: "shipshape";
  version: typeof BASELINE_FORMAT_VERSION;
  findings: BaselineEntry[];
}

/** The entries of a baseline for the open findings of a run; `file` becomes relative to the baseline's directory. */
export function createBaseline(findings: readonly Finding[], cwd: string, baselineDir: string): BaselineFile {
  const entries = findings
    .filter((f) => !f.suppressed)
    .map((f): BaselineEntry => ({
      ruleId: f.ruleId,
      fingerprint: f.fingerprint,
      file: fileFromCwd(f.file, cwd, baselineDir),
      resource: f.resource
        ? { group: apiGroup(f.resource.apiVersion), kind: f.resource.kind, namespace: f.resource.namespace, name: f.resource.name }
        : null,
      path: f.path,
      message: f.message,
    }));
  entries.sort(compareEntries);
  return { tool: "shipshape", version: BASELINE_FORMAT_VERSION, findings: entries };
}

/** Stable text: the same findings give the same bytes (keys in a fixed order, entries sorted). */
export function serializeBaseline(b: BaselineFile): string {
  const findings = b.findings.map((e) => ({
    ruleId: e.ruleId,
    fingerprint: e.fingerprint,
    file: e.file,
    resource: e.resource && { group: e.resource.group, kind: e.resource.kind, namespace: e.resource.namespace, name: e.resource.name },
    path: e.path,
    message: e.message,
  }));
  // One entry per line: a regenerated baseline diffs by finding.
  const lines = findings.map((e) => `    ${JSON.stringify(e)}`);
  return `{\n  "tool": ${JSON.stringify(b.tool)},\n  "version": ${b.version},\n  "findings": [${lines.length ? `\n${lines.join(",\n")}\n  ` : ""}]\n}\n`;
}

/** Reads and checks a baseline file; anything unreadable is a configuration error (exit 2). */
export function readBaseline(file: string, display: string): BaselineFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ConfigError(`baseline file not found: ${display} (create it with "shipshape baseline -o ${display}")`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`baseline ${display} is not valid JSON: ${(e as Error).message}`);
  }
  const bad = (why: string) => new ConfigError(`baseline ${display}: ${why}`);
  if (!isRecord(data) || data.tool !== "shipshape" || !Array.isArray(data.findings)) throw bad('not a shipshape baseline (expected {"tool": "shipshape", "findings": [...]})');
  if (data.version !== BASELINE_FORMAT_VERSION) throw bad(`unsupported version ${JSON.stringify(data.version)} (this shipshape reads version ${BASELINE_FORMAT_VERSION})`);
  const findings = data.findings.map((e: unknown, i: number): BaselineEntry => {
    if (!isRecord(e) || typeof e.ruleId !== "string" || typeof e.fingerprint !== "string" || typeof e.file !== "string") {
      throw bad(`entry ${i} needs string ruleId, fingerprint and file`);
    }
    const r = e.resource;
    const resource = isRecord(r) && typeof r.kind === "string"
      ? { group: typeof r.group === "string" ? r.group : "", kind: r.kind, namespace: typeof r.namespace === "string" ? r.namespace : null, name: typeof r.name === "string" ? r.name : null }
      : null;
    return { ruleId: e.ruleId, fingerprint: e.fingerprint, file: e.file, resource, path: typeof e.path === "string" ? e.path : null, message: typeof e.message === "string" ? e.message : "" };
  });
  return { tool: "shipshape", version: BASELINE_FORMAT_VERSION, findings };
}

export interface ApplyBaselineInput {
  findings: readonly Finding[];
  baseline: BaselineFile;
  /** The baseline file: absolute path and its display form (relative to cwd). */
  file: string;
  display: string;
  cwd: string;
  /** Whether an entry's file (cwd-relative display path) was linted in this run, in the report scope, by its rule. */
  covers: (display: string, ruleId: string) => boolean;
}

/**
 * Marks every open finding the baseline knows as suppressed (kind `external`, source `baseline`),
 * in place, and returns what matched and which entries no longer occur (fixed).
 */
export function applyBaseline(input: ApplyBaselineInput): BaselineSummary {
  const { findings, baseline, cwd } = input;
  const baseDir = path.dirname(input.file);
  const remaining = new Set<number>(baseline.findings.map((_, i) => i));
  const byFingerprint = groupBy(baseline.findings, (e) => e.fingerprint);
  const byKey = groupBy(baseline.findings, entryKey);
  const matched = new Map<Finding, number>();

  const take = (candidates: number[] | undefined, f: Finding): number | undefined => {
    const open = (candidates ?? []).filter((i) => remaining.has(i));
    if (open.length === 0) return undefined;
    // Prefer the entry in the same file, then the same directory (the same resource under clusters/dev and clusters/prod).
    const file = fileFromCwd(f.file, cwd, baseDir);
    const pick = open.find((i) => baseline.findings[i]?.file === file)
      ?? open.find((i) => path.posix.dirname(baseline.findings[i]?.file ?? "") === path.posix.dirname(file))
      ?? open[0];
    if (pick !== undefined) remaining.delete(pick);
    return pick;
  };

  const open = findings.filter((f) => !f.suppressed);
  for (const f of open) {
    const i = take(byFingerprint.get(f.fingerprint), f);
    if (i !== undefined) matched.set(f, i);
  }
  for (const f of open) {
    if (matched.has(f)) continue;
    const i = take(byKey.get(findingKey(f, cwd, baseDir)), f);
    if (i !== undefined) matched.set(f, i);
  }

  const justification = `known finding, recorded in the baseline ${relPosix(cwd, input.file)}`;
  for (const f of matched.keys()) {
    const s: Suppression = { kind: "external", source: "baseline", justification };
    f.suppressions.push(s);
    f.suppressed = true;
  }
  const fixed = [...remaining]
    .map((i) => baseline.findings[i] as BaselineEntry)
    .filter((e) => !e.file.startsWith("<") && input.covers(relPosix(cwd, path.resolve(baseDir, e.file)), e.ruleId))
    .sort(compareEntries);
  return { file: input.display, entries: baseline.findings.length, matched: matched.size, fixed };
}

/** The matching key without fingerprint refinement: rule, identity (or file and message for file-level findings), path. */
function entryKey(e: BaselineEntry): string {
  const identity = e.resource ? `${e.resource.group}|${e.resource.kind}|${e.resource.namespace ?? ""}|${e.resource.name ?? ""}` : `file|${e.file}|${e.message}`;
  return `${e.ruleId}\u0000${identity}\u0000${e.path ?? ""}`;
}

function findingKey(f: Finding, cwd: string, baseDir: string): string {
  const identity = f.resource
    ? `${apiGroup(f.resource.apiVersion)}|${f.resource.kind}|${f.resource.namespace ?? ""}|${f.resource.name ?? ""}`
    : `file|${fileFromCwd(f.file, cwd, baseDir)}|${f.message}`;
  return `${f.ruleId}\u0000${identity}\u0000${f.path ?? ""}`;
}

/** A cwd-relative display path made relative to the baseline's directory (pseudo files such as `<stdin>` stay as they are). */
function fileFromCwd(file: string, cwd: string, baseDir: string): string {
  if (file.startsWith("<")) return file;
  return relPosix(baseDir, path.resolve(cwd, file));
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return cmp(a.file, b.file) || cmp(a.ruleId, b.ruleId) || cmp(resourceText(a), resourceText(b)) || cmp(a.path ?? "", b.path ?? "") || cmp(a.message, b.message) || cmp(a.fingerprint, b.fingerprint);
}

export function resourceText(e: BaselineEntry): string {
  if (!e.resource) return "";
  const kind = e.resource.group ? `${e.resource.kind}.${e.resource.group}` : e.resource.kind;
  return [kind, e.resource.namespace, e.resource.name ?? "(unnamed)"].filter((s) => s !== null).join("/");
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  });
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
