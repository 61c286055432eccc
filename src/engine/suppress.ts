import path from "node:path";
import { minimatch } from "minimatch";
import { normalizeGlob } from "../discover/globs.js";
import { relPosix } from "../discover/git.js";
import type { SourceRange } from "../load/parse.js";
import type { LoadedFile } from "../load/read.js";
import type { Path } from "../model/path.js";
import { apiGroup, displayName, type Resource } from "../model/resource.js";
import type { WorkloadKinds } from "../model/workloads.js";
import type { ExceptionConfig, ShipshapeConfig } from "./config.js";
import { annotationDirectives, commentDirectives, entryCovers, type AnnotationDirective, type CommentDirective } from "./directives.js";
import type { Notification, Suppression } from "./types.js";

interface Suppressible {
  ruleId: string;
  file: string;
  range: SourceRange;
  resource: Resource | null;
  path: Path | null;
}

export interface UnusedSuppression {
  file: string;
  range: SourceRange;
  message: string;
  resource: Resource | null;
  path: Path | null;
}

export interface SuppressInput<T extends Suppressible> {
  drafts: readonly T[];
  loaded: readonly LoadedFile[];
  resources: readonly Resource[];
  config: ShipshapeConfig;
  cwd: string;
  workloadKinds: WorkloadKinds;
  ruleEnabled(file: string, ruleId: string): boolean;
  knownRule(id: string): boolean;
  locateIn(resource: Resource, path: Path): SourceRange;
  /** Today as YYYY-MM-DD (for exception expiry); default: the system date. */
  today?: string;
}

export interface SuppressOutput<T> {
  byDraft: Map<T, Suppression[]>;
  notifications: Notification[];
  unused: UnusedSuppression[];
}

/** Matches findings against annotations, comments and config exceptions; keeps every finding. */
export function applySuppressions<T extends Suppressible>(input: SuppressInput<T>): SuppressOutput<T> {
  const { config } = input;
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  const byDraft = new Map<T, Suppression[]>();
  const notifications: Notification[] = [];
  const add = (d: T, s: Suppression) => {
    const list = byDraft.get(d) ?? [];
    list.push(s);
    byDraft.set(d, list);
  };

  const comments = new Map<string, CommentDirective[]>();
  for (const l of input.loaded) {
    const list = commentDirectives(l.file, l.parsed.source.text);
    if (list.length > 0) comments.set(l.file, list);
  }
  const annotations = new Map<number, AnnotationDirective[]>();
  for (const r of input.resources) {
    const list = annotationDirectives(r, input.workloadKinds);
    if (list.length > 0) annotations.set(r.id, list);
  }
  const active: ExceptionConfig[] = [];
  for (const e of config.exceptions) {
    if (e.expires && e.expires < today) {
      notifications.push({ level: "warning", file: config.display ?? null, line: e.line, id: "exception-expired",
        message: `the exception for rule ${e.rule} (${describeException(e)}) expired on ${e.expires} and no longer applies` });
    } else active.push(e);
  }
  const exceptionUsed = new Set<ExceptionConfig>();

  for (const d of input.drafts) {
    if (d.ruleId === "unused-suppression") continue;
    for (const c of comments.get(d.file) ?? []) {
      if (c.targetLine !== undefined && c.targetLine !== d.range.line) continue;
      for (const e of c.entries) {
        if (!entryCovers(e, d.ruleId)) continue;
        e.used = true;
        add(d, { kind: "inSource", source: c.targetLine === undefined ? "file-comment" : "comment", justification: c.reason });
        break;
      }
    }
    if (d.resource) {
      for (const a of annotations.get(d.resource.id) ?? []) {
        const e = a.entries.find((x) => entryCovers(x, d.ruleId));
        if (!e) continue;
        e.used = true;
        add(d, { kind: "inSource", source: "annotation", justification: a.reason });
      }
    }
    for (const e of active) {
      if (e.rule !== "*" && e.rule !== d.ruleId) continue;
      if (!exceptionMatches(e, d.resource, d.file, input)) continue;
      exceptionUsed.add(e);
      add(d, { kind: "external", source: "exception", justification: e.reason });
    }
  }

  const unused: UnusedSuppression[] = [];
  const describe = (rule: string) => (input.knownRule(rule) || rule === "all" || rule === "*" ? `rule ${rule}` : `unknown rule "${rule}"`);
  for (const list of comments.values()) {
    for (const c of list) {
      for (const e of c.entries) {
        if (e.used) continue;
        const known = input.knownRule(e.rule) || e.rule === "all" || e.rule === "*";
        if (known && e.rule !== "all" && e.rule !== "*" && !input.ruleEnabled(c.file, e.rule)) continue;
        if (known && (e.rule === "all" || e.rule === "*") && !input.ruleEnabled(c.file, "unused-suppression")) continue;
        unused.push({
          file: c.file,
          range: { line: c.line, column: c.column, endLine: c.line, endColumn: c.endColumn },
          message: `suppression comment for ${describe(e.rule)} matches no finding${c.targetLine ? ` on line ${c.targetLine}` : " in this file"}; remove it`,
          resource: null,
          path: null,
        });
      }
    }
  }
  for (const list of annotations.values()) {
    for (const a of list) {
      for (const e of a.entries) {
        if (e.used) continue;
        const known = input.knownRule(e.rule) || e.rule === "all" || e.rule === "*";
        if (known && e.rule !== "all" && e.rule !== "*" && !input.ruleEnabled(a.resource.file, e.rule)) continue;
        unused.push({
          file: a.resource.file,
          range: input.locateIn(a.resource, a.path),
          message: `annotation shipshape.dev/ignore on ${displayName(a.resource)} names ${describe(e.rule)}, which reports nothing here; remove it`,
          resource: a.resource,
          path: a.path,
        });
      }
    }
  }
  if (config.display) {
    for (const e of active) {
      if (exceptionUsed.has(e)) continue;
      // Only an exception whose target was linted can be called stale.
      const target = input.resources.find((r) => exceptionMatches(e, r, r.file, input) && (e.rule === "*" || input.ruleEnabled(r.file, e.rule)));
      if (!target) continue;
      unused.push({
        file: config.display,
        range: { line: e.line, column: e.column, endLine: e.line, endColumn: e.column },
        message: `the exception for rule ${e.rule} (${describeException(e)}) matches no finding; remove it`,
        resource: null,
        path: null,
      });
    }
  }
  return { byDraft, notifications, unused };
}

function describeException(e: ExceptionConfig): string {
  const r = e.resource;
  const parts = [r.kind, r.namespace, r.name].filter(Boolean).join("/");
  return parts || e.files.join(", ");
}

function exceptionMatches(e: ExceptionConfig, resource: Resource | null, file: string, input: { cwd: string; config: ShipshapeConfig }): boolean {
  const r = e.resource;
  if (r.kind !== undefined || r.name !== undefined || r.namespace !== undefined || r.apiVersion !== undefined) {
    if (!resource) return false;
    if (r.kind !== undefined && r.kind !== resource.kind) return false;
    if (r.name !== undefined && r.name !== resource.name) return false;
    if (r.namespace !== undefined && r.namespace !== resource.namespace) return false;
    if (r.apiVersion !== undefined && apiGroup(r.apiVersion) !== resource.group) return false;
  }
  if (e.files.length > 0) {
    const rel = relPosix(input.config.dir, path.resolve(input.cwd, file));
    if (!e.files.some((g) => minimatch(rel, normalizeGlob(g), { dot: true }))) return false;
  }
  return true;
}
