import { existsSync } from "node:fs";
import path from "node:path";
import { discover } from "../discover/discover.js";
import { gitTopLevel, relPosix } from "../discover/git.js";
import { kustomizeView } from "../discover/kustomize.js";
import { assemble, type ResourceSource } from "../load/assemble.js";
import { locate } from "../load/locate.js";
import type { SourceRange } from "../load/parse.js";
import { ParseCache } from "../load/cache.js";
import { loadBytes, loadFile, type LoadedFile } from "../load/read.js";
import { countDocuments, render, type HelmMode } from "../render/index.js";
import { cmp } from "../model/compare.js";
import { formatPath, type Path } from "../model/path.js";
import { displayName, identityOf, resourceRef, type Resource, type ResourceRef } from "../model/resource.js";
import { ResourceIndex } from "../model/resource-index.js";
import { exposureMarkdownSummary } from "../analysis/network/report.js";
import { WorkloadKinds, podSpecOf, type PodSpecRef } from "../model/workloads.js";
import type { Level, ReportInput, Rule, RuleContext } from "../rule-api.js";
import { builtInRules } from "../../rules/index.js";
import { loadExtensions } from "../plugins/extensions.js";
import { emptyConfig, findConfig, loadConfig, type ShipshapeConfig } from "./config.js";
import { applySuppressions } from "./suppress.js";
import { fingerprints } from "./fingerprint.js";
import { applyEdges, withinPaths } from "./scope.js";
import { Settings, type FileSettings } from "./settings.js";
import type { Finding, LintResult, Notification, RelatedLocation, RunError } from "./types.js";

export interface LintOptions {
  /** Working directory; output paths are relative to it. Default: process.cwd(). */
  cwd?: string;
  /** Files, directories or globs; `-` reads `stdin`. Default `["."]`. */
  paths?: string[];
  /** Config file; default: discovered from cwd upward. `false` uses no config. */
  config?: string | false;
  only?: string[];
  disable?: string[];
  /** Normalised `1.N`. */
  kubeVersion?: string;
  gitignore?: boolean;
  exclude?: string[];
  maxFileSize?: number;
  /** Text for the `-` path and its display name. */
  stdin?: { text: string | Uint8Array; filename?: string };
  timing?: boolean;
  /** Rules to use instead of the built-in ones (tests, plugins). */
  rules?: readonly Rule[];
  /** `--render auto` (true) or `none` (false); default: the config's `render.enabled`, else true. */
  render?: boolean;
  /** `--helm native|binary|off`; default: the config's `render.helm`, else native. */
  helm?: HelmMode;
  /** `--kustomize-bin PATH` (relative to cwd, or a name on PATH); wins over `render.kustomizeBin`. */
  kustomizeBin?: string;
  /** Per-root kustomize timeout (tests). */
  renderTimeoutMs?: number;
  /** Baseline file (relative to cwd) whose findings are reported as suppressed; `false` ignores the config's too. */
  baseline?: string | false;
  /** Absolute files or directories: report only findings in them or on resources from them (`--changed-since`, `--context`). */
  reportOnly?: readonly string[];
  /**
   * `--context`: the rest of the repo is context only. Per-resource rules run only where a finding
   * can be reported (the report scope), and only the renders whose sources include a reported file
   * are rendered. Without `reportOnly` it changes nothing.
   */
  contextOnly?: boolean;
  /** The persistent cache directory (`.shipshape/cache`): parsed files and renders keyed by content hash. */
  cacheDir?: string;
  /** `--allow-plugins`: load the config's `plugins` (their code runs); without it a config listing plugins is a ConfigError. */
  allowPlugins?: boolean;
  /** Add a markdown summary of workload exposure to the result (for the markdown format and job summaries). */
  exposureSummary?: boolean;
  /** Called once the repo is modelled, before rules run: for queries over the resources (`rbac`, `exposure`). */
  onModel?: (model: RepoModel) => void;
  /** Called as the run moves on (a progress indicator); must be cheap, it may be called once per file. */
  onProgress?: (progress: LintProgress) => void;
}

/** Where a run is: its stage and, where it counts, items done of the total (files read, rules run). */
export interface LintProgress {
  stage: "discover" | "read" | "render" | "rules" | "report";
  done: number;
  total: number;
}

/** The modelled repo, for commands that query it rather than lint it. */
export interface RepoModel {
  resources: readonly Resource[];
  workloadKinds: WorkloadKinds;
  config: ShipshapeConfig;
  /** Where a path of a resource is in the user's files. */
  locate(resource: Resource, path: Path): { file: string; line: number; column: number };
}

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** An internal finding before fingerprinting and sorting. */
interface Draft {
  ruleId: string;
  level: Level;
  message: string;
  file: string;
  range: SourceRange;
  resource: Resource | null;
  path: Path | null;
  related: RelatedLocation[];
}

function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (data && k in data ? String(data[k]) : `{{${k}}}`));
}

/** The whole pipeline: discover → load → model → rules → suppress → report data. */
export async function lint(options: LintOptions = {}): Promise<LintResult> {
  const started = performance.now();
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const configFile = options.config === false ? undefined : options.config ? path.resolve(cwd, options.config) : findConfig(cwd);
  // plugin rules and CEL policies named by the config join the rule list before the config is validated
  const extensions = await loadExtensions({ configFile, cwd, allowPlugins: options.allowPlugins ?? false, known: options.rules ?? builtInRules });
  const rules = [...(options.rules ?? builtInRules), ...extensions.rules];
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const config: ShipshapeConfig = configFile ? loadConfig(configFile, cwd, byId) : emptyConfig(cwd);
  const settings = new Settings({ config, rules, only: options.only, disable: options.disable, kubeVersion: options.kubeVersion });
  const workloadKinds = new WorkloadKinds(config.workloadKinds);
  const repoRoot = gitTopLevel(cwd) ?? cwd;
  const notifications: Notification[] = [...extensions.notifications];
  const errors: RunError[] = [];
  const drafts: Draft[] = [];

  // discover
  const progress = options.onProgress ?? (() => undefined);
  progress({ stage: "discover", done: 0, total: 0 });
  const maxFileSize = options.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const paths = options.paths && options.paths.length > 0 ? options.paths : ["."];
  const fsPaths = paths.filter((p) => p !== "-");
  const discovered = fsPaths.length > 0
    ? await discover({
      cwd, paths: fsPaths, gitignore: options.gitignore ?? true, include: config.include, exclude: config.exclude,
      configDir: config.dir, cliExclude: options.exclude ?? [], maxFileSize,
    })
    : { files: [], notifications: [] };
  for (const n of discovered.notifications) notifications.push(n);

  // load
  const fileSettings = new Map<string, FileSettings>();
  const settingsOf = (file: string): FileSettings => fileSettings.get(file) ?? settings.forFile(undefined);
  const loaded: LoadedFile[] = [];
  const chartTemplates = new Map<string, number>();
  let filesLoaded = 0;
  const parseCache = options.cacheDir ? ParseCache.open(options.cacheDir) : undefined;
  const outcomes = discovered.files.map((f) => {
    const chart = chartOfTemplate(f.abs);
    const outcome = loadFile(f.display, f.abs, chart ? (text) => text.includes("{{") : undefined, maxFileSize, parseCache);
    progress({ stage: "read", done: ++filesLoaded, total: discovered.files.length });
    return { f, chart, outcome };
  });
  let filesRead = 0;
  for (const { f, chart, outcome } of outcomes) {
    fileSettings.set(f.display, settings.forFile(f.abs));
    if (outcome.skipped === "template" && chart) {
      chartTemplates.set(chart, (chartTemplates.get(chart) ?? 0) + 1);
      continue;
    }
    filesRead++;
    if (outcome.notification) notifications.push(outcome.notification);
    if (outcome.problem) drafts.push({ ruleId: outcome.problem.ruleId, level: "error", message: outcome.problem.message, file: f.display, range: outcome.problem.range, resource: null, path: null, related: [] });
    if (outcome.loaded) loaded.push(outcome.loaded);
  }
  const cacheError = parseCache?.save();
  if (cacheError) notifications.push({ level: "note", file: null, line: null, id: "cache-not-written", message: cacheError });
  const templateNotes = (renderedCharts: ReadonlySet<string>) => {
    for (const [chart, count] of [...chartTemplates].sort((a, b) => cmp(a[0], b[0]))) {
      if ([...renderedCharts].some((c) => chart === c || chart.startsWith(c + path.sep))) continue; // linted through its renders
      notifications.push({ level: "note", file: relPosix(cwd, chart), line: null, id: "helm-template-skipped",
        message: `${count} Helm template file${count === 1 ? "" : "s"} under ${relPosix(cwd, chart)}/templates need rendering and were not linted as plain YAML` });
    }
  };
  if (paths.includes("-") && options.stdin) {
    const name = options.stdin.filename ?? "<stdin>";
    const bytes = typeof options.stdin.text === "string" ? new TextEncoder().encode(options.stdin.text) : options.stdin.text;
    const outcome = loadBytes(name, undefined, bytes);
    filesRead++;
    fileSettings.set(name, settings.forFile(options.stdin.filename ? path.resolve(cwd, options.stdin.filename) : undefined));
    if (outcome.notification) notifications.push(outcome.notification);
    if (outcome.problem) drafts.push({ ruleId: outcome.problem.ruleId, level: "error", message: outcome.problem.message, file: name, range: outcome.problem.range, resource: null, path: null, related: [] });
    if (outcome.loaded) loaded.push(outcome.loaded);
  }

  // parse problems (after rendering: the files of a rendered Helm chart are linted only through its renders)
  const parseProblems = (helmCovered: (abs: string) => boolean) => {
    for (const l of loaded) {
      if (l.abs && helmCovered(l.abs)) continue;
      for (const p of l.parsed.problems) drafts.push({ ruleId: p.ruleId, level: "error", message: p.message, file: l.file, range: p.range, resource: null, path: null, related: [] });
    }
  };

  // --context: whether an absolute path lies in the report scope (undefined: everything is reported)
  // (When the config file itself is reported on, its unused exceptions need every rule everywhere.)
  const scopeTest = options.contextOnly && options.reportOnly ? withinPaths(options.reportOnly) : undefined;
  const scoped = scopeTest && !(config.file && scopeTest(config.file)) ? scopeTest : undefined;

  // Kustomize awareness: patches are partial objects; a kustomization's namespace applies to what it lists.
  const kview = kustomizeView(loaded.flatMap((l) => (l.abs ? [l.abs] : [])), repoRoot);
  const lintable = loaded.filter((l) => !(l.abs && kview.patchFiles.has(l.abs)));
  // render: Kustomize trees become what the cluster receives; their raw files are not linted again
  progress({ stage: "render", done: 0, total: 0 });
  const rendered = await render({
    enabled: options.render ?? config.render.enabled ?? true, repoRoot, cwd, loaded, timeoutMs: options.renderTimeoutMs,
    dirs: fsPaths.map((p) => path.resolve(cwd, p)).filter((p) => existsSync(p) && !/\.(ya?ml|json)$/.test(p)),
    kustomizeBin: options.kustomizeBin ? { value: options.kustomizeBin, fromConfig: false, baseDir: cwd }
      : config.render.kustomizeBin ? { value: config.render.kustomizeBin, fromConfig: true, baseDir: config.dir } : undefined,
    helm: {
      mode: options.helm ?? (config.render.helm as HelmMode | undefined) ?? "native", helm: config.helm,
      configFile: config.file, configDisplay: config.display, configDir: config.dir, kubeVersionFor: (abs) => settings.forFile(abs).kubeVersion,
    },
    ...(scoped ? { scope: scoped } : {}),
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
  });
  for (const n of rendered.notifications) notifications.push({ ...n, file: null, line: null });
  templateNotes(rendered.helmCharts);
  parseProblems((abs) => rendered.covered.has(abs) && [...rendered.helmCharts].some((c) => abs.startsWith(c + path.sep)));
  const ownLevel = new Set<Draft>();
  for (const f of rendered.findings) {
    const d: Draft = { ...f, level: f.level ?? "warning", resource: null, path: null };
    if (f.level) ownLevel.add(d);
    drafts.push(d);
  }
  for (const l of rendered.extraLoaded) if (!fileSettings.has(l.file)) fileSettings.set(l.file, settings.forFile(l.abs));
  const assembled = assemble([...lintable.filter((l) => !(l.abs && rendered.covered.has(l.abs))), ...rendered.outputs], {
    kustomization: (abs) => {
      const r = rendered.namespaceHint(abs);
      if (r) return r;
      const k = kview.listedBy.get(abs);
      return k ? { namespace: k.namespace, dir: k.dir } : undefined;
    },
  }, repoRoot, cwd, fsPaths.map((p) => path.resolve(cwd, p)).filter((p) => existsSync(p) && !p.endsWith(".yaml") && !p.endsWith(".yml")));
  const { resources, sources } = assembled;
  rendered.adopt(resources, sources);
  for (const p of assembled.problems) drafts.push({ ruleId: p.ruleId, level: "note", message: p.message, file: p.file, range: p.range, resource: null, path: null, related: [] });

  // rules
  // Where a path of a resource is in the user's files: through the render's map when it was rendered
  // (base, patch, generator entry, template line), else in the resource's own document. One lookup each.
  const placeOf = (r: Resource, p: Path): { file: string; range: SourceRange; related?: RelatedLocation[] } => {
    const mapped = rendered.locate(r, p);
    if (mapped) return mapped;
    const src = sources[r.id] as ResourceSource;
    return { file: r.file, range: locate(src.doc, src.loaded.parsed.source, [...src.prefix, ...p]) };
  };
  const locateIn = (r: Resource, p: Path): SourceRange => placeOf(r, p).range;
  const relatedOf = (input: { resource: Resource; path: Path; message: string }): RelatedLocation => {
    const { file, range } = placeOf(input.resource, input.path);
    return { file, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn, message: input.message };
  };
  const noted = new Set<string>();
  const index = new ResourceIndex(resources);
  options.onModel?.({ resources, workloadKinds, config, locate: (r, p) => relatedOf({ resource: r, path: p, message: "" }) });
  const exposureMarkdown = options.exposureSummary ? exposureSummaryOf(resources, workloadKinds, config) : "";
  const candidates = settings.candidateRules();
  const ruleRan = new Set<string>();
  const checked = scoped ? resourcesInScope(resources, scoped, cwd, (r) => rendered.sourcesOf(r)) : undefined;
  const checkedSet = checked ? new Set(checked) : undefined;

  // One context per rule, pointed at the resource being checked (rules are synchronous), rather than
  // a new set of closures for every rule × resource.
  const makeContext = (rule: Rule): { ctx: RuleContext<Record<string, string>>; at(r: Resource | undefined): RuleContext<Record<string, string>> } => {
    const top = settings.forFile(undefined);
    const fileOf = (r: Resource) => settingsOf(r.file);
    let current: Resource | undefined;
    const ctx: RuleContext<Record<string, string>> = {
      get options() {
        return current ? fileOf(current).rules.get(rule.meta.id)?.options ?? {} : top.rules.get(rule.meta.id)?.options ?? defaultsOf(rule);
      },
      get kubeVersion() {
        return current ? fileOf(current).kubeVersion : settings.baseKubeVersion;
      },
      kubeVersionFor: (r) => fileOf(r).kubeVersion,
      optionsFor: (r) => fileOf(r).rules.get(rule.meta.id)?.options ?? defaultsOf(rule),
      workloadKinds,
      note: (id, message) => {
        if (noted.has(id)) return;
        noted.add(id);
        notifications.push({ level: "note", file: null, line: null, id, message });
      },
      report: (input: ReportInput<Record<string, string>>) => {
        const resource = input.resource ?? current;
        if (!resource) throw new Error(`rule ${rule.meta.id} reported without a resource`);
        // --context: a finding no reported file can show is not located (that would parse its file)
        if (checkedSet && !checkedSet.has(resource)) return;
        const active = fileOf(resource).rules.get(rule.meta.id);
        if (!active) return;
        const template = rule.meta.messages[input.messageId];
        if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId "${input.messageId}"`);
        // A rendered finding points at the file that produced the value (base, patch, generator entry).
        const at = placeOf(resource, input.path);
        // A level written in the config replaces every finding's level; otherwise a rule may adjust one.
        drafts.push({
          ruleId: rule.meta.id,
          level: isConfigured(config, rule.meta.id) ? active.level : input.level ?? active.level,
          message: withHelmSource(interpolate(template, input.data), resource),
          file: at.file,
          range: at.range,
          resource,
          // A copy of the exact length: paths built by spreading keep room for two or three times
          // their segments, for every finding of the run.
          path: input.path.slice(),
          related: [...(input.related ?? []).map(relatedOf), ...(at.related ?? [])],
        });
      },
    };
    return { ctx, at: (r) => ((current = r), ctx) };
  };

  const failed = (rule: Rule, where: Resource | undefined, e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    errors.push({ file: where?.file ?? null, message: `rule ${rule.meta.id} failed${where ? ` on ${displayName(where)}` : ""}: ${msg}`, ruleId: rule.meta.id });
  };

  // Looked up once per resource for every rule (a rule × resource loop is the hot path of a run):
  // the resource's file settings and, for pod-spec rules, its pod spec.
  const targets = checked ?? resources;
  const targetSettings = targets.map((r) => settingsOf(r.file));
  let targetPods: (PodSpecRef | undefined)[] | undefined;
  for (const [i, rule] of candidates.entries()) {
    progress({ stage: "rules", done: i, total: candidates.length });
    if (rule.appliesTo === "engine") continue;
    ruleRan.add(rule.meta.id);
    if (rule.appliesTo === "repo") {
      try {
        rule.check(index, makeContext(rule).at(undefined));
      } catch (e) {
        failed(rule, undefined, e);
      }
      continue;
    }
    const context = makeContext(rule);
    const id = rule.meta.id;
    const pods = rule.appliesTo === "podSpecs" ? (targetPods ??= targets.map((r) => podSpecOf(r, workloadKinds))) : undefined;
    const kinds = typeof rule.appliesTo === "object" ? rule.appliesTo.kinds : undefined;
    const check = rule.check as (target: Resource | PodSpecRef, ctx: RuleContext<Record<string, string>>) => void;
    for (let k = 0; k < targets.length; k++) {
      if (!(targetSettings[k] as FileSettings).rules.has(id)) continue;
      const r = targets[k] as Resource;
      const target = pods ? pods[k] : kinds === undefined || kinds.includes(r.kind) ? r : undefined;
      if (target === undefined) continue;
      try {
        check.call(rule, target, context.at(r));
      } catch (e) {
        failed(rule, r, e);
      }
    }
  }

  progress({ stage: "report", done: 0, total: 0 });
  // Engine rules are subject to the same per-file enablement and levels.
  const enabled = drafts.filter((d) => {
    const active = settingsOf(d.file).rules.get(d.ruleId);
    if (!active) return false;
    if (byId.get(d.ruleId)?.appliesTo === "engine" && !(ownLevel.has(d) && !isConfigured(config, d.ruleId))) d.level = active.level;
    return true;
  });

  let deduped = dropRepeatedPss(enabled, byId);

  // suppressions
  const suppressed = applySuppressions({
    drafts: deduped, loaded: [...loaded, ...rendered.extraLoaded], resources, config, cwd, workloadKinds,
    ruleEnabled: (file, ruleId) => settingsOf(file).rules.has(ruleId),
    knownRule: (id) => byId.has(id),
    locateIn,
  });
  for (const n of suppressed.notifications) notifications.push(n);
  const unusedActive = (file: string) => settingsOf(file).rules.get("unused-suppression");
  for (const u of suppressed.unused) {
    const active = unusedActive(u.file);
    if (active) deduped.push({ ...u, ruleId: "unused-suppression", level: active.level, related: [] });
  }
  // A base rendered by several overlays reports each finding once, naming the overlays.
  // (Reassigned, not spliced: spreading hundreds of thousands of findings as arguments overflows the stack.)
  deduped = rendered.dedupe(deduped, (d) => JSON.stringify(suppressed.byDraft.get(d) ?? []));

  // fingerprints and final shape
  // Each path is formatted once, and each resource's identity and reference made once: a run may
  // hold a hundred thousand findings, and what is built for all of them at once outlives V8's young
  // generation.
  const formattedPaths = deduped.map((d) => (d.path ? formatPath(d.path) : null));
  const identities = new Map<Resource, string>();
  const identity = (r: Resource): string => {
    let id = identities.get(r);
    if (id === undefined) identities.set(r, (id = identityOf(r)));
    return id;
  };
  const fps = fingerprints(deduped.map((d, i) => ({
    ruleId: d.ruleId,
    identity: d.resource ? identity(d.resource) : `file|${d.file}|${d.message}`,
    path: formattedPaths[i] ?? "",
    file: d.resource?.scope ? `${d.resource.scope}/${path.posix.basename(d.file)}` : d.file,
  })));
  identities.clear();
  const refs = new Map<Resource, ResourceRef>();
  const refOf = (r: Resource): ResourceRef => {
    let ref = refs.get(r);
    if (ref === undefined) refs.set(r, (ref = resourceRef(r)));
    return ref;
  };
  const findings: Finding[] = deduped.map((d, i) => {
    const sup = suppressed.byDraft.get(d) ?? [];
    const f: Finding = {
      ruleId: d.ruleId, level: d.level, message: d.message, file: d.file,
      line: d.range.line, column: d.range.column, endLine: d.range.endLine, endColumn: d.range.endColumn,
      resource: d.resource ? refOf(d.resource) : null,
      path: formattedPaths[i] ?? null,
      fingerprint: fps[i] as string,
      suppressed: sup.length > 0,
      suppressions: sup,
      related: d.related,
    };
    if (d.resource?.helmSource) f.helmSource = d.resource.helmSource;
    return f;
  });
  // baseline and report scope, over every finding of the run
  const edges = applyEdges({
    findings, sources: options.reportOnly ? deduped.map((d) => (d.resource ? rendered.sourcesOf(d.resource, d) ?? [d.resource.file] : [])) : [], cwd, config, baseline: options.baseline,
    reportOnly: options.reportOnly, linted: new Set(outcomes.map((o) => o.f.display)),
    ruleActive: (file, ruleId) => settingsOf(file).rules.has(ruleId),
  });
  for (const n of edges.notifications) notifications.push(n);
  edges.findings.sort(compareFindings);
  edges.outOfScope?.sort(compareFindings);
  for (const e of errors) notifications.push({ level: "error", file: e.file, line: null, id: "rule-error", message: e.message });
  notifications.sort((a, b) => cmp(a.file ?? "", b.file ?? "") || cmp(a.id, b.id) || cmp(a.message, b.message));

  const srcRoot = process.env.GITHUB_WORKSPACE && existsSync(process.env.GITHUB_WORKSPACE) ? path.resolve(process.env.GITHUB_WORKSPACE) : repoRoot;
  const ran = candidates.filter((r) => r.appliesTo === "engine" || ruleRan.has(r.meta.id));
  const top = settings.forFile(undefined);
  return {
    findings: edges.findings,
    notifications,
    errors,
    stats: {
      files: filesRead,
      documents: countDocuments(lintable),
      resources: resources.length,
      durationMs: options.timing ? Math.round(performance.now() - started) : 0,
    },
    rules: ran,
    ruleLevels: Object.fromEntries(ran.map((r) => [r.meta.id, top.rules.get(r.meta.id)?.level ?? r.meta.level])),
    srcRoot,
    cwd,
    kubeVersion: settings.baseKubeVersion,
    ...(config.failOn ? { failOn: config.failOn } : {}),
    ...(exposureMarkdown ? { exposureMarkdown } : {}),
    ...(edges.outOfScope ? { outOfScope: edges.outOfScope } : {}),
    ...(edges.baseline ? { baseline: edges.baseline } : {}),
  };
}

/** The exposure summary with the options the config gives `exposed-risky-workload`. */
function exposureSummaryOf(resources: readonly Resource[], workloadKinds: WorkloadKinds, config: ShipshapeConfig): string {
  const opts = config.rules["exposed-risky-workload"]?.options ?? {};
  return exposureMarkdownSummary(resources, {
    workloadKinds,
    ...(Array.isArray(opts.internalClasses) ? { internalClasses: opts.internalClasses as string[] } : {}),
    ...(Array.isArray(opts.internalAnnotations) ? { internalAnnotations: opts.internalAnnotations as string[] } : {}),
  });
}

/** Findings in committed `helm template` output say which template produced them. */
function withHelmSource(message: string, resource: Resource): string {
  return resource.helmSource ? `${message} (rendered from ${resource.helmSource})` : message;
}

export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message) || cmp(a.fingerprint, b.fingerprint);
}

function isConfigured(config: ShipshapeConfig, id: string): boolean {
  return config.rules[id]?.level !== undefined || config.overrides.some((o) => o.rules[id]?.level !== undefined);
}

function defaultsOf(rule: Rule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(rule.meta.options ?? {})) if (s.default !== undefined) out[k] = s.default;
  return out;
}

const RANK: Record<Level, number> = { note: 1, warning: 2, error: 3 };

/**
 * Where `pod-security-admission` reports a path, the plain PSS rule's finding at that path is not
 * repeated — unless the plain finding is more severe (an `audit` label must not demote an error).
 */
function dropRepeatedPss(drafts: Draft[], byId: ReadonlyMap<string, Rule>): Draft[] {
  const admission = new Map<string, number>();
  for (const d of drafts) {
    if (d.ruleId !== "pod-security-admission" || !d.resource || !d.path) continue;
    const key = `${d.resource.id}|${formatPath(d.path)}`;
    admission.set(key, Math.max(admission.get(key) ?? 0, RANK[d.level]));
  }
  if (admission.size === 0) return drafts;
  return drafts.filter((d) => {
    if (!d.resource || !d.path) return true;
    const tags = byId.get(d.ruleId)?.meta.tags ?? [];
    if (!tags.includes("pss-baseline") && !tags.includes("pss-restricted")) return true;
    const rank = admission.get(`${d.resource.id}|${formatPath(d.path)}`);
    return rank === undefined || rank < RANK[d.level];
  });
}

/**
 * `--context`: the resources per-resource rules check — those whose file or render sources are
 * reported on, plus every resource sharing an identity with one of them (two same-named objects in
 * different folders: their findings' fingerprints depend on each other, so both are checked, and
 * the fingerprints equal those of a whole-repo run).
 */
function resourcesInScope(resources: readonly Resource[], inScope: (abs: string) => boolean, cwd: string, sourcesOf: (r: Resource) => readonly string[] | undefined): Resource[] {
  const identities = new Set<string>();
  const byFile = new Map<string, boolean>();
  const fileInScope = (display: string): boolean => {
    let yes = byFile.get(display);
    if (yes === undefined) byFile.set(display, (yes = inScope(path.resolve(cwd, display))));
    return yes;
  };
  for (const r of resources) {
    if (fileInScope(r.file) || (sourcesOf(r) ?? []).some(fileInScope)) identities.add(identityOf(r));
  }
  return identities.size === 0 ? [] : resources.filter((r) => identities.has(identityOf(r)));
}

/** The chart directory when a file sits under a chart's `templates/`, else undefined. */
function chartOfTemplate(abs: string): string | undefined {
  const parts = abs.split(path.sep);
  for (let i = parts.length - 2; i > 0; i--) {
    if (parts[i] !== "templates") continue;
    const chart = parts.slice(0, i).join(path.sep);
    if (existsSync(path.join(chart, "Chart.yaml"))) return chart;
  }
  return undefined;
}
