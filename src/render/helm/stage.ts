/**
 * The Helm part of the render stage: renders every application chart of the run with each of its value
 * sets (native renderer), hands the rendered documents to the pipeline, maps every path of a rendered
 * resource back to the template line that produced it (with the values-file line as a related place),
 * and reports render problems as `helm-render-failed`.
 */
import { isInside } from "../../util/paths.js";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isMap, isScalar, type Node } from "yaml";
import { relPosix } from "../../discover/git.js";
import { locate } from "../../load/locate.js";
import { parseYaml, SourceText, type ParsedDocument, type SourceRange } from "../../load/parse.js";
import type { LoadedFile } from "../../load/read.js";
import { cmp } from "../../model/compare.js";
import { formatPath, type Path } from "../../model/path.js";
import type { Resource } from "../../model/resource.js";
import { getIn, obj, str, type Obj } from "../../model/values.js";
import type { Level } from "../../rule-api.js";
import type { RenderCache } from "../cache.js";
import { renderChart, type MappedLocation, type RenderedDocument, type RenderOptions as HelmRenderOptions, type RenderProblem } from "./index.js";
import { chartDigest, deserializeRender, renderKey as persistKey, serializeRender, type StageRender } from "./persist.js";
import { chartsOf, readHelmConfig, setSources, type Chart, type Place, type ValueSet, type ValuesSource } from "./value-sets.js";

export const HELM_RENDER_FAILED = "helm-render-failed";

export type HelmMode = "native" | "binary" | "off";

/** A place with a message (the engine's RelatedLocation). */
export interface HelmRelated {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** A finding the Helm stage reports itself; `level` is set only where it differs from the rule's. */
export interface HelmFinding {
  ruleId: string;
  message: string;
  file: string;
  range: SourceRange;
  related: HelmRelated[];
  level?: Level;
}

export interface HelmStageOptions {
  mode: HelmMode;
  repoRoot: string;
  cwd: string;
  loaded: readonly LoadedFile[];
  dirs: readonly string[];
  /** The config's `helm:` map, its file and display path, and the directory its paths are relative to. */
  helm: Obj | undefined;
  configFile: string | undefined;
  configDisplay: string | undefined;
  configDir: string;
  /** The target Kubernetes version (`1.N`) for a file: `.Capabilities.KubeVersion`. */
  kubeVersionFor(abs: string): string;
  /** Per-render time limit (tests). */
  timeMs?: number;
  /** `--context`: only renders whose chart or value sources include a file in scope are rendered; the others only come from the cache. */
  scope?: ((abs: string) => boolean) | undefined;
  /** The persistent render cache, and the tool version that is part of its keys. */
  cache?: { store: RenderCache; version: string } | undefined;
}

export interface HelmStats {
  charts: number;
  /** Renders the native renderer ran. */
  renders: number;
  /** Renders taken from the persistent cache. */
  cached: number;
  /** Renders outside the `--context` scope with no cached render: not rendered. */
  skipped: number;
  documents: number;
  ms: number;
}

/** One rendered document that became (at most) one resource. */
interface HelmObject {
  chart: Chart;
  set: ValueSet;
  renderKey: string;
  doc: RenderedDocument;
  parsed: ParsedDocument;
  lines: SourceText;
  /** Display path of the template file. */
  file: string;
  scope: string;
  /** `metadata.namespace` was printed from `.Release.Namespace` (the render's settings), not written. */
  namespaceFromRelease: boolean;
  /** The strings generator functions produced in this render (`RenderResult.generatedValues`). */
  generatedValues: ReadonlySet<string>;
}

interface Mapped {
  file: string;
  range: SourceRange;
  related: HelmRelated[];
  /** The archive member, when the template is inside a chart archive. */
  member?: string;
}

export interface HelmDedupable {
  ruleId: string;
  message: string;
  file: string;
  range: SourceRange;
  resource: Resource | null;
  path: Path | null;
  related: HelmRelated[];
}

export interface HelmStage {
  findings: HelmFinding[];
  notifications: { level: "note" | "warning"; id: string; message: string }[];
  covered: ReadonlySet<string>;
  outputs: LoadedFile[];
  extraLoaded: LoadedFile[];
  /**
   * Chart directories rendered in this run, and those left unrendered on purpose by `--context` scoping
   * (the stage's summary note covers them): their template files need no skip note of their own.
   */
  charts: ReadonlySet<string>;
  namespaceHint(abs: string): { namespace: string | undefined; dir: string } | undefined;
  adopt(resources: Resource[], sources: readonly { loaded: LoadedFile; doc: ParsedDocument }[]): void;
  locate(resource: Resource, path: Path): Mapped | undefined;
  /**
   * Display paths of the files that shaped a rendered resource: its template files, the chart's Chart.yaml and values,
   * the render's value sources. Given a finding that `dedupe` kept for several renders, the files of all of those renders.
   */
  sourcesOf(resource: Resource, finding?: object): readonly string[] | undefined;
  dedupe<T extends HelmDedupable>(drafts: T[], extra?: (d: T) => string): T[];
  stats: HelmStats;
}

const ONE: SourceRange = { line: 1, column: 1, endLine: 1, endColumn: 1 };

function emptyStage(notifications: HelmStage["notifications"] = [], findings: HelmFinding[] = []): HelmStage {
  return {
    findings, notifications, covered: new Set(), outputs: [], extraLoaded: [], charts: new Set(),
    namespaceHint: () => undefined, adopt: () => undefined, locate: () => undefined, sourcesOf: () => undefined, dedupe: (d) => d,
    stats: { charts: 0, renders: 0, cached: 0, skipped: 0, documents: 0, ms: 0 },
  };
}

/** Renders the charts of a run. `off` renders nothing (chart templates are then skipped with a note, as before). */
export function helmStage(opts: HelmStageOptions): HelmStage {
  if (opts.mode === "off") return emptyStage();
  const started = performance.now();
  const config = readHelmConfig(opts.helm, opts.configFile, opts.configDisplay);
  const { charts, problems: setProblems } = chartsOf({
    loaded: opts.loaded, repoRoot: opts.repoRoot, cwd: opts.cwd, dirs: opts.dirs, config,
    configDir: opts.configDir, configDisplay: opts.configDisplay, configFile: opts.configFile,
  });
  const notifications: HelmStage["notifications"] = [];
  if (charts.length === 0) return emptyStage(notifications);
  if (opts.mode === "binary") {
    notifications.push({ level: "warning", id: "helm-binary-unsupported", message: "--helm binary is not supported in this version; charts were rendered with the native renderer" });
  }
  const display = (abs: string) => relPosix(opts.cwd, abs) || ".";
  const sources = new TemplateSources();
  const findings = new RenderProblems();
  for (const p of setProblems) findings.addPlain(p, p.message);

  const objects = new Map<LoadedFile, HelmObject>();
  const outputs: LoadedFile[] = [];
  const covered = new Set<string>();
  const rendered = new Set<string>();
  const hints = new Map<string, { namespace: string | undefined; dir: string }>();
  let renders = 0;
  let cachedRenders = 0;
  let skippedRenders = 0;
  const skippedCharts = new Set<string>();
  let documents = 0;
  const loadedByAbs = new Map<string, LoadedFile>();
  for (const l of opts.loaded) if (l.abs) loadedByAbs.set(l.abs, l);

  const inScope = opts.scope;
  const cache = opts.cache;
  for (const chart of charts) {
    const kubeVersion = opts.kubeVersionFor(chart.chartYaml.abs ?? chart.dir);
    let loadedOk = false;
    let skippedSets = 0;
    // Renders of one chart repeat most documents (CRDs, RBAC): parse each distinct text once.
    const parsedTexts = new Map<string, ReturnType<typeof parseYaml>>();
    // the chart's bytes (for the cache key) and its files (for the scope); a chart too large to digest is always rendered
    const digest = inScope || cache ? chartDigest(chart.dir) : undefined;
    const chartInScope = !inScope || !digest || digest.files.some(inScope);
    const slots = new Map<string, number>();
    chart.sets.forEach((set, setIndex) => {
      const labels = new Map<string, ValuesSource>(set.valueFiles.map((v) => [v.label, v]));
      const renderKey = `${chart.dir}\u0000${setIndex}`;
      const options: HelmRenderOptions = {
        releaseName: set.releaseName,
        namespace: set.namespace ?? "default",
        valueFiles: set.valueFiles.map((v) => ({ path: v.label, text: v.text })),
        values: set.values as never,
        set: set.set,
        setValues: set.setValues as never,
        kubeVersion: set.kubeVersion ?? kubeVersion,
        apiVersions: set.apiVersions,
        ...(set.replaceChartValues ? { replaceChartValues: true } : {}),
      };
      const slotName = `${set.kind}\u0000${set.label}`;
      const nth = slots.get(slotName) ?? 0;
      slots.set(slotName, nth + 1);
      const key = cache && digest ? persistKey({ version: cache.version, chartDir: chart.dir, chartDigest: digest.digest, inputs: options }) : undefined;
      const persist = key !== undefined ? { slot: `helm\u0000${chart.dir}\u0000${slotName}\u0000${nth}`, key } : undefined;
      const stored = persist && cache ? cache.store.get("helm", persist.slot, persist.key) : undefined;
      let r: StageRender | undefined = stored === undefined ? undefined : deserializeRender(stored);
      if (r) cachedRenders++;
      else if (chartInScope || (inScope !== undefined && setSources(set).some((x) => inScope(x.abs)))) {
        const full = renderChart(chart.dir, { ...options, ...(opts.timeMs !== undefined ? { limits: { timeMs: opts.timeMs } } : {}) });
        renders++;
        // a render cut short by a limit depends on the machine, not only on its inputs: never kept
        if (persist && cache && !full.problems.some((p) => p.code === "limit")) {
          const text = serializeRender(full);
          if (text !== undefined) cache.store.put("helm", persist.slot, persist.key, text);
        }
        r = full;
      } else {
        // outside the --context scope, with no cached render of its current inputs
        skippedRenders++;
        skippedSets++;
        return;
      }
      const fatal = r.problems.some((p) => p.code === "chart-error");
      if (!fatal) loadedOk = true;
      for (const p of r.problems) findings.add(chart, set, renderKey, p, labels, display, sources);
      const scopeRel = relPosix(opts.repoRoot, chart.dir) || ".";
      const scope = set.kind === "default" ? scopeRel : `${scopeRel}#${set.label}`;
      r.documents.forEach((doc, i) => {
        const textKey = `${set.namespace === undefined ? "u" : "c"}\u0000${doc.text}`;
        const seen = parsedTexts.get(textKey);
        const parsed = seen ?? parseYaml(doc.text);
        if (!seen) parsedTexts.set(textKey, parsed);
        const pd = parsed.documents[0];
        if (!pd || parsed.documents.length !== 1) return;
        documents++;
        const abs = path.join(chart.dir, `.shipshape-helm-${setIndex}-${i}`);
        const loaded: LoadedFile = { file: `${chart.display} (helm: ${set.label})`, abs, parsed };
        const file = templateDisplay(chart, doc.templateFile, display).file;
        const o: HelmObject = { chart, set, renderKey, doc, parsed: pd, lines: parsed.source, file, scope, namespaceFromRelease: false, generatedValues: r.generatedValues };
        if (set.namespace === undefined) {
          if (!seen) dropHelmDefaultNamespace(o);
        } else o.namespaceFromRelease = printedByAction(o, set.namespace);
        for (const p of seen ? [] : parsed.problems) {
          if (p.ruleId !== "yaml-syntax") continue;
          const m = mapOffset(o, offsetOf(parsed.source, p.range.line, p.range.column), undefined, sources, display);
          findings.addMapped(chart, set, renderKey, m, `rendered output of ${doc.templateFile} is not valid YAML: ${p.message}`);
        }
        objects.set(loaded, o);
        outputs.push(loaded);
        hints.set(abs, { namespace: set.namespace, dir: chart.dir });
      });
    });
    if (!loadedOk) {
      if (skippedSets > 0) skippedCharts.add(chart.dir);
      continue;
    }
    rendered.add(chart.dir);
    for (const [abs] of loadedByAbs) if (isBelow(chart.dir, abs) && !inCrds(chart.dir, abs)) covered.add(abs);
    sources.preload(chart.dir, display, loadedByAbs);
  }

  const stage = stageOf(objects, hints, sources, display);
  return {
    ...stage,
    findings: findings.list(charts),
    notifications,
    covered,
    outputs,
    extraLoaded: sources.extraLoaded(),
    charts: new Set([...rendered, ...skippedCharts]),
    stats: { charts: rendered.size, renders, cached: cachedRenders, skipped: skippedRenders, documents, ms: Math.round(performance.now() - started) },
  };
}

/** Strictly below `dir` (not `dir` itself). */
function isBelow(dir: string, abs: string): boolean {
  return abs !== dir && isInside(dir, abs);
}

/** The `values.yaml` of a chart directory and of the subchart directories vendored under its `charts/`. */
function valuesFilesOf(chartDir: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    const own = path.join(dir, "values.yaml");
    if (existsSync(own)) out.push(own);
    if (depth > 8) return;
    let subs: string[];
    try {
      subs = readdirSync(path.join(dir, "charts"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort(cmp);
    } catch {
      return;
    }
    for (const sub of subs) visit(path.join(dir, "charts", sub), depth + 1);
  };
  visit(chartDir, 0);
  return out;
}

/** `crds/` of the chart or of a vendored subchart: linted once as raw resources. */
function inCrds(chartDir: string, abs: string): boolean {
  const parts = path.relative(chartDir, abs).split(path.sep);
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i] !== "crds") continue;
    const before = parts.slice(0, i);
    if (before.length === 0 || (before.length >= 2 && before[before.length - 2] === "charts")) return true;
  }
  return false;
}

/**
 * A render without a configured namespace runs as Helm's `default`, but the resources' namespace stays
 * unset (never `default`): a `metadata.namespace` printed by an action from `.Release.Namespace` is
 * dropped. A literal `default` in the template or in values is kept.
 */
function dropHelmDefaultNamespace(o: HelmObject): void {
  const meta = obj(getIn(o.parsed.value, ["metadata"]));
  if (meta && printedByAction(o, "default")) delete meta.namespace;
}

/** Whether `metadata.namespace` is `ns`, printed by an action from no value (`.Release.Namespace`). */
function printedByAction(o: HelmObject, ns: string): boolean {
  if (getIn(o.parsed.value, ["metadata", "namespace"]) !== ns) return false;
  const node = valueNode(o.parsed, ["metadata", "namespace"]);
  const m = node?.range ? o.doc.locate(node.range[0]) : null;
  return !!m && !m.exact && !m.value;
}

/**
 * The paths of the strings of a rendered document that a generator function produced: the value is one of the
 * render's generated strings (also through `toYaml`), or its text overlaps output an action printed from one.
 */
function generatedPathsOf(o: HelmObject): Set<string> {
  const out = new Set<string>();
  const values = o.generatedValues;
  const ranges = o.doc.generated;
  if (values.size === 0 && ranges.length === 0) return out;
  const overlaps = (p: Path): boolean => {
    if (ranges.length === 0) return false;
    const r = locate(o.parsed.ast, o.lines, p);
    if (r.depth !== p.length) return false;
    const start = offsetOf(o.lines, r.line, r.column);
    const end = offsetOf(o.lines, r.endLine, r.endColumn);
    return ranges.some(([a, b]) => a < end && b > start);
  };
  const walk = (v: unknown, p: (string | number)[], depth: number): void => {
    if (depth > 64) return;
    if (typeof v === "string") {
      if ((v !== "" && values.has(v)) || overlaps(p)) out.add(formatPath(p));
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...p, i], depth + 1));
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(x, [...p, k], depth + 1);
    }
  };
  walk(o.parsed.value, [], 0);
  return out;
}

function valueNode(doc: ParsedDocument, at: Path): Node | undefined {
  let cur: unknown = doc.ast.contents;
  for (const seg of at) {
    if (!isMap(cur)) return undefined;
    cur = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value;
  }
  return (cur as Node | undefined) ?? undefined;
}

function offsetOf(src: SourceText, line: number, column: number): number {
  const text = src.text;
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return off + column - 1;
}

/** A template file of a chart as a display path; archive members map to the archive. */
function templateDisplay(chart: Chart, rel: string, display: (abs: string) => string): { file: string; abs: string | undefined; member?: string } {
  const colon = rel.indexOf(":");
  if (colon > 0 && /\.(tgz|tar\.gz)$/.test(rel.slice(0, colon))) {
    const archive = path.join(chart.dir, rel.slice(0, colon));
    return { file: display(archive), abs: undefined, member: rel.slice(colon + 1) };
  }
  const abs = path.join(chart.dir, rel);
  return { file: display(abs), abs };
}

/** Template and values texts, read once, for ranges and for suppression comments. */
class TemplateSources {
  private readonly texts = new Map<string, SourceText | null>();
  private readonly extra = new Map<string, LoadedFile>();

  text(abs: string): SourceText | undefined {
    let t = this.texts.get(abs);
    if (t === undefined) {
      try {
        t = new SourceText(readFileSync(abs, "utf8"));
      } catch {
        t = null;
      }
      this.texts.set(abs, t);
    }
    return t ?? undefined;
  }

  /** Every template file of a rendered chart joins the run (for `# shipshape-ignore` and per-file settings). */
  preload(chartDir: string, display: (abs: string) => string, loaded: ReadonlyMap<string, LoadedFile>): void {
    const walk = (dir: string, depth: number, inTemplates: boolean) => {
      if (depth > 12) return;
      let entries: string[];
      try {
        entries = readdirSync(dir).sort(cmp);
      } catch {
        return;
      }
      for (const e of entries) {
        const abs = path.join(dir, e);
        let st;
        try {
          st = statSync(abs);
        } catch {
          continue;
        }
        if (st.isDirectory()) walk(abs, depth + 1, inTemplates || e === "templates");
        else if (inTemplates && st.isFile() && st.size < 4 * 1024 * 1024 && !loaded.has(abs) && !this.extra.has(abs)) {
          const t = this.text(abs);
          if (t) this.extra.set(abs, { file: display(abs), abs, parsed: { source: t, documents: [], problems: [] } });
        }
      }
    };
    walk(chartDir, 0, false);
  }

  extraLoaded(): LoadedFile[] {
    return [...this.extra.values()];
  }
}

/** The range in a template for a mapped position: exact text to its end, an action to its `}}`. */
function templateRange(m: MappedLocation, end: MappedLocation | null, text: SourceText | undefined): SourceRange {
  const line = m.line;
  const column = m.column;
  if (m.exact && end && end.exact && end.file === m.file && (end.line > line || (end.line === line && end.column >= column))) {
    return { line, column, endLine: end.line, endColumn: end.column + 1 };
  }
  if (!text) return { line, column, endLine: line, endColumn: column };
  const start = offsetOf(text, line, column);
  const eol = text.text.indexOf("\n", start);
  const lineEnd = eol < 0 ? text.text.length : eol;
  if (!m.exact) {
    const close = text.text.indexOf("}}", start);
    if (close >= 0 && close < lineEnd) return text.range(start, close + 2);
  }
  return text.range(start, lineEnd);
}

function mapOffset(o: HelmObject, start: number, end: number | undefined, sources: TemplateSources, display: (abs: string) => string): Mapped {
  let m: MappedLocation | null = null;
  const limit = Math.max(end ?? start + 1, start + 1);
  for (let i = start; i < limit && !m; i++) m = o.doc.locate(i);
  if (!m) {
    const t = templateDisplay(o.chart, o.doc.templateFile, display);
    return { file: t.file, range: ONE, related: [], ...(t.member ? { member: t.member } : {}) };
  }
  const t = templateDisplay(o.chart, m.file, display);
  const endLoc = end !== undefined && end > start ? o.doc.locate(end - 1) : null;
  const related: HelmRelated[] = [];
  // values printed on the finding's first line (`image: "{{ .Values.repo }}:{{ .Values.tag }}"`, `toYaml` output)
  const text = o.doc.text;
  const eol = text.indexOf("\n", start);
  const lineEnd = Math.min(eol < 0 ? text.length : eol, end ?? text.length);
  const seen = new Set<string>();
  for (let i = start; i < Math.max(lineEnd, start + 1) && seen.size < 4; i++) {
    const v = i === start ? m.value : o.doc.locate(i)?.value;
    if (!v) continue;
    const place = valuesPlace(o, v, display);
    const key = `${place.file}:${place.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    related.push({ ...place, message: "the value comes from here" });
  }
  if (m.via) {
    const via = templateDisplay(o.chart, m.via.file, display);
    related.push({ file: via.file, line: via.member ? 1 : m.via.line, column: via.member ? 1 : m.via.column, endLine: via.member ? 1 : m.via.line, endColumn: via.member ? 1 : m.via.column, message: "included here" });
  }
  if (t.member) return { file: t.file, range: ONE, related, member: `${t.member}:${m.line}` };
  return { file: t.file, range: templateRange(m, endLoc, t.abs ? sources.text(t.abs) : undefined), related };
}

/** A values-file position as the renderer labels it: the chart's own values.yaml (or a subchart's), or one of ours. */
function valuesPlace(o: HelmObject, v: { file: string; line: number; column: number }, display: (abs: string) => string): Omit<HelmRelated, "message"> {
  const ours = o.set.valueFiles.find((x) => x.label === v.file);
  if (ours) {
    const line = v.line + ours.lineOffset;
    const column = ours.columnOffset === undefined ? 1 : v.column + ours.columnOffset;
    return { file: ours.display, line, column, endLine: line, endColumn: column };
  }
  const t = templateDisplay(o.chart, v.file, display);
  if (t.member) return { file: t.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { file: t.file, line: v.line, column: v.column, endLine: v.line, endColumn: v.column };
}

function stageOf(
  objects: Map<LoadedFile, HelmObject>, hints: Map<string, { namespace: string | undefined; dir: string }>,
  sources: TemplateSources, display: (abs: string) => string,
): Pick<HelmStage, "namespaceHint" | "adopt" | "locate" | "sourcesOf" | "dedupe"> {
  const byResource = new Map<number, HelmObject>();
  const chartValues = new Map<Chart, string[]>();
  const objectSources = new Map<HelmObject, string[]>();
  const merged = new WeakMap<object, HelmObject[]>();
  const sourcesOfObject = (o: HelmObject): string[] => {
    let list = objectSources.get(o);
    if (!list) {
      let values = chartValues.get(o.chart);
      if (!values) chartValues.set(o.chart, (values = valuesFilesOf(o.chart.dir).map(display)));
      const out = new Set<string>([o.file]);
      for (const f of o.doc.templateFiles()) out.add(templateDisplay(o.chart, f, display).file);
      out.add(o.chart.chartYaml.file);
      for (const v of values) out.add(v);
      for (const x of setSources(o.set)) out.add(x.display);
      objectSources.set(o, (list = [...out]));
    }
    return list;
  };
  const cache = new Map<string, Mapped>();
  const mapPath = (o: HelmObject, id: number, p: Path): Mapped => {
    const key = `${id}\u0000${formatPath(p)}`;
    let m = cache.get(key);
    if (!m) {
      const r = locate(o.parsed.ast, o.lines, p);
      m = mapOffset(o, offsetOf(o.lines, r.line, r.column), offsetOf(o.lines, r.endLine, r.endColumn), sources, display);
      cache.set(key, m);
    }
    return m;
  };
  const renderRelated = (o: HelmObject): HelmRelated => ({
    file: o.set.origin.file, line: o.set.origin.range.line, column: o.set.origin.range.column,
    endLine: o.set.origin.range.endLine, endColumn: o.set.origin.range.endColumn, message: `rendered by ${renderName(o.chart, o.set)}`,
  });
  return {
    namespaceHint: (abs) => hints.get(abs),
    adopt(resources, srcs) {
      for (let i = 0; i < resources.length; i++) {
        const r = resources[i] as Resource;
        const src = srcs[r.id];
        const o = src ? objects.get(src.loaded) : undefined;
        if (!o) continue;
        byResource.set(r.id, o);
        const fromHint = r.namespaceSource === "kustomization" || (o.namespaceFromRelease && r.namespaceSource === "metadata");
        resources[i] = { ...r, file: o.file, docIndex: 0, scope: o.scope, generatedPaths: generatedPathsOf(o), ...(fromHint ? { namespaceSource: "helm" as const } : {}) };
      }
    },
    sourcesOf(resource, finding) {
      const group = finding ? merged.get(finding) : undefined;
      if (group) return [...new Set(group.flatMap(sourcesOfObject))];
      const o = byResource.get(resource.id);
      return o ? sourcesOfObject(o) : undefined;
    },
    locate(resource, p) {
      const o = byResource.get(resource.id);
      if (!o) return undefined;
      const m = mapPath(o, resource.id, p);
      const atValue = secretDataAtValue(resource, p, m);
      if (atValue) return atValue;
      return { file: m.file, range: m.range, related: m.related.map((x) => ({ ...x })) };
    },
    dedupe(drafts, extra) {
      const groups = new Map<string, { keep: (typeof drafts)[number]; objs: HelmObject[] }>();
      const out: typeof drafts = [];
      for (const d of drafts) {
        const o = d.resource ? byResource.get(d.resource.id) : undefined;
        if (!o || !d.resource) {
          out.push(d);
          continue;
        }
        if (d.path) {
          const member = mapPath(o, d.resource.id, d.path).member;
          if (member && !d.message.includes(member)) d.message = `${d.message} (in the chart archive at ${member})`;
        }
        const r = d.range;
        const key = [d.ruleId, d.file, r.line, r.column, r.endLine, r.endColumn, d.path ? formatPath(d.path) : "", extra?.(d) ?? ""].join("\u0000");
        const g = groups.get(key);
        if (g) {
          if (!g.objs.some((x) => x.renderKey === o.renderKey)) g.objs.push(o);
          // the values of every render that produced it (each render's values file line)
          for (const x of d.related) {
            if (!g.keep.related.some((y) => y.file === x.file && y.line === x.line && y.message === x.message)) g.keep.related.push(x);
          }
          continue;
        }
        groups.set(key, { keep: d, objs: [o] });
        out.push(d);
      }
      for (const { keep, objs } of groups.values()) {
        for (const o of objs) keep.related.push(renderRelated(o));
        if (objs.length > 1) {
          merged.set(keep, objs);
          keep.message = `${keep.message} [in ${objs.length} renders: ${objs.map((o) => renderName(o.chart, o.set)).join(", ")}]`;
        }
      }
      return out;
    },
  };
}

/**
 * A Secret's `data`/`stringData` value printed from one values-file line is located at that literal (where the
 * credential is committed), with the template line that printed it as a related place.
 */
function secretDataAtValue(resource: Resource, p: Path, m: Mapped): Mapped | undefined {
  if (resource.group !== "" || resource.kind !== "Secret" || p.length !== 2 || (p[0] !== "data" && p[0] !== "stringData") || m.member) return undefined;
  const values = m.related.filter((x) => x.message === "the value comes from here");
  const value = values[0];
  if (values.length !== 1 || !value) return undefined;
  const rest = m.related.filter((x) => x !== value).map((x) => ({ ...x }));
  const printed: HelmRelated = { file: m.file, ...m.range, message: "printed by the template here" };
  return { file: value.file, range: { line: value.line, column: value.column, endLine: value.endLine, endColumn: value.endColumn }, related: [printed, ...rest] };
}

function renderName(chart: Chart, set: ValueSet): string {
  return `chart ${chart.display === "." ? `"${chart.name}"` : chart.display} with ${set.label}${set.namespace ? ` (namespace ${set.namespace})` : ""}`;
}

/** Render problems, one finding per place and message however many renders hit it. */
class RenderProblems {
  private readonly groups = new Map<string, { chart: Chart | undefined; place: Place; message: string; sets: { set: ValueSet; key: string }[]; related: HelmRelated[] }>();

  addPlain(place: Place, message: string): void {
    const key = `${place.file}\u0000${place.range.line}\u0000${place.range.column}\u0000${message}`;
    if (!this.groups.has(key)) this.groups.set(key, { chart: undefined, place, message, sets: [], related: [] });
  }

  addMapped(chart: Chart, set: ValueSet, renderKey: string, m: Mapped, message: string): void {
    this.push(chart, set, renderKey, { file: m.file, range: m.range }, m.member ? `${message} (in the chart archive at ${m.member})` : message, m.related);
  }

  add(chart: Chart, set: ValueSet, renderKey: string, p: RenderProblem, labels: Map<string, ValuesSource>, display: (abs: string) => string, sources: TemplateSources): void {
    let message = p.message;
    for (const [label, v] of labels) message = message.split(label).join(v.display);
    let place: Place;
    if (p.code === "values-error") place = set.origin;
    else if (p.code === "kube-version") place = chartYamlPlace(chart, ["kubeVersion"]);
    else if (p.code === "missing-dependency") {
      const name = /missing in charts\/ directory: ([^;]+)/.exec(p.message)?.[1]?.trim();
      const deps = obj(chart.chartYaml.parsed.documents[0]?.value)?.dependencies;
      const i = Array.isArray(deps) ? deps.findIndex((d) => str(getIn(d, ["name"])) === name || str(getIn(d, ["alias"])) === name) : -1;
      place = chartYamlPlace(chart, i >= 0 ? ["dependencies", i] : ["dependencies"]);
    } else if (p.at) {
      const t = templateDisplay(chart, p.at.file, display);
      if (t.member) {
        message = `${message} (in the chart archive at ${t.member}:${p.at.line})`;
        place = { file: t.file, range: ONE };
      } else {
        const text = t.abs ? sources.text(t.abs) : undefined;
        place = { file: t.file, range: text ? lineRange(text, p.at.line, p.at.column) : { line: p.at.line, column: p.at.column, endLine: p.at.line, endColumn: p.at.column } };
      }
    } else place = chartYamlPlace(chart, []);
    this.push(chart, set, renderKey, place, message, []);
  }

  private push(chart: Chart, set: ValueSet, renderKey: string, place: Place, message: string, related: HelmRelated[]): void {
    const key = `${place.file}\u0000${place.range.line}\u0000${place.range.column}\u0000${message}`;
    const g = this.groups.get(key);
    if (g) {
      if (!g.sets.some((s) => s.key === renderKey)) g.sets.push({ set, key: renderKey });
      return;
    }
    this.groups.set(key, { chart, place, message, sets: [{ set, key: renderKey }], related });
  }

  list(charts: readonly Chart[]): HelmFinding[] {
    const out: HelmFinding[] = [];
    const setCount = new Map(charts.map((c) => [c, c.sets.length]));
    for (const g of this.groups.values()) {
      if (!g.chart) {
        out.push({ ruleId: HELM_RENDER_FAILED, message: g.message, file: g.place.file, range: g.place.range, related: [] });
        continue;
      }
      const chart = g.chart;
      const names = g.sets.map((s) => s.set.label);
      const message = `${g.message} (chart ${chart.display === "." ? `"${chart.name}"` : chart.display}, ${g.sets.length === 1 ? "render" : `${g.sets.length} renders`}: ${names.join(", ")})`;
      const related = [...g.related, ...g.sets.map(({ set }) => ({ file: set.origin.file, ...set.origin.range, message: `rendered by ${renderName(chart, set)}` }))];
      // A chart that fails on purpose without values (it has other value sets) is a note for the bare render.
      const onlyDefault = g.sets.every((s) => s.set.kind === "default") && (setCount.get(chart) ?? 1) > 1;
      out.push({ ruleId: HELM_RENDER_FAILED, message, file: g.place.file, range: g.place.range, related, ...(onlyDefault ? { level: "note" as const } : {}) });
    }
    return out.sort((a, b) => cmp(a.file, b.file) || a.range.line - b.range.line || a.range.column - b.range.column || cmp(a.message, b.message));
  }
}

function chartYamlPlace(chart: Chart, at: Path): Place {
  const l = chart.chartYaml;
  const doc = l.parsed.documents[0];
  return { file: l.file, range: doc && at.length > 0 ? locate(doc.ast, l.parsed.source, at) : ONE };
}

function lineRange(text: SourceText, line: number, column: number): SourceRange {
  const start = offsetOf(text, line, column);
  const eol = text.text.indexOf("\n", start);
  return text.range(start, eol < 0 ? text.text.length : eol);
}
