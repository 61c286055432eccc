// renderChart: Helm's `helm template` in TypeScript — values, subcharts, templates, Helm's functions, manifest
// splitting and install-order sorting — with a source map from every rendered byte back to its template line.
import path from "node:path";
import { minimatch } from "minimatch";
import { Ajv } from "ajv";
import { loadChart, ChartLoadError } from "./chart.js";
import type { Chart, ChartFile } from "./chart.js";
import { parseTemplate, isEmptyList, TemplateParseError } from "./template/parse.js";
import { Executor, RenderError } from "./template/exec.js";
import type { TemplateDef, FuncDef } from "./template/exec.js";
import { GoBytes, GoError, GoObject, isMap } from "./template/values.js";
import type { GoValue } from "./template/values.js";
import { OutputLimitError, removeAll, sliceSegs, reindentSegs } from "./template/output.js";
import type { Segment, ValueOrigin } from "./template/output.js";
import { sprigFuncs, Rng, FIXED_NOW, FailError, strval, goPathClean, deepCopy } from "./funcs.js";
import { parseGoYaml, parseGoYamlAll, toGoJson, toGoYaml, yamlSegments, YamlError } from "./goyaml.js";
import { buildTree, coalesce, mergeMaps, parseSet, processEnabled, processImports, copyValues } from "./values.js";
import type { Node } from "./values.js";
import { constraintMatches, parseSemver } from "./semver.js";

type M = Record<string, GoValue>;

export const DEFAULT_KUBE_VERSION = "1.36.0";

/** Helm's default API versions (client-go scheme + apiextensions), as recorded with the golden cases. */
export const DEFAULT_API_VERSIONS = [
  "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1", "admissionregistration.k8s.io/v1beta1", "apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1beta1",
  "apps/v1", "apps/v1beta1", "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1", "authentication.k8s.io/v1beta1", "authorization.k8s.io/v1",
  "authorization.k8s.io/v1beta1", "autoscaling/v1", "autoscaling/v2", "batch/v1", "batch/v1beta1", "certificates.k8s.io/v1", "certificates.k8s.io/v1alpha1",
  "certificates.k8s.io/v1beta1", "coordination.k8s.io/v1", "coordination.k8s.io/v1alpha2", "coordination.k8s.io/v1beta1", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1",
  "events.k8s.io/v1", "events.k8s.io/v1beta1", "extensions/v1beta1", "flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2",
  "flowcontrol.apiserver.k8s.io/v1beta3", "internal.apiserver.k8s.io/v1alpha1", "networking.k8s.io/v1", "networking.k8s.io/v1alpha1", "networking.k8s.io/v1beta1", "node.k8s.io/v1",
  "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1", "rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1alpha1", "rbac.authorization.k8s.io/v1beta1",
  "resource.k8s.io/v1", "resource.k8s.io/v1alpha3", "resource.k8s.io/v1beta1", "resource.k8s.io/v1beta2", "scheduling.k8s.io/v1", "scheduling.k8s.io/v1alpha1", "scheduling.k8s.io/v1beta1",
  "storage.k8s.io/v1", "storage.k8s.io/v1alpha1", "storage.k8s.io/v1beta1", "storagemigration.k8s.io/v1alpha1", "v1",
];

const INSTALL_ORDER = ["PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret",
  "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
  "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
  "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];
const ORDER = new Map(INSTALL_ORDER.map((k, i) => [k, i]));
const HOOK_EVENTS = new Set(["pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade", "post-upgrade", "pre-rollback", "post-rollback", "test", "test-success"]);

export interface ValuesFile { path: string; text: string }

export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  /** Values files in order (later wins), like `-f`. `path` labels the origins of their lines. */
  valueFiles?: ValuesFile[];
  /** Already-parsed value maps, merged after the files (e.g. a config's inline values). */
  values?: M[];
  /** `--set` expressions, applied last. */
  set?: string[];
  /** Typed overrides by dotted path, applied last (a config's `set: {…}`). */
  setValues?: Record<string, GoValue>;
  kubeVersion?: string;
  apiVersions?: string[];
  /** Match Helm 3 (document whitespace and null handling) instead of Helm 4. */
  helm3?: boolean;
  isUpgrade?: boolean;
  includeCrds?: boolean;
  skipTests?: boolean;
  showOnly?: string[];
  /**
   * The values files replace the chart's own values.yaml rather than overriding it (Flux `valuesFiles`:
   * "values.yaml is not included by default"). Subcharts keep theirs.
   */
  replaceChartValues?: boolean;
  /** Validate values against values.schema.json (default true). */
  validateSchema?: boolean;
  limits?: { timeMs?: number; maxOutputBytes?: number; maxDepth?: number };
  /** Seed for the deterministic random functions (default 1). */
  seed?: number;
}

export interface SourcePosition { file: string; line: number; column: number }

/** Where a rendered position came from. `file` is relative to the chart directory (e.g. `templates/deployment.yaml`). */
export interface MappedLocation extends SourcePosition {
  /** True when the position is an exact character of template text; false when it was printed by an action. */
  exact: boolean;
  /** The values-file line of the printed value (file as given in the options or `values.yaml` of the chart). */
  value?: SourcePosition;
  /** The `include` call site when the text came from a named template. */
  via?: SourcePosition;
}

export interface RenderedDocument {
  /** Helm's `# Source:` name, e.g. `mychart/templates/deployment.yaml`. */
  source: string;
  /** The template file relative to the chart directory (`templates/x.yaml`, `charts/sub/templates/x.yaml`), or an archive path. */
  templateFile: string;
  /** The document text as Helm prints it after the `# Source:` line. */
  text: string;
  kind: string;
  hook: boolean;
  /**
   * Ranges of `text` (start inclusive, end exclusive) printed from values that a random, time or key-generating
   * function produced (`randAlphaNum`, `genCA`, `now`, …, or computed from one), sorted.
   */
  generated: readonly (readonly [number, number])[];
  /** Maps an offset in `text` to the template (and values) position that produced it. */
  locate(offset: number): MappedLocation | null;
  /** Same, by 1-based line and column of `text`. */
  locateLine(line: number, column?: number): MappedLocation | null;
  /** The template files (relative to the chart directory, or archive paths) any of `text` came from: the document's own first. */
  templateFiles(): readonly string[];
}

export interface RenderProblem {
  severity: "error" | "warning" | "note";
  /** `template-error`, `fail`, `required`, `parse-error`, `yaml-error`, `schema`, `missing-dependency`, `kube-version`, `limit`, `chart-error`. */
  code: string;
  message: string;
  /** Position in the chart (file relative to the chart directory), when known. */
  at?: SourcePosition;
}

export interface RenderResult {
  chartName: string;
  documents: RenderedDocument[];
  crds: { source: string; file: string; text: string }[];
  notes: string | null;
  problems: RenderProblem[];
  /** The whole output as `helm template` prints it. */
  manifest: string;
  /** Every string value a generator function produced in this render, or that was computed from one. */
  generatedValues: ReadonlySet<string>;
}

interface TplInfo { name: string; file: ChartFile; node: Node; chart: Chart; vals: M; relFile: string }

function lineCol(src: string, offset: number): { line: number; column: number } {
  let line = 1, last = -1;
  for (let i = src.indexOf("\n"); i >= 0 && i < offset; i = src.indexOf("\n", i + 1)) { line++; last = i; }
  return { line, column: offset - last };
}

export class LineIndex {
  readonly starts: number[] = [0];
  constructor(text: string, starts?: readonly number[]) {
    if (starts) { this.starts = [...starts]; return; }
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }
  pos(offset: number): { line: number; column: number } {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1; }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
  offset(line: number, column: number): number { return (this.starts[line - 1] ?? 0) + column - 1; }
}

function kubeVersionObject(v: string): GoObject {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  const major = m?.[1] ?? "1", minor = m?.[2] ?? "20";
  const version = `v${major}.${minor}.${m?.[3] ?? "0"}`;
  return new GoObject("common.KubeVersion", { Version: version, Major: major, Minor: minor, GitVersion: version }, { String: () => version, GitVersion: () => version }, () => version);
}

function filesObject(files: ChartFile[], toYaml: (v: GoValue) => string): GoObject {
  const entries: M = {};
  const map = new Map(files.map((f) => [f.name, f.data]));
  for (const f of files) entries[f.name] = f.data.toString("utf8");
  const make = (m: Map<string, Buffer>): GoObject => {
    const e: M = {};
    for (const [k, v] of m) e[k] = v.toString("utf8");
    return new GoObject("engine.files", { __entries__: e }, {
      Get: (name) => m.get(String(name))?.toString("utf8") ?? "",
      GetBytes: (name) => new GoBytes(new Uint8Array(m.get(String(name)) ?? [])),
      Glob: (pattern) => make(new Map([...m].filter(([k]) => minimatch(k, String(pattern), { dot: true })))),
      Lines: (name) => { const b = m.get(String(name)); if (!b) return []; let s = b.toString("utf8"); if (s.endsWith("\n")) s = s.slice(0, -1); return s.split("\n"); },
      AsConfig: () => { const o: M = {}; for (const [k, v] of m) o[path.posix.basename(k)] = v.toString("utf8"); return toYaml(o); },
      AsSecrets: () => { const o: M = {}; for (const [k, v] of m) o[path.posix.basename(k)] = v.toString("base64"); return toYaml(o); },
    });
  };
  void entries;
  return make(map);
}

function chartObject(node: Node, isRoot: boolean): GoObject {
  const meta = node.meta;
  const str = (k: string) => (typeof meta[k] === "string" ? (meta[k] as string) : "");
  const deps = Array.isArray(meta.dependencies) ? (meta.dependencies as M[]).map((d) => new GoObject("*chart.Dependency", {
    Name: d.name ?? "", Version: d.version ?? "", Repository: d.repository ?? "", Condition: d.condition ?? "", Tags: d.tags ?? null, Enabled: true, ImportValues: d["import-values"] ?? null, Alias: d.alias ?? "",
  })) : null;
  const maint = Array.isArray(meta.maintainers) ? (meta.maintainers as M[]).map((x) => new GoObject("*chart.Maintainer", { Name: x.name ?? "", Email: x.email ?? "", URL: x.url ?? "" })) : null;
  return new GoObject("chart.Metadata", {
    Name: node.name, Home: str("home"), Sources: meta.sources ?? null, Version: str("version"), Description: str("description"), Keywords: meta.keywords ?? null,
    Maintainers: maint, Icon: str("icon"), APIVersion: str("apiVersion"), Condition: str("condition"), Tags: str("tags"), AppVersion: str("appVersion"),
    Deprecated: meta.deprecated === true, Annotations: isMap(meta.annotations) ? meta.annotations : null, KubeVersion: str("kubeVersion"), Dependencies: deps, Type: str("type"), IsRoot: isRoot,
  });
}

/** Splits one rendered template into documents the way Helm does (v4 keeps trailing newlines; v3 trims). */
function splitManifests(text: string, helm3: boolean): { start: number; end: number }[] {
  const docs: { start: number; end: number }[] = [];
  if (helm3) {
    const re = /(?:^|\s*\n)---\s*/g;
    let last = 0;
    const ranges: [number, number][] = [];
    let m: RegExpExecArray | null;
    const lead = text.length - text.trimStart().length;
    const trimmedEnd = text.trimEnd().length;
    const body = text.slice(lead, trimmedEnd);
    re.lastIndex = 0;
    while ((m = re.exec(body))) { if (m[0].length === 0) { re.lastIndex++; continue; } ranges.push([last, m.index]); last = m.index + m[0].length; }
    ranges.push([last, body.length]);
    for (const [a, b] of ranges) {
      const seg = body.slice(a, b);
      if (seg.trim() === "") continue;
      const s = a + (seg.length - seg.trimStart().length);
      const e = a + seg.trimEnd().length;
      docs.push({ start: lead + s, end: lead + e });
    }
    return docs;
  }
  // Helm 4: TrimLeft the file; separators are `---` at a line start plus following whitespace; documents keep
  // their trailing whitespace and lose their leading whitespace.
  const lead = text.length - text.trimStart().length;
  const re = /(?:^|\n)---\s*/g;
  const body = text.slice(lead);
  let last = 0;
  const ranges: [number, number][] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    const sepStart = m[0].startsWith("\n") ? m.index + 1 : m.index;
    ranges.push([last, sepStart]);
    last = m.index + m[0].length;
  }
  ranges.push([last, body.length]);
  for (const [a, b] of ranges) {
    const seg = body.slice(a, b);
    if (seg.trim() === "") continue;
    docs.push({ start: lead + a + (seg.length - seg.trimStart().length), end: lead + b });
  }
  return docs;
}

interface Head { kind: string; hook: string | null; parseError: string | null }

const unquote = (v: string) => v.replace(/\s+#.*$/, "").trim().replace(/^(["'])(.*)\1$/, "$2");

/** Cheap head scan for big documents (kind and the hook annotation), without parsing the whole YAML. */
function scanHead(doc: string): Head {
  let kind = "";
  let hook: string | null = null;
  const lines = doc.split("\n");
  let inMeta = false, inAnn = false, annIndent = -1;
  for (const line of lines) {
    const m = /^kind:\s*(.*)$/.exec(line);
    if (m) { kind = unquote(m[1]!); continue; }
    if (/^metadata:\s*$/.test(line)) { inMeta = true; continue; }
    if (/^\S/.test(line)) { inMeta = false; inAnn = false; continue; }
    if (!inMeta) continue;
    const a = /^(\s+)annotations:\s*$/.exec(line);
    if (a) { inAnn = true; annIndent = a[1]!.length; continue; }
    if (inAnn) {
      const ind = /^(\s*)/.exec(line)![1]!.length;
      if (line.trim() && ind <= annIndent) { inAnn = false; continue; }
      const h = /^\s+["']?helm\.sh\/hook["']?\s*:\s*(.*)$/.exec(line);
      if (h) hook = unquote(h[1]!);
    }
  }
  return { kind, hook, parseError: null };
}

function readHead(doc: string): Head {
  if (doc.length > 32 * 1024) return scanHead(doc);
  try {
    const v = parseGoYaml(doc);
    if (!isMap(v)) return { kind: "", hook: null, parseError: null };
    const meta = isMap(v.metadata) ? v.metadata : null;
    const ann = meta && isMap(meta.annotations) ? meta.annotations : null;
    const hook = ann && typeof ann["helm.sh/hook"] === "string" ? (ann["helm.sh/hook"] as string) : null;
    return { kind: typeof v.kind === "string" ? v.kind : "", hook, parseError: null };
  } catch (e) {
    return { kind: "", hook: null, parseError: (e as Error).message };
  }
}

const isTestHook = (hook: string | null) => !!hook && hook.split(",").some((h) => h.trim().toLowerCase() === "test" || h.trim().toLowerCase() === "test-success");

/** Renders a chart (directory or .tgz) like `helm template`, offline. Never throws for chart content problems. */
export function renderChart(chartPath: string, options: RenderOptions = {}): RenderResult {
  const problems: RenderProblem[] = [];
  const empty = (name: string): RenderResult => ({ chartName: name, documents: [], crds: [], notes: null, problems, manifest: "", generatedValues: new Set() });
  let chart: Chart;
  try {
    chart = loadChart(chartPath);
  } catch (e) {
    problems.push({ severity: "error", code: "chart-error", message: (e as Error).message, at: e instanceof ChartLoadError ? undefined : undefined });
    return empty(path.basename(chartPath));
  }
  if (options.replaceChartValues) chart = { ...chart, values: {} };
  if (chart.type === "library") {
    problems.push({ severity: "error", code: "chart-error", message: "library charts are not installable" });
    return empty(chart.name);
  }
  const helm3 = options.helm3 === true;
  const kubeVersion = options.kubeVersion ?? DEFAULT_KUBE_VERSION;
  const kv = kubeVersionObject(kubeVersion);
  // chart kubeVersion constraint
  const kvc = typeof chart.meta.kubeVersion === "string" ? chart.meta.kubeVersion : "";
  if (kvc) {
    const v = parseSemver(String(kv.fields.Version));
    const ok = v instanceof Error ? false : constraintMatches(kvc, v);
    if (ok !== true) {
      problems.push({ severity: "error", code: "kube-version", message: `chart requires kubeVersion: ${kvc} which is incompatible with Kubernetes ${String(kv.fields.Version)}`, at: { file: "Chart.yaml", line: 1, column: 1 } });
      return empty(chart.name);
    }
  }
  // user values
  let user: M = {};
  for (const vf of options.valueFiles ?? []) {
    try {
      const v = parseGoYaml(vf.text, { file: vf.path });
      if (v !== null && !isMap(v)) throw new Error("values must be a mapping");
      if (v) user = mergeMaps(user, v);
    } catch (e) {
      problems.push({ severity: "error", code: "values-error", message: `failed to parse ${vf.path}: ${(e as Error).message}` });
      return empty(chart.name);
    }
  }
  for (const v of options.values ?? []) user = mergeMaps(user, copyValues(v) as M);
  try {
    for (const s of options.set ?? []) user = mergeMaps(user, parseSet(s));
  } catch (e) {
    problems.push({ severity: "error", code: "values-error", message: `failed parsing --set data: ${(e as Error).message}` });
    return empty(chart.name);
  }
  if (options.setValues) {
    const o: M = {};
    for (const [k, v] of Object.entries(options.setValues)) {
      let cur = o;
      const keys = k.split(".");
      keys.forEach((key, i) => { if (i === keys.length - 1) cur[key] = v; else { if (!isMap(cur[key])) cur[key] = {}; cur = cur[key] as M; } });
    }
    user = mergeMaps(user, o);
  }
  // dependencies
  const missing: string[] = [];
  const tree = buildTree(chart, chart.name, missing);
  for (const m of missing) {
    problems.push({ severity: "warning", code: "missing-dependency", message: `found in Chart.yaml, but missing in charts/ directory: ${m}; rendering what is vendored`, at: { file: "Chart.yaml", line: 1, column: 1 } });
  }
  const copts = { helm3 };
  processEnabled(tree, user, copts);
  const defaults = new Map<Node, M>();
  processImports(tree, copts, defaults);
  const topValues = coalesce(tree, copyValues(user) as M, copts, false, defaults);
  // schema
  if (options.validateSchema !== false) validateSchemas(tree, topValues, problems);

  const limits = { maxDepth: options.limits?.maxDepth ?? 200, deadline: Date.now() + (options.limits?.timeMs ?? 20000), output: { remaining: options.limits?.maxOutputBytes ?? 64 * 1024 * 1024 } };
  const release = new GoObject("chartutil.ReleaseOptions", {
    Name: options.releaseName ?? "release-name", Namespace: options.namespace ?? "default", IsUpgrade: options.isUpgrade === true, IsInstall: options.isUpgrade !== true, Revision: 1n, Service: "Helm",
  });
  const apis = [...DEFAULT_API_VERSIONS, ...(options.apiVersions ?? [])];
  const apiSet = new Set(apis);
  const capabilities = new GoObject("common.Capabilities", {
    KubeVersion: kv,
    APIVersions: new GoObject("common.VersionSet", {}, { Has: (v) => apiSet.has(String(v)) }, () => "[" + apis.join(" ") + "]"),
    HelmVersion: new GoObject("common.BuildInfo", { Version: helm3 ? "v3.21.4" : "v4.2.4", GitCommit: "", GitTreeState: "", GoVersion: "go1.24" }),
  });

  // collect templates
  const templates = new Map<string, TemplateDef>();
  const infos = new Map<string, TplInfo>();
  const toYamlStr = (v: GoValue) => toGoYaml(v).text;
  const visit = (node: Node, parentVals: M | null, prefix: string): M => {
    const isRoot = parentVals === null;
    const next: M = {
      Chart: chartObject(node, isRoot),
      Files: filesObject(node.chart.files, toYamlStr),
      Release: release,
      Capabilities: capabilities,
      Values: {},
      Subcharts: {},
    };
    if (isRoot) next.Values = topValues;
    else {
      const pv = parentVals.Values;
      if (isMap(pv) && isMap(pv[node.name])) next.Values = pv[node.name];
    }
    const id = prefix + node.name;
    for (const t of node.chart.templates) {
      const name = `${id}/${t.name}`;
      infos.set(name, { name, file: t, node, chart: node.chart, vals: next, relFile: node.chart.origin.kind === "tgz" ? `${node.chart.origin.file}:${t.name}` : `${node.chart.relDir}${t.name}` });
    }
    for (const c of node.children) (next.Subcharts as M)[c.name] = visit(c, next, `${id}/charts/`);
    return next;
  };
  visit(tree, null, "");

  // parse in Helm's order: deepest path first, then reverse lexical; later defines win
  const keys = [...infos.keys()].sort((a, b) => {
    const ca = a.split("/").length, cb = b.split("/").length;
    if (ca !== cb) return cb - ca;
    return a < b ? 1 : a > b ? -1 : 0;
  });
  const sources = new Map<string, string>();
  const failed = new Set<string>();
  for (const name of keys) {
    const info = infos.get(name)!;
    const src = info.file.data.toString("utf8");
    sources.set(name, src);
    try {
      const parsed = parseTemplate(name, src);
      templates.set(name, { name, file: name, list: parsed.root, source: src });
      for (const [dname, list] of parsed.defines) {
        const old = templates.get(dname);
        if (old && isEmptyList(list) && !isEmptyList(old.list)) continue;
        templates.set(dname, { name: dname, file: name, list, source: src });
      }
    } catch (e) {
      failed.add(name);
      const off = e instanceof TemplateParseError ? e.offset : 0;
      const lc = lineCol(src, off);
      problems.push({ severity: "error", code: "parse-error", message: `parse error at (${name}:${lc.line}): ${(e as Error).message}`, at: { file: info.relFile, line: lc.line, column: lc.column } });
    }
  }

  const rng = new Rng(options.seed ?? 1);
  const funcs = sprigFuncs({ rng, now: FIXED_NOW });
  const exec = new Executor(templates, funcs, limits);
  addHelmFuncs(funcs, exec, templates);

  // render
  const outputs = new Map<string, { text: string; segs: Segment[] }>();
  let notes: string | null = null;
  for (const name of keys) {
    if (failed.has(name)) continue;
    const info = infos.get(name)!;
    const base = path.posix.basename(name);
    if (base.startsWith("_")) continue;
    if (info.chart.type === "library") continue;
    info.vals.Template = { Name: name, BasePath: name.slice(0, name.lastIndexOf("/templates/") + "/templates".length) };
    try {
      const r = exec.execute(name, info.vals);
      const cleaned = removeAll(r.text, r.segs, "<no value>");
      if (name.endsWith("NOTES.txt")) { if (info.node === tree && base === "NOTES.txt") notes = cleaned.text; continue; }
      outputs.set(name, cleaned);
    } catch (e) {
      problems.push(toProblem(e, infos, sources));
      if (e instanceof RenderError && e.kind === "limit") break;
    }
  }

  // split, sort
  interface Doc { source: string; info: TplInfo; text: string; segs: Segment[]; kind: string; hook: string | null }
  const generic: Doc[] = [];
  const hooks: Doc[] = [];
  for (const name of [...outputs.keys()].sort()) {
    const out = outputs.get(name)!;
    if (out.text.trim() === "") continue;
    const info = infos.get(name)!;
    for (const d of splitManifests(out.text, helm3)) {
      const text = out.text.slice(d.start, d.end);
      const head = readHead(text);
      if (head.parseError) {
        const lc = lineCol(sources.get(name) ?? "", 0);
        problems.push({ severity: "error", code: "yaml-error", message: `YAML parse error on ${name}: ${head.parseError}`, at: { file: info.relFile, line: lc.line, column: 1 } });
        continue;
      }
      const doc: Doc = { source: name, info, text, segs: sliceSegs(out.segs, d.start, d.end), kind: head.kind, hook: head.hook };
      if (head.hook !== null) {
        const events = head.hook.split(",").map((h) => h.trim().toLowerCase());
        if (events.every((h) => HOOK_EVENTS.has(h))) hooks.push(doc);
        continue;
      }
      generic.push(doc);
    }
  }
  const byKind = (a: Doc, b: Doc) => {
    const oa = ORDER.get(a.kind), ob = ORDER.get(b.kind);
    if (oa === undefined && ob === undefined) return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
    if (oa === undefined) return 1;
    if (ob === undefined) return -1;
    return oa - ob;
  };
  const sortStable = (list: Doc[]) => list.map((d, i) => ({ d, i })).sort((x, y) => byKind(x.d, y.d) || x.i - y.i).map((x) => x.d);
  const sortedGeneric = sortStable(generic);
  let sortedHooks = sortStable(hooks);
  if (options.skipTests) sortedHooks = sortedHooks.filter((h) => !isTestHook(h.hook));

  // crds (whole chart tree, parents first)
  const crds: RenderResult["crds"] = [];
  const collectCrds = (node: Node, prefix: string) => {
    const id = prefix + node.name;
    for (const f of node.chart.crds) crds.push({ source: `${id}/${f.name}`, file: `${node.chart.relDir}${f.name}`, text: f.data.toString("utf8") });
    for (const c of node.children) collectCrds(c, `${id}/charts/`);
  };
  collectCrds(tree, "");

  const lineIndexes = new Map<string, LineIndex>();
  const names: NameTable = {
    rel: (name) => infos.get(name)?.relFile ?? name,
    index: (name) => { let x = lineIndexes.get(name); if (!x) { x = new LineIndex(sources.get(name) ?? ""); lineIndexes.set(name, x); } return x; },
  };
  const documents: RenderedDocument[] = [...sortedGeneric, ...sortedHooks].map((d) => makeDocument(d.source, d.info.relFile, d.text, d.segs, d.kind, d.hook !== null, names));

  // manifest text as `helm template` prints it
  let body = "";
  if (options.includeCrds) for (const c of crds) body += `---\n# Source: ${c.source}\n${c.text}\n`;
  for (const d of sortedGeneric) body += `---\n# Source: ${d.source}\n${d.text}\n`;
  let manifest = body.trim() ? body.trimEnd() + "\n" : "";
  for (const d of sortedHooks) manifest += `---\n# Source: ${d.source}\n${d.text}\n`;
  let docsOut = documents;
  if (options.showOnly?.length) {
    // as `helm template --show-only`: re-split the output, keep matching manifests in the order of the patterns
    const parts = splitManifests(manifest, helm3).map((d) => manifest.slice(d.start, d.end));
    const picked: string[] = [];
    const keep = new Set<string>();
    for (const pattern of options.showOnly) {
      const f = pattern.replace(/\\/g, "/");
      let found = false;
      for (const m of parts) {
        const sm = /# Source: [^/]+\/(.+)/.exec(m);
        if (!sm || !minimatch(sm[1]!, f, { dot: true, noglobstar: true, nobrace: true, noext: true })) continue;
        picked.push(m);
        keep.add(`${chart.name}/${sm[1]!}`);
        found = true;
      }
      if (!found) problems.push({ severity: "error", code: "show-only", message: `could not find template ${f} in chart` });
    }
    manifest = picked.map((m) => `---\n${m}\n`).join("");
    docsOut = documents.filter((d) => keep.has(d.source));
  }
  return { chartName: chart.name, documents: docsOut, crds, notes, problems, manifest, generatedValues: exec.generated };
}

function toProblem(e: unknown, infos: Map<string, TplInfo>, sources: Map<string, string>): RenderProblem {
  if (e instanceof RenderError) {
    const info = infos.get(e.file);
    const src = e.source ?? sources.get(e.file) ?? "";
    const lc = lineCol(src, e.offset);
    const inner = e.message.replace(/^error calling (fail|required): /, "");
    const isFail = /^error calling fail: /.test(e.message) || e.message.startsWith("fail:");
    const isReq = /^error calling required: /.test(e.message);
    const code = e.kind === "limit" ? "limit" : isFail ? "fail" : isReq ? "required" : "template-error";
    const msg = isFail || isReq ? `execution error at (${e.file}:${lc.line}:${lc.column}): ${inner}` : `template: ${e.file}:${lc.line}:${lc.column}: ${e.message}`;
    return { severity: "error", code, message: msg, at: info ? { file: info.relFile, line: lc.line, column: lc.column } : undefined };
  }
  if (e instanceof OutputLimitError) return { severity: "error", code: "limit", message: e.message };
  return { severity: "error", code: "template-error", message: (e as Error).message };
}

/** A render's template names: the file each is in (relative to the chart) and its line starts. */
export interface NameTable {
  rel(name: string): string;
  index(name: string): LineIndex;
}

/** The source map behind each rendered document (for the persistent render cache). */
const DOCUMENT_MAPS = new WeakMap<RenderedDocument, { segs: readonly Segment[]; names: NameTable }>();

/** The segments and names of a rendered document's source map; undefined for documents made elsewhere. */
export function documentMap(doc: RenderedDocument): { segs: readonly Segment[]; names: NameTable } | undefined {
  return DOCUMENT_MAPS.get(doc);
}

export function makeDocument(source: string, relFile: string, text: string, segs: readonly Segment[], kind: string, hook: boolean, names: NameTable): RenderedDocument {
  const own = new LineIndex(text);
  const locate = (offset: number): MappedLocation | null => {
    let lo = 0, hi = segs.length - 1, found: Segment | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = segs[mid]!;
      if (offset < s.start) hi = mid - 1; else if (offset >= s.end) lo = mid + 1; else { found = s; break; }
    }
    if (!found || !found.origin || !found.origin.file) return null;
    const o = found.origin;
    const off = o.kind === "text" ? o.offset + (offset - found.start) : o.offset;
    const p = names.index(o.file).pos(off);
    const loc: MappedLocation = { file: names.rel(o.file), line: p.line, column: p.column, exact: o.kind === "text" };
    if (o.value) loc.value = { file: o.value.file, line: o.value.line, column: o.value.column };
    if (o.via) { const vp = names.index(o.via.file).pos(o.via.offset); loc.via = { file: names.rel(o.via.file), line: vp.line, column: vp.column }; }
    return loc;
  };
  const generated: [number, number][] = [];
  for (const sg of segs) {
    if (!sg.origin?.generated) continue;
    const last = generated[generated.length - 1];
    if (last && last[1] === sg.start) last[1] = sg.end;
    else generated.push([sg.start, sg.end]);
  }
  let files: string[] | undefined;
  const doc: RenderedDocument = {
    source, templateFile: relFile, text, kind, hook, generated,
    locate,
    locateLine: (line, column = 1) => {
      // first mapped character at or after the column on that line
      const start = own.offset(line, column);
      const lineEnd = text.indexOf("\n", start);
      const end = lineEnd < 0 ? text.length : lineEnd;
      for (let i = start; i < Math.max(end, start + 1); i++) {
        if (text[i] === " " && i < end - 1) continue;
        const l = locate(i);
        if (l) return l;
      }
      return locate(start);
    },
    templateFiles: () => {
      if (files) return files;
      const set = new Set<string>([relFile]);
      for (const sg of segs) {
        const o = sg.origin;
        if (o?.file) set.add(names.rel(o.file));
        if (o?.via?.file) set.add(names.rel(o.via.file));
      }
      return (files = [...set]);
    },
  };
  DOCUMENT_MAPS.set(doc, { segs, names });
  return doc;
}

function validateSchemas(tree: Node, values: M, problems: RenderProblem[]): void {
  const check = (node: Node, vals: GoValue, prefix: string) => {
    if (node.chart.schema) {
      try {
        const schema = JSON.parse(node.chart.schema) as Record<string, unknown>;
        const { $schema: _s, ...rest } = schema;
        const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
        const validate = ajv.compile(rest);
        const plain = JSON.parse(toGoJson(vals, false)) as unknown;
        if (!validate(plain)) {
          for (const err of validate.errors ?? []) {
            problems.push({ severity: "error", code: "schema", message: `values don't meet the specifications of the schema(s) in ${prefix || "the chart"}: ${err.instancePath || "/"} ${err.message ?? ""}`, at: { file: `${node.chart.relDir}values.schema.json`, line: 1, column: 1 } });
          }
        }
      } catch (e) {
        problems.push({ severity: "warning", code: "schema", message: `values.schema.json of ${node.name} could not be used: ${(e as Error).message}` });
      }
    }
    for (const c of node.children) check(c, isMap(vals) ? vals[c.name] ?? {} : {}, `${prefix}${c.name}.`);
  };
  check(tree, values, "");
}

function addHelmFuncs(funcs: Map<string, FuncDef>, exec: Executor, templates: Map<string, TemplateDef>): void {
  const def = (name: string, params: string | undefined, fn: (...a: GoValue[]) => GoValue) => funcs.set(name, { fn, params });
  funcs.delete("env");
  funcs.delete("expandenv");
  def("include", "s,i", function (this: unknown, name, data) {
    const ctx = this as { state: { file: string; source: string }; pos: number };
    return exec.include(name as string, data, { file: ctx.state.file, source: ctx.state.source, offset: ctx.pos });
  });
  def("tpl", "s,i", (text, data) => {
    const current = exec.current.name;
    let parsed;
    try { parsed = parseTemplate(current, text as string); } catch (e) { throw new GoError(`cannot parse template ${JSON.stringify(text)}: ${(e as Error).message}`); }
    const added: string[] = [];
    const saved = new Map<string, TemplateDef>();
    for (const [n, list] of parsed.defines) { if (templates.has(n)) saved.set(n, templates.get(n)!); templates.set(n, { name: n, file: "", list, source: text as string }); added.push(n); }
    try {
      return exec.runInline({ name: current, file: "", list: parsed.root, source: text as string }, data);
    } finally {
      for (const n of added) { const s = saved.get(n); if (s) templates.set(n, s); else templates.delete(n); }
    }
  });
  def("required", "s,i", (msg, val) => {
    if (val === null || val === undefined || val === "") throw new GoError(msg as string);
    return val;
  });
  def("fail", "s", (msg) => { throw new FailError(msg as string); });
  def("lookup", "s,s,s,s", () => ({}));
  const toYaml = (v: GoValue) => {
    try {
      const r = toGoYaml(v);
      exec.registerMapped(r.text, yamlSegments(r.text, r.lineOrigins));
      return r.text;
    } catch { return ""; }
  };
  def("toYaml", "i", toYaml);
  const indentMapped = (lead: boolean) => (n: GoValue, str: GoValue) => {
    const pad = " ".repeat(Math.max(0, Number(n)));
    const text = str as string;
    const out = (lead ? "\n" : "") + pad + text.replace(/\n/g, "\n" + pad);
    const segs = exec.mapped.get(text);
    if (segs) exec.registerMapped(out, reindentSegs(text, segs, pad.length, lead));
    return out;
  };
  def("indent", "n,s", indentMapped(false));
  def("nindent", "n,s", indentMapped(true));
  def("toYamlPretty", "i", toYaml);
  def("mustToYaml", "i", (v) => toGoYaml(v).text);
  const yamlCache = new Map<string, GoValue | Error>();
  const parseCached = (text: string): GoValue => {
    let v = yamlCache.get(text);
    if (v === undefined) {
      try { v = parseGoYaml(text); } catch (e) { v = e as Error; }
      if (yamlCache.size < 2000) yamlCache.set(text, v);
    }
    if (v instanceof Error) throw v;
    return deepCopy(v);
  };
  def("fromYaml", "s", (s) => { try { const v = parseCached(s as string); return isMap(v) ? v : v === null ? {} : { Error: "error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}" }; } catch (e) { return { Error: (e as Error).message }; } });
  def("fromYamlArray", "s", (s) => { try { const v = parseCached(s as string); return Array.isArray(v) ? v : v === null ? [] : ["error unmarshaling JSON: json: cannot unmarshal object into Go value of type []interface {}"]; } catch (e) { return [(e as Error).message]; } });
  def("toJson", "i", (v) => { try { return toGoJson(v); } catch { return ""; } });
  def("mustToJson", "i", (v) => toGoJson(v));
  def("toPrettyJson", "i", (v) => { try { return toGoJson(v, true, "  "); } catch { return ""; } });
  def("mustToPrettyJson", "i", (v) => toGoJson(v, true, "  "));
  def("toRawJson", "i", (v) => { try { return toGoJson(v, false); } catch { return ""; } });
  def("mustToRawJson", "i", (v) => toGoJson(v, false));
  const fromJson = (s: string): GoValue => { const v = JSON.parse(s) as unknown; return jsonToGo(v); };
  def("fromJson", "s", (s) => { try { const v = fromJson(s as string); return isMap(v) ? v : { Error: "json: cannot unmarshal into map" }; } catch (e) { return { Error: (e as Error).message }; } });
  def("mustFromJson", "s", (s) => fromJson(s as string));
  def("fromJsonArray", "s", (s) => { try { const v = fromJson(s as string); return Array.isArray(v) ? v : [String("json: cannot unmarshal object into Go value of type []interface {}")]; } catch (e) { return [(e as Error).message]; } });
  def("toToml", "i", (v) => toToml(v));
  void strval; void goPathClean; void parseGoYamlAll; void YamlError;
  void ({} as ValueOrigin);
}

function jsonToGo(v: unknown): GoValue {
  if (Array.isArray(v)) return v.map(jsonToGo);
  if (v && typeof v === "object") { const o: M = {}; for (const [k, x] of Object.entries(v)) o[k] = jsonToGo(x); return o; }
  return v as GoValue;
}

function toToml(v: GoValue): string {
  if (!isMap(v)) return "";
  const lines: string[] = [];
  const scalar = (x: GoValue): string => typeof x === "string" ? JSON.stringify(x) : typeof x === "bigint" || typeof x === "number" || typeof x === "boolean" ? String(x) : Array.isArray(x) ? "[" + x.map(scalar).join(", ") + "]" : '""';
  const walk = (m: M, prefix: string) => {
    const keys = Object.keys(m).sort();
    for (const k of keys) if (!isMap(m[k])) lines.push(`${k} = ${scalar(m[k])}`);
    for (const k of keys) if (isMap(m[k])) { lines.push("", `[${prefix}${k}]`); walk(m[k] as M, `${prefix}${k}.`); }
  };
  walk(v, "");
  return lines.join("\n").replace(/^\n/, "") + "\n";
}

/** Runs one template string with Helm's function set (for tests and `tpl`-like uses). Returns the text or the error. */
export function renderTemplateString(src: string, dot: GoValue = {}, seed = 1): { text: string; error: string | null } {
  const templates = new Map<string, TemplateDef>();
  try {
    const parsed = parseTemplate("snippet", src);
    templates.set("snippet", { name: "snippet", file: "snippet", list: parsed.root, source: src });
    for (const [n, list] of parsed.defines) templates.set(n, { name: n, file: "snippet", list, source: src });
  } catch (e) {
    return { text: "", error: (e as Error).message };
  }
  const funcs = sprigFuncs({ rng: new Rng(seed), now: FIXED_NOW });
  const exec = new Executor(templates, funcs, { maxDepth: 200, deadline: Date.now() + 10000, output: { remaining: 16 * 1024 * 1024 } });
  addHelmFuncs(funcs, exec, templates);
  try {
    const r = exec.execute("snippet", dot);
    return { text: r.text.split("<no value>").join(""), error: null };
  } catch (e) {
    return { text: "", error: (e as Error).message };
  }
}
