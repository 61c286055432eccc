/**
 * Which charts of a run are rendered, and with what: the chart's own values, each `ci/*.yaml` file, the
 * config's `helm.charts[]` entries, and the Argo CD Applications and Flux HelmReleases in the repo that
 * point at the chart. Reads only files inside the repository.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isMap, isScalar, isSeq, type Node } from "yaml";
import { relPosix } from "../../discover/git.js";
import { ConfigError, didYouMean } from "../../engine/config-errors.js";
import { locate } from "../../load/locate.js";
import { parseYaml, type ParsedDocument, type SourceRange } from "../../load/parse.js";
import type { LoadedFile } from "../../load/read.js";
import { cmp } from "../../model/compare.js";
import type { Path } from "../../model/path.js";
import { arr, getIn, isObj, obj, str, type Obj } from "../../model/values.js";
import { isInside } from "../kustomize/tree.js";

/** A values text handed to the renderer; its positions map to `display` shifted by `lineOffset` and `columnOffset`. */
export interface ValuesSource {
  label: string;
  text: string;
  display: string;
  /** The file the text is in (absent for values that are not in a file of the repository). */
  abs?: string;
  lineOffset: number;
  /** Undefined when columns do not map (a quoted string of YAML): the line is still right. */
  columnOffset: number | undefined;
}

/** A place in the user's files. */
export interface Place {
  file: string;
  range: SourceRange;
}

export type ValueSetKind = "default" | "ci" | "config" | "argocd" | "flux";

/** One render of a chart: release context and values, and where that render is configured. */
export interface ValueSet {
  kind: ValueSetKind;
  label: string;
  releaseName: string;
  /** The configured namespace; undefined renders as Helm's `default` but leaves resources' namespace unset. */
  namespace: string | undefined;
  valueFiles: ValuesSource[];
  values: Obj[];
  /** The values files replace the chart's values.yaml (Flux `valuesFile`/`valuesFiles`). */
  replaceChartValues?: boolean;
  /** Typed overrides by dotted path (config `set`, Argo `parameters`, Flux `targetPath`). */
  setValues: Record<string, unknown>;
  set: string[];
  apiVersions: string[];
  kubeVersion?: string;
  /** Where the render is configured: the related location of its findings. */
  origin: Place;
  /**
   * The files outside the chart's own that shape this render (the Application or HelmRelease, the config,
   * values files, ConfigMaps and Secrets of `valuesFrom`): absolute paths and display paths.
   */
  sources: { abs: string; display: string }[];
}

export interface Chart {
  dir: string;
  display: string;
  name: string;
  chartYaml: LoadedFile;
  sets: ValueSet[];
}

/** A problem with a render's configuration (a values file that does not exist, …): a helm-render-failed finding. */
export interface SetProblem extends Place {
  message: string;
}

export interface HelmConfig {
  charts: { path: string; releaseName?: string; namespace?: string; values: string[]; set: Record<string, unknown>; apiVersions: string[]; at: Path }[];
  apiVersions: string[];
}

const CHART_KEYS = ["path", "releaseName", "namespace", "values", "set", "apiVersions"];

/** Validates the config's `helm:` map (the config loader only checks that it is a map). */
export function readHelmConfig(helm: Obj | undefined, configFile: string | undefined, display: string | undefined): HelmConfig {
  const out: HelmConfig = { charts: [], apiVersions: [] };
  if (!helm) return out;
  let parsed: ReturnType<typeof parseYaml> | undefined;
  const fail = (message: string, at: Path): never => {
    let line: number | undefined;
    try {
      parsed ??= configFile ? parseYaml(readFileSync(configFile, "utf8")) : undefined;
      const doc = parsed?.documents[0];
      if (doc && parsed) line = locate(doc.ast, parsed.source, at).line;
    } catch {
      line = undefined;
    }
    throw new ConfigError(message, display, line);
  };
  const strings = (v: unknown, at: Path, what: string): string[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) return fail(`${what} must be a list of strings`, at);
    return v as string[];
  };
  for (const k of Object.keys(helm)) {
    if (k !== "charts" && k !== "apiVersions") fail(`unknown key "${k}" in helm${didYouMean(k, ["charts", "apiVersions"])}`, ["helm", k]);
  }
  out.apiVersions = strings(helm.apiVersions, ["helm", "apiVersions"], "helm.apiVersions");
  if (helm.charts !== undefined && !Array.isArray(helm.charts)) fail("helm.charts must be a list", ["helm", "charts"]);
  arr(helm.charts).forEach((c, i) => {
    const at: Path = ["helm", "charts", i];
    if (!isObj(c)) return fail(`helm.charts[${i}] must be a map with at least "path"`, at);
    for (const k of Object.keys(c)) if (!CHART_KEYS.includes(k)) fail(`unknown key "${k}" in helm.charts[${i}]${didYouMean(k, CHART_KEYS)}`, [...at, k]);
    if (typeof c.path !== "string" || c.path === "") fail(`helm.charts[${i}].path must name the chart directory`, [...at, "path"]);
    for (const k of ["releaseName", "namespace"] as const) {
      if (c[k] !== undefined && typeof c[k] !== "string") fail(`helm.charts[${i}].${k} must be a string`, [...at, k]);
    }
    if (c.set !== undefined && !isObj(c.set)) fail(`helm.charts[${i}].set must be a map of dotted paths to values`, [...at, "set"]);
    out.charts.push({
      path: c.path as string, releaseName: str(c.releaseName), namespace: str(c.namespace),
      values: strings(c.values, [...at, "values"], `helm.charts[${i}].values`), set: (obj(c.set) ?? {}) as Record<string, unknown>,
      apiVersions: strings(c.apiVersions, [...at, "apiVersions"], `helm.charts[${i}].apiVersions`), at,
    });
  });
  return out;
}

export interface ChartsInput {
  loaded: readonly LoadedFile[];
  repoRoot: string;
  cwd: string;
  /** Directories named on the command line (GitOps paths are tried against them too). */
  dirs: readonly string[];
  config: HelmConfig;
  /** The config file's directory and display path (config paths are relative to it). */
  configDir: string;
  configDisplay: string | undefined;
  configFile: string | undefined;
}

const docRange = (l: LoadedFile, doc: ParsedDocument | undefined, at: Path): SourceRange =>
  doc ? locate(doc.ast, l.parsed.source, at) : { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** The application charts among the linted files, each with the value sets it is rendered with. */
export function chartsOf(input: ChartsInput): { charts: Chart[]; problems: SetProblem[] } {
  const display = (abs: string) => relPosix(input.cwd, abs) || ".";
  const problems: SetProblem[] = [];
  const charts: Chart[] = [];
  const byDir = new Map<string, Chart>();
  for (const l of input.loaded) {
    if (!l.abs || path.basename(l.abs) !== "Chart.yaml") continue;
    const dir = path.dirname(l.abs);
    const meta = obj(l.parsed.documents[0]?.value);
    if (str(meta?.type) === "library" || vendoredUnderAnotherChart(dir)) continue;
    const chart: Chart = { dir, display: display(dir), name: str(meta?.name) ?? path.basename(dir), chartYaml: l, sets: [] };
    charts.push(chart);
    byDir.set(dir, chart);
  }
  charts.sort((a, b) => cmp(a.dir, b.dir));
  if (charts.length === 0) return { charts, problems };

  const within = (abs: string) => isInside(input.repoRoot, abs);
  const readValues = (abs: string, ref: Place, what: string): ValuesSource | undefined => {
    if (!within(abs)) {
      problems.push({ ...ref, message: `${what} "${display(abs)}" is outside the repository; shipshape reads values only from inside it` });
      return undefined;
    }
    try {
      return { label: display(abs), text: readFileSync(abs, "utf8"), display: display(abs), abs, lineOffset: 0, columnOffset: 0 };
    } catch {
      problems.push({ ...ref, message: `${what} "${display(abs)}" does not exist` });
      return undefined;
    }
  };

  for (const chart of charts) {
    const chartYamlPlace: Place = { file: chart.chartYaml.file, range: { line: 1, column: 1, endLine: 1, endColumn: 1 } };
    chart.sets.push(baseSet(chart, "default", "default values", chartYamlPlace, input.config.apiVersions));
    const ciDir = path.join(chart.dir, "ci");
    let ciFiles: string[] = [];
    try {
      ciFiles = readdirSync(ciDir).filter((f) => /\.ya?ml$/.test(f)).sort(cmp);
    } catch {
      ciFiles = [];
    }
    for (const f of ciFiles) {
      const abs = path.join(ciDir, f);
      const set = baseSet(chart, "ci", `ci/${f}`, { file: display(abs), range: { line: 1, column: 1, endLine: 1, endColumn: 1 } }, input.config.apiVersions);
      const v = readValues(abs, set.origin, "values file");
      if (v) set.valueFiles.push(v);
      addSource(set, abs, display(abs));
      chart.sets.push(set);
    }
  }

  // the config's helm.charts entries
  let configParsed: ReturnType<typeof parseYaml> | undefined;
  const configPlace = (at: Path): Place => {
    if (!input.configFile || !input.configDisplay) return { file: ".shipshape.yaml", range: { line: 1, column: 1, endLine: 1, endColumn: 1 } };
    try {
      configParsed ??= parseYaml(readFileSync(input.configFile, "utf8"));
    } catch {
      return { file: input.configDisplay, range: { line: 1, column: 1, endLine: 1, endColumn: 1 } };
    }
    const doc = configParsed.documents[0];
    return { file: input.configDisplay, range: doc ? locate(doc.ast, configParsed.source, at) : { line: 1, column: 1, endLine: 1, endColumn: 1 } };
  };
  for (const entry of input.config.charts) {
    const chart = byDir.get(path.resolve(input.configDir, entry.path));
    if (!chart) continue; // a chart outside the linted paths, or not a chart: nothing to render here
    const release = entry.releaseName ?? "release-name";
    const set = baseSet(chart, "config", `release "${release}" from ${input.configDisplay ?? "the config"}`, configPlace([...entry.at, "path"]), [...input.config.apiVersions, ...entry.apiVersions]);
    set.releaseName = release;
    set.namespace = entry.namespace;
    if (input.configFile) addSource(set, input.configFile, input.configDisplay ?? display(input.configFile));
    entry.values.forEach((v, j) => {
      const vf = readValues(path.resolve(input.configDir, v), configPlace([...entry.at, "values", j]), "values file");
      if (vf) set.valueFiles.push(vf);
    });
    set.setValues = { ...entry.set };
    chart.sets.push(set);
  }

  // Argo CD Applications and Flux HelmReleases that point at a chart in the repo
  const bases = [input.repoRoot, ...input.dirs, input.cwd];
  const chartAt = (p: string | undefined): Chart | undefined => {
    if (!p || /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return undefined;
    for (const b of bases) {
      const c = byDir.get(path.resolve(b, p));
      if (c) return c;
    }
    return undefined;
  };
  const configMaps = new Map<string, { l: LoadedFile; doc: ParsedDocument; value: Obj }>();
  for (const l of input.loaded) {
    for (const doc of l.parsed.documents) {
      const v = obj(doc.value);
      if (!v || (v.kind !== "ConfigMap" && v.kind !== "Secret") || v.apiVersion !== "v1") continue;
      const key = `${v.kind}|${str(getIn(v, ["metadata", "namespace"])) ?? ""}|${str(getIn(v, ["metadata", "name"])) ?? ""}`;
      if (!configMaps.has(key)) configMaps.set(key, { l, doc, value: v });
    }
  }
  for (const l of input.loaded) {
    for (const doc of l.parsed.documents) {
      const v = obj(doc.value);
      const apiVersion = str(v?.apiVersion) ?? "";
      if (!v) continue;
      if (apiVersion.startsWith("argoproj.io/") && v.kind === "Application") {
        argoSets(l, doc, v, chartAt, input, readValues, problems);
      } else if (apiVersion.startsWith("helm.toolkit.fluxcd.io/") && v.kind === "HelmRelease") {
        fluxSet(l, doc, v, chartAt, input, readValues, problems, configMaps);
      }
    }
  }
  return { charts, problems };
}

function baseSet(chart: Chart, kind: ValueSetKind, label: string, origin: Place, apiVersions: string[]): ValueSet {
  void chart;
  return { kind, label, releaseName: "release-name", namespace: undefined, valueFiles: [], values: [], setValues: {}, set: [], apiVersions: [...apiVersions], origin, sources: [] };
}

function addSource(set: ValueSet, abs: string | undefined, display: string): void {
  if (abs !== undefined && !set.sources.some((s) => s.abs === abs)) set.sources.push({ abs, display });
}

/** Every file that shapes a render besides the chart's own: its sources and its values files. */
export function setSources(set: ValueSet): { abs: string; display: string }[] {
  const out = [...set.sources];
  for (const v of set.valueFiles) if (v.abs !== undefined && !out.some((s) => s.abs === v.abs)) out.push({ abs: v.abs, display: v.display });
  return out;
}

/** A chart under another chart's `charts/` is rendered as that chart's subchart, never on its own. */
function vendoredUnderAnotherChart(dir: string): boolean {
  const parts = dir.split(path.sep);
  for (let i = parts.length - 2; i > 0; i--) {
    if (parts[i] !== "charts") continue;
    if (existsSync(path.join(parts.slice(0, i).join(path.sep) || path.sep, "Chart.yaml"))) return true;
  }
  return false;
}

type ReadValues = (abs: string, ref: Place, what: string) => ValuesSource | undefined;

/**
 * The YAML text of a map node inside a document, with the line offset that maps its lines back: the
 * node's lines are cut out whole, so their indentation stays consistent.
 */
function embeddedMap(l: LoadedFile, doc: ParsedDocument, at: Path, label: string): ValuesSource | undefined {
  const node = nodeAt(doc, at);
  if (!node || !isMap(node) || !node.range) return undefined;
  const text = l.parsed.source.text;
  const lineStart = text.lastIndexOf("\n", node.range[0] - 1) + 1;
  if (text.slice(lineStart, node.range[0]).trim() !== "") return undefined; // flow map after a key: no line mapping
  const startLine = l.parsed.source.position(lineStart).line;
  return { label, text: text.slice(lineStart, node.range[1]), display: l.file, ...(l.abs ? { abs: l.abs } : {}), lineOffset: startLine - 1, columnOffset: 0 };
}

/** A block-scalar string of YAML (Argo CD's `helm.values`): its content starts on the line after the indicator. */
function embeddedString(l: LoadedFile, doc: ParsedDocument, at: Path, label: string): ValuesSource | undefined {
  const node = nodeAt(doc, at);
  if (!node || !isScalar(node) || typeof node.value !== "string" || !node.range) return undefined;
  const block = node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED";
  const line = l.parsed.source.position(node.range[0]).line;
  const src = l.parsed.source.text;
  const contentStart = src.indexOf("\n", node.range[0]) + 1;
  const indent = block && contentStart > 0 ? (/^ */.exec(src.slice(contentStart))?.[0].length ?? 0) : undefined;
  return { label, text: node.value, display: l.file, ...(l.abs ? { abs: l.abs } : {}), lineOffset: block ? line : line - 1, columnOffset: indent };
}

function nodeAt(doc: ParsedDocument, at: Path): Node | undefined {
  let cur: unknown = doc.ast.contents;
  for (const seg of at) {
    if (isMap(cur)) cur = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value;
    else if (isSeq(cur) && typeof seg === "number") cur = cur.items[seg];
    else return undefined;
  }
  return (cur as Node | undefined) ?? undefined;
}

/**
 * The label of values written inside a document: unique within its render (a label only has to tell a
 * render's values apart) and the same on every run, so a persisted render of the same inputs stays valid.
 */
const freshLabel = (set: ValueSet) => `@values-${set.valueFiles.filter((v) => v.label.startsWith("@values-")).length + 1}@`;

function argoSets(
  l: LoadedFile, doc: ParsedDocument, app: Obj, chartAt: (p: string | undefined) => Chart | undefined, input: ChartsInput,
  readValues: ReadValues, problems: SetProblem[],
): void {
  const spec = obj(app.spec);
  if (!spec) return;
  const name = str(getIn(app, ["metadata", "name"])) ?? "(unnamed)";
  const sources: [Obj, Path][] = [];
  if (isObj(spec.source)) sources.push([spec.source, ["spec", "source"]]);
  arr(spec.sources).forEach((s, i) => {
    if (isObj(s)) sources.push([s, ["spec", "sources", i]]);
  });
  const refs = new Map<string, string>();
  for (const [s] of sources) {
    const ref = str(s.ref);
    if (ref) refs.set(ref, str(s.path) ?? "");
  }
  for (const [s, at] of sources) {
    const chart = chartAt(str(s.path));
    if (!chart) continue;
    const helm = obj(s.helm) ?? {};
    const place = (p: Path): Place => ({ file: l.file, range: docRange(l, doc, p) });
    const set = baseSet(chart, "argocd", `Argo CD Application "${name}"`, place([...at, "path"]), [...input.config.apiVersions, ...arr(helm.apiVersions).filter((x): x is string => typeof x === "string")]);
    set.releaseName = str(helm.releaseName) ?? name;
    set.namespace = str(getIn(spec, ["destination", "namespace"]));
    addSource(set, l.abs, l.file);
    const kv = str(helm.kubeVersion);
    if (kv) set.kubeVersion = kv;
    arr(helm.valueFiles).forEach((f, j) => {
      if (typeof f !== "string") return;
      const ref: Place = place([...at, "helm", "valueFiles", j]);
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(f)) {
        problems.push({ ...ref, message: `values file "${f}" of Argo CD Application "${name}" is remote and shipshape never fetches; the render uses the other values` });
        return;
      }
      const m = /^\$([^/]+)\/(.*)$/.exec(f);
      const abs = m ? path.resolve(input.repoRoot, refs.get(m[1] as string) ?? "", m[2] as string) : path.resolve(chart.dir, f);
      if (!existsSync(abs) && helm.ignoreMissingValueFiles === true) return;
      const v = readValues(abs, ref, "values file");
      if (v) set.valueFiles.push(v);
    });
    if (typeof helm.values === "string") {
      const v = embeddedString(l, doc, [...at, "helm", "values"], freshLabel(set));
      if (v) set.valueFiles.push(v);
    } else if (isObj(helm.values)) {
      const v = embeddedMap(l, doc, [...at, "helm", "values"], freshLabel(set));
      if (v) set.valueFiles.push(v);
      else set.values.push(helm.values);
    }
    if (isObj(helm.valuesObject)) {
      const v = embeddedMap(l, doc, [...at, "helm", "valuesObject"], freshLabel(set));
      if (v) set.valueFiles.push(v);
      else set.values.push(helm.valuesObject);
    }
    for (const p of arr(helm.parameters)) {
      const n = str(getIn(p, ["name"]));
      const value = getIn(p, ["value"]);
      if (!n || value === undefined) continue;
      if (getIn(p, ["forceString"]) === true) set.setValues[n] = String(value);
      else set.set.push(`${n}=${String(value)}`);
    }
    chart.sets.push(set);
  }
}

function fluxSet(
  l: LoadedFile, doc: ParsedDocument, hr: Obj, chartAt: (p: string | undefined) => Chart | undefined, input: ChartsInput,
  readValues: ReadValues, problems: SetProblem[], configMaps: Map<string, { l: LoadedFile; doc: ParsedDocument; value: Obj }>,
): void {
  const spec = obj(hr.spec);
  const chartSpec = obj(getIn(spec, ["chart", "spec"]));
  if (!spec || !chartSpec) return;
  const sourceKind = str(getIn(chartSpec, ["sourceRef", "kind"]));
  if (sourceKind !== undefined && sourceKind !== "GitRepository" && sourceKind !== "Bucket") return;
  const chart = chartAt(str(chartSpec.chart));
  if (!chart) return;
  const name = str(getIn(hr, ["metadata", "name"])) ?? "(unnamed)";
  const ns = str(getIn(hr, ["metadata", "namespace"]));
  const place = (p: Path): Place => ({ file: l.file, range: docRange(l, doc, p) });
  const set = baseSet(chart, "flux", `Flux HelmRelease "${ns ? `${ns}/` : ""}${name}"`, place(["spec", "chart", "spec", "chart"]), input.config.apiVersions);
  const target = str(spec.targetNamespace);
  set.namespace = target ?? ns;
  addSource(set, l.abs, l.file);
  set.releaseName = str(spec.releaseName) ?? (target ? `${target}-${name}` : name);
  const kv = str(getIn(spec, ["kubeVersion"]));
  if (kv) set.kubeVersion = kv;
  // Flux: `valuesFile` (deprecated) then `valuesFiles`, paths in the source; when given they are the
  // chart's values, and its own values.yaml is not read.
  const deprecated = str(chartSpec.valuesFile);
  const listed = arr(chartSpec.valuesFiles);
  if (deprecated !== undefined || listed.length > 0) set.replaceChartValues = true;
  if (deprecated !== undefined) {
    const v = readValues(path.resolve(input.repoRoot, deprecated), place(["spec", "chart", "spec", "valuesFile"]), "values file");
    if (v) set.valueFiles.push(v);
  }
  listed.forEach((f, j) => {
    if (typeof f !== "string") return;
    const v = readValues(path.resolve(input.repoRoot, f), place(["spec", "chart", "spec", "valuesFiles", j]), "values file");
    if (v) set.valueFiles.push(v);
  });
  arr(spec.valuesFrom).forEach((ref, j) => {
    const kind = str(getIn(ref, ["kind"]));
    const refName = str(getIn(ref, ["name"]));
    if ((kind !== "ConfigMap" && kind !== "Secret") || !refName) return;
    const at = place(["spec", "valuesFrom", j]);
    const found = configMaps.get(`${kind}|${ns ?? ""}|${refName}`);
    const key = str(getIn(ref, ["valuesKey"])) ?? "values.yaml";
    if (!found) {
      if (getIn(ref, ["optional"]) !== true) problems.push({ ...at, message: `${kind} "${refName}" named in valuesFrom of Flux HelmRelease "${name}" is not in the repository; the render uses the other values` });
      return;
    }
    addSource(set, found.l.abs, found.l.file);
    let text: string | undefined;
    const plain = str(getIn(found.value, ["data", key])) ?? (kind === "Secret" ? str(getIn(found.value, ["stringData", key])) : undefined);
    if (plain !== undefined) text = kind === "Secret" && getIn(found.value, ["data", key]) !== undefined ? Buffer.from(plain, "base64").toString("utf8") : plain;
    if (text === undefined) {
      if (getIn(ref, ["optional"]) !== true) problems.push({ ...at, message: `${kind} "${refName}" has no key "${key}" for Flux HelmRelease "${name}"; the render uses the other values` });
      return;
    }
    const targetPath = str(getIn(ref, ["targetPath"]));
    if (targetPath) {
      set.setValues[targetPath] = text;
      return;
    }
    const embedded = kind === "ConfigMap" ? embeddedString(found.l, found.doc, ["data", key], freshLabel(set)) : undefined;
    set.valueFiles.push(embedded ?? { label: freshLabel(set), text, display: found.l.file, lineOffset: 0, columnOffset: undefined });
  });
  if (isObj(spec.values)) {
    const v = embeddedMap(l, doc, ["spec", "values"], freshLabel(set));
    if (v) set.valueFiles.push(v);
    else set.values.push(spec.values);
  }
  chart.sets.push(set);
}
