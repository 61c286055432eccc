/**
 * The rule API: the only engine module rules import (with src/model and src/analysis).
 * A rule never sees YAML: it receives plain values and reports paths.
 */
import type { Path } from "./model/path.js";
import type { Resource } from "./model/resource.js";
import type { PodSpecRef, WorkloadKinds } from "./model/workloads.js";
import type { ResourceIndex } from "./model/resource-index.js";

export type Level = "error" | "warning" | "note";
export type ConfigLevel = Level | "off";
export type PresetName = "recommended" | "strict" | "pss-baseline" | "pss-restricted";
export const PRESET_NAMES: readonly PresetName[] = ["recommended", "strict", "pss-baseline", "pss-restricted"];

export const CATEGORIES = [
  "syntax",
  "pod-security",
  "workload",
  "images",
  "rbac",
  "network",
  "secrets",
  "control-plane",
  "integrity",
  "gitops",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** A JSON Schema (draft-07 subset) describing one option. */
export interface OptionSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  items?: OptionSchema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, OptionSchema>;
  additionalProperties?: boolean | OptionSchema;
  required?: string[];
}

export interface RuleMeta<M extends Record<string, string> = Record<string, string>> {
  /** kebab-case, unique, stable forever; equals the file name and the fixture folder. */
  id: string;
  title: string;
  /** Why it matters, in our own words. */
  description: string;
  /** What to change. */
  remediation: string;
  category: Category;
  /** Default level. */
  level: Level;
  /** 0.1–10.0 for security rules; absent for hygiene rules (syntax, bookkeeping). */
  securitySeverity?: number;
  precision?: "very-high" | "high" | "medium" | "low";
  tags: string[];
  /** Presets that enable the rule; `strict` implicitly holds every rule. */
  presets: PresetName[];
  /** A level per preset where it differs from `level` (e.g. warning in recommended, error in strict). */
  presetLevels?: Partial<Record<PresetName, Level>>;
  messages: M;
  /** Option schemas with defaults, by option name. */
  options?: Record<string, OptionSchema>;
  references?: string[];
  /** Documentation page; built-in rules get `DOCS_BASE/rules/<id>`, plugin rules may set their own. */
  helpUri?: string;
  since: string;
}

export interface RelatedInput {
  resource: Resource;
  path: Path;
  message: string;
}

export interface ReportInput<M extends Record<string, string>> {
  path: Path;
  messageId: keyof M & string;
  data?: Record<string, string | number>;
  /** Raise or lower this one finding's level (a config level still wins). */
  level?: Level;
  related?: RelatedInput[];
  /** Required for repo rules: the resource the path points into. Defaults to the target's resource. */
  resource?: Resource;
}

export interface RuleContext<M extends Record<string, string>> {
  /** This rule's options after config resolution, defaults filled in. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The target Kubernetes version, normalised `1.N`, for the resource being checked. */
  readonly kubeVersion: string;
  /** For repo rules, which differ per file under `overrides`. */
  kubeVersionFor(resource: Resource): string;
  /** Options for a resource's file (repo rules; per-path overrides may set them). */
  optionsFor(resource: Resource): Readonly<Record<string, unknown>>;
  readonly workloadKinds: WorkloadKinds;
  /** A run-level notification (e.g. a version fallback), said once per run per id. */
  note(id: string, message: string): void;
  report(input: ReportInput<M>): void;
}

export type AppliesTo = "podSpecs" | "repo" | "resources" | { kinds: string[] };

interface RuleBase<M extends Record<string, string>> {
  meta: RuleMeta<M>;
}

export interface PodSpecRule<M extends Record<string, string>> extends RuleBase<M> {
  appliesTo: "podSpecs";
  check(target: PodSpecRef, ctx: RuleContext<M>): void;
}

export interface ResourceRule<M extends Record<string, string>> extends RuleBase<M> {
  appliesTo: "resources" | { kinds: string[] };
  check(target: Resource, ctx: RuleContext<M>): void;
}

export interface RepoRule<M extends Record<string, string>> extends RuleBase<M> {
  appliesTo: "repo";
  check(target: ResourceIndex, ctx: RuleContext<M>): void;
}

/** Rules the engine itself reports (syntax, duplicate keys, suppressions); they have no check. */
export interface EngineRule<M extends Record<string, string>> extends RuleBase<M> {
  appliesTo: "engine";
}

export type Rule<M extends Record<string, string> = Record<string, string>> =
  | PodSpecRule<M>
  | ResourceRule<M>
  | RepoRule<M>
  | EngineRule<M>;

/** Declares a rule; typed so that a messageId missing from meta.messages fails to compile. */
export function defineRule<const M extends Record<string, string>>(rule: PodSpecRule<M>): Rule;
export function defineRule<const M extends Record<string, string>>(rule: ResourceRule<M>): Rule;
export function defineRule<const M extends Record<string, string>>(rule: RepoRule<M>): Rule;
export function defineRule<const M extends Record<string, string>>(rule: EngineRule<M>): Rule;
export function defineRule(rule: Rule): Rule {
  return rule;
}

/** The absolute documentation URL of a rule. */
export function ruleHelpUri(id: string): string {
  return `${DOCS_BASE}/rules/${id}`;
}

/**
 * The documentation URL of a rule's metadata: its own `helpUri`, else ours for built-in ids.
 * Plugin and policy rules (`name/rule-id`) have no page of ours, so they get none unless they set one.
 */
export function ruleDocsUri(meta: { id: string; helpUri?: string }): string | undefined {
  return meta.helpUri ?? (meta.id.includes("/") ? undefined : ruleHelpUri(meta.id));
}

/** One docs base URL constant (package.json `homepage`). */
export const DOCS_BASE = "https://shipshape.dev";
