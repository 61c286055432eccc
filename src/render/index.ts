/**
 * The render stage: turns Kustomize trees into the objects the cluster receives, each mapped back to
 * the file, document and line that produced it. Pipeline position: load → render → model → rules.
 *
 * The engine hands in the files it read; it gets back findings about rendering itself, the rendered
 * documents (to assemble like any file), the set of files that must not be linted again as raw
 * resources, and a locator that turns a path in a rendered resource into a place in the sources.
 */
import path from "node:path";
import { kustomizationIn } from "../discover/kustomize.js";
import type { ParsedDocument, SourceRange } from "../load/parse.js";
import type { LoadedFile } from "../load/read.js";
import { formatPath, type Path } from "../model/path.js";
import type { Resource } from "../model/resource.js";
import { findKustomize, type KustomizeCommand } from "./kustomize/binary.js";
import { docStart } from "./kustomize/sources.js";
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, kustomizeStage, type RenderedObject, type RenderFinding } from "./kustomize/stage.js";
import { isInside, isKustomizationFile } from "./kustomize/tree.js";
import { helmStage, type HelmStage, type HelmStageOptions, type HelmStats } from "./helm/stage.js";
import type { Level } from "../rule-api.js";
import { toolVersion } from "../version.js";
import { RenderCache } from "./cache.js";

export { KUSTOMIZE_RULES, type RenderFinding } from "./kustomize/stage.js";
export { findKustomize, type KustomizeCommand } from "./kustomize/binary.js";
export { HELM_RENDER_FAILED, type HelmMode } from "./helm/stage.js";
export { clearRenderCache } from "./kustomize/build.js";

/** A located place with a message; the same shape as the engine's RelatedLocation. */
export interface RenderRelated {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface RenderNotification {
  level: "note" | "warning";
  id: string;
  message: string;
}

export interface RenderOptions {
  /** `--render auto` (true) or `none` (false). */
  enabled: boolean;
  /** `--kustomize-bin` (trusted) or `render.kustomizeBin` (from the config: may not run a file inside the repo). */
  kustomizeBin?: { value: string; fromConfig: boolean; baseDir: string };
  repoRoot: string;
  cwd: string;
  /** Every file the run read and parsed. */
  loaded: readonly LoadedFile[];
  /** Directories named on the command line (a `Kustomization` file has no YAML extension to be discovered by). */
  dirs?: readonly string[];
  timeoutMs?: number;
  concurrency?: number;
  /** For tests: the environment whose PATH is searched. */
  env?: NodeJS.ProcessEnv;
  /** Helm rendering (`--helm`, `render.helm`, the config's `helm:`); absent renders no charts. */
  helm?: Omit<HelmStageOptions, "repoRoot" | "cwd" | "loaded" | "dirs">;
  /**
   * `--context`: whether an absolute path is one of the files being reported on. When set, only the
   * kustomization roots and charts whose sources include such a file are rendered; the others are
   * taken from the persistent cache when it holds their current sources, else linted as written.
   */
  scope?: (abs: string) => boolean;
  /** The persistent cache directory (`.shipshape/cache`); absent: renders are cached for this process only. */
  cacheDir?: string;
}

export interface MappedRange {
  file: string;
  range: SourceRange;
  related: RenderRelated[];
}

/** The fields of an engine draft that de-duplication reads and rewrites. */
export interface Dedupable {
  ruleId: string;
  message: string;
  file: string;
  range: SourceRange;
  resource: Resource | null;
  path: Path | null;
  related: RenderRelated[];
}

export interface RenderStats {
  /** Entry kustomizations found (used by no other kustomization). */
  roots: number;
  rendered: number;
  /** Renders reused from the content-hash cache. */
  cached: number;
  /** Roots linted as written: refused, failed, or no binary. */
  notRendered: number;
  /** Roots outside the `--context` scope with no cached render: not rendered, linted as written. */
  skipped: number;
  ms: number;
  command: string | undefined;
  helm?: HelmStats;
}

export interface RenderStage {
  /** `level` is set where a finding's level differs from its rule's (a failed render with bare default values is a note). */
  findings: (RenderFinding & { level?: Level })[];
  notifications: RenderNotification[];
  /** Absolute paths of files linted through a render: never linted again as raw resources. */
  covered: ReadonlySet<string>;
  /** The rendered documents, one pseudo-file per root, to assemble like any loaded file. */
  outputs: LoadedFile[];
  /** Source files parsed for mapping that the run did not read itself (for suppression comments). */
  extraLoaded: LoadedFile[];
  /** For `assemble`: a rendered pseudo-file is scoped by its root's directory (Helm: with the render's namespace). */
  namespaceHint(abs: string): { namespace: string | undefined; dir: string } | undefined;
  /** Chart directories rendered by Helm in this run. */
  helmCharts: ReadonlySet<string>;
  /** Gives assembled rendered resources their source file and document; call once, before rules run. */
  adopt(resources: Resource[], sources: readonly { loaded: LoadedFile; doc: ParsedDocument }[]): void;
  /** The source place of a path in a rendered resource; undefined for resources that were not rendered. */
  locate(resource: Resource, path: Path): MappedRange | undefined;
  /**
   * Display paths of the files that shape a rendered resource (source, kustomizations, patches; Helm: templates,
   * values files, the Application, HelmRelease or config of the render); undefined for resources that were not rendered.
   * Given a finding that `dedupe` kept for several renders, the files of all of those renders.
   */
  sourcesOf(resource: Resource, finding?: object): readonly string[] | undefined;
  /**
   * One finding per source location: a base rendered by several overlays reports once, naming the
   * overlays (and their namespaces). `extra` adds to the identity (e.g. the suppression state).
   */
  dedupe<T extends Dedupable>(drafts: T[], extra?: (d: T) => string): T[];
  stats: RenderStats;
}

function toRelated(file: string, range: SourceRange, message: string): RenderRelated {
  return { file, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn, message };
}

/**
 * The render stage for a run. With rendering off, it renders nothing and lints everything as written.
 * With `cacheDir`, renders are kept across runs (see RenderCache); with `scope` (`--context`), only the
 * renders whose sources include a reported file run, the others come from that cache or are linted as written.
 */
export async function render(opts: RenderOptions): Promise<RenderStage> {
  const cache = opts.enabled && opts.cacheDir ? { store: new RenderCache(opts.cacheDir), version: toolVersion() } : undefined;
  const kustomize = await renderKustomize(opts, cache);
  const stage = !opts.enabled || !opts.helm ? kustomize
    : withHelm(kustomize, helmStage({ ...opts.helm, repoRoot: opts.repoRoot, cwd: opts.cwd, loaded: opts.loaded, dirs: (opts.dirs ?? []).map((d) => path.resolve(d)), scope: opts.scope, cache }));
  if (cache) {
    cache.store.prune();
    if (cache.store.problem) {
      stage.notifications.push({ level: "note", id: "render-cache-unwritable", message: `renders could not be saved in the cache ${displayDir(opts)}: ${cache.store.problem}; the next run renders again` });
    }
  }
  const skipped = stage.stats.skipped + (stage.stats.helm?.skipped ?? 0);
  if (opts.scope && skipped > 0) {
    const parts: string[] = [];
    if (stage.stats.skipped > 0) parts.push(`${stage.stats.skipped} kustomization${stage.stats.skipped === 1 ? "" : "s"}`);
    const h = stage.stats.helm?.skipped ?? 0;
    if (h > 0) parts.push(`${h} Helm render${h === 1 ? "" : "s"}`);
    stage.notifications.push({
      level: "note", id: "render-context-skipped",
      message: `--context: ${parts.join(" and ")} not including a reported file ${skipped === 1 ? "was" : "were"} not rendered (no cached render of ${skipped === 1 ? "its" : "their"} current sources); cross-resource rules saw ${skipped === 1 ? "its" : "their"} files as written`,
    });
  }
  return stage;
}

function displayDir(opts: RenderOptions): string {
  const rel = path.relative(opts.cwd, opts.cacheDir ?? "").split(path.sep).join("/");
  return rel === "" ? "." : rel;
}

/** Both renderers' results as one stage: each maps, adopts and de-duplicates only its own resources. */
function withHelm(k: RenderStage, h: HelmStage): RenderStage {
  const known = new Set(k.extraLoaded.map((l) => l.abs));
  return {
    findings: [...k.findings, ...h.findings],
    notifications: [...k.notifications, ...h.notifications],
    covered: new Set([...k.covered, ...h.covered]),
    outputs: [...k.outputs, ...h.outputs],
    extraLoaded: [...k.extraLoaded, ...h.extraLoaded.filter((l) => !known.has(l.abs))],
    helmCharts: h.charts,
    namespaceHint: (abs) => h.namespaceHint(abs) ?? k.namespaceHint(abs),
    adopt(resources, sources) {
      k.adopt(resources, sources);
      h.adopt(resources, sources);
    },
    locate: (resource, p) => h.locate(resource, p) ?? k.locate(resource, p),
    sourcesOf: (resource, finding) => h.sourcesOf(resource, finding) ?? k.sourcesOf(resource, finding),
    dedupe: (drafts, extra) => h.dedupe(k.dedupe(drafts, extra), extra),
    stats: { ...k.stats, helm: h.stats },
  };
}

async function renderKustomize(opts: RenderOptions, cache: { store: RenderCache; version: string } | undefined): Promise<RenderStage> {
  const notifications: RenderNotification[] = [];
  const empty = (): RenderStage => stageFrom([], notifications, new Set(), [], [], { roots: 0, rendered: 0, cached: 0, notRendered: 0, skipped: 0, ms: 0, command: undefined }, opts);
  if (!opts.enabled) return empty();

  // The kustomizations among the linted files; `Kustomization` has no YAML extension, so it is looked for
  // in the directories walked under a directory named on the command line. A file named on its own
  // (a patch, say) never pulls in the tree around it.
  const candidates = new Set<string>();
  const roots = (opts.dirs ?? []).map((d) => path.resolve(d));
  const dirs = new Set<string>(roots);
  for (const l of opts.loaded) {
    if (!l.abs) continue;
    if (isKustomizationFile(l.abs)) candidates.add(l.abs);
    const d = path.dirname(l.abs);
    if (roots.some((r) => isInside(r, d))) dirs.add(d);
  }
  for (const d of dirs) {
    const k = kustomizationIn(d);
    if (k && path.basename(k) === "Kustomization") candidates.add(k);
  }
  if (candidates.size === 0) return empty();

  const lookup = findKustomize({
    configured: opts.kustomizeBin?.value, fromConfig: opts.kustomizeBin?.fromConfig ?? false,
    baseDir: opts.kustomizeBin?.baseDir ?? opts.cwd, repoRoot: opts.repoRoot, env: opts.env,
  });
  const command: KustomizeCommand | undefined = lookup.command;
  const result = await kustomizeStage({
    command, repoRoot: opts.repoRoot, cwd: opts.cwd, loaded: opts.loaded, candidates: [...candidates],
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
    scope: opts.scope, cache,
  });
  if (!lookup.command && result.notRendered > 0) {
    notifications.push({
      level: opts.kustomizeBin ? "warning" : "note", id: "kustomize-not-found",
      message: `${result.notRendered} kustomization${result.notRendered === 1 ? " was" : "s were"} linted as written, not rendered: ${lookup.reason}`,
    });
  }
  const outputs = result.outputs.map((o) => o.loaded);
  const stats: RenderStats = {
    roots: result.roots, rendered: result.outputs.length, cached: result.cached, notRendered: result.notRendered, skipped: result.skipped,
    ms: Math.round(result.ms), command: command?.label,
  };
  return stageFrom(result.findings, notifications, result.covered, outputs, result.extraLoaded, stats, opts, result.outputs);
}

function stageFrom(
  findings: RenderFinding[], notifications: RenderNotification[], covered: ReadonlySet<string>, outputs: LoadedFile[],
  extraLoaded: LoadedFile[], stats: RenderStats, opts: RenderOptions,
  roots: { loaded: LoadedFile; objects: (RenderedObject | undefined)[]; root: { dir: string } }[] = [],
): RenderStage {
  const byOutput = new Map<LoadedFile, { objects: (RenderedObject | undefined)[]; dir: string }>();
  const hints = new Map<string, string>();
  for (const r of roots) {
    byOutput.set(r.loaded, { objects: r.objects, dir: r.root.dir });
    if (r.loaded.abs) hints.set(r.loaded.abs, r.root.dir);
  }
  const rendered = new Map<number, RenderedObject>();
  // findings kept for several renders: every render's sources count
  const merged = new WeakMap<object, RenderedObject[]>();
  const renderRelated = (o: RenderedObject): RenderRelated =>
    toRelated(o.root.loaded.file, docStart(o.root.loaded), `rendered by ${o.rootLabel}${o.namespace ? ` (namespace ${o.namespace})` : ""}`);

  return {
    findings, notifications, covered, outputs, extraLoaded, stats, helmCharts: new Set(),
    namespaceHint: (abs) => {
      const dir = hints.get(abs);
      return dir === undefined ? undefined : { namespace: undefined, dir };
    },
    adopt(resources, sources) {
      for (let i = 0; i < resources.length; i++) {
        const r = resources[i] as Resource;
        const src = sources[r.id];
        const out = src ? byOutput.get(src.loaded) : undefined;
        if (!src || !out) continue;
        const o = out.objects[src.doc.index];
        if (!o) continue;
        rendered.set(r.id, o);
        const scope = path.relative(opts.repoRoot, out.dir).split(path.sep).join("/") || ".";
        resources[i] = { ...r, file: o.file, docIndex: o.docIndex, scope };
      }
    },
    sourcesOf(resource, finding) {
      const group = finding ? merged.get(finding) : undefined;
      if (group) return [...new Set(group.flatMap((o) => o.sources()))];
      return rendered.get(resource.id)?.sources();
    },
    locate(resource, p) {
      const o = rendered.get(resource.id);
      if (!o) return undefined;
      const m = o.map(p);
      return { file: m.file, range: m.range, related: m.related.map((x) => toRelated(x.file, x.range, x.message)) };
    },
    dedupe(drafts, extra) {
      const groups = new Map<string, { keep: (typeof drafts)[number]; roots: RenderedObject[] }>();
      const out: typeof drafts = [];
      for (const d of drafts) {
        const o = d.resource ? rendered.get(d.resource.id) : undefined;
        if (!o) {
          out.push(d);
          continue;
        }
        const r = d.range;
        const key = [d.ruleId, d.file, r.line, r.column, r.endLine, r.endColumn, d.path ? formatPath(d.path) : "", extra?.(d) ?? ""].join("\u0000");
        const g = groups.get(key);
        if (g) {
          if (!g.roots.some((x) => x.root === o.root)) g.roots.push(o);
          continue;
        }
        groups.set(key, { keep: d, roots: [o] });
        out.push(d);
      }
      for (const { keep, roots: rs } of groups.values()) {
        for (const o of rs) keep.related.push(renderRelated(o));
        if (rs.length > 1) {
          merged.set(keep, rs);
          const list = rs.map((o) => `${o.rootLabel}${o.namespace ? ` (namespace ${o.namespace})` : ""}`).join(", ");
          keep.message = `${keep.message} [in ${rs.length} renders: ${list}]`;
        }
      }
      return out;
    },
  };
}

/** Documents with content in the files a run read (what `stats.documents` counts), rendered or not. */
export function countDocuments(files: readonly LoadedFile[]): number {
  let n = 0;
  for (const f of files) for (const d of f.parsed.documents) if (d.value !== undefined && d.value !== null) n++;
  return n;
}
