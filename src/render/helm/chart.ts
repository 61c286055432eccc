// Loading a chart (directory or .tgz) with its vendored subcharts, honouring .helmignore. Reads only inside the chart.
import { readFileSync, readdirSync, lstatSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import ignore from "ignore";
import { parse as parseYaml } from "yaml";
import { parseGoYaml } from "./goyaml.js";
import type { GoValue } from "./template/values.js";

export interface ChartFile { name: string; data: Buffer }

export interface Dependency {
  name: string; version: string; repository: string; condition: string; tags: string[]; alias: string;
  importValues: GoValue[]; enabled: boolean;
}

export interface Chart {
  /** Chart.yaml, keys as written. */
  meta: Record<string, GoValue>;
  name: string;
  apiVersion: string;
  type: string;
  version: string;
  templates: ChartFile[];
  files: ChartFile[];
  crds: ChartFile[];
  values: Record<string, GoValue>;
  schema: string | null;
  dependencies: Dependency[];
  charts: Chart[];
  /** Where the chart was read from: a directory on disk, or an archive (then template paths map to the archive). */
  origin: { kind: "dir"; dir: string } | { kind: "tgz"; file: string; inner: string };
  /** Path of this chart inside the root chart's directory ("" for the root), for mapping back to files. */
  relDir: string;
}

export class ChartLoadError extends Error {}

const MAX_FILES = 20000;
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const MAX_TOTAL_BYTES = 200 * 1024 * 1024;

interface RawFile { name: string; data: Buffer }

function readDirFiles(root: string): RawFile[] {
  const realRoot = realpathSync(root);
  const out: RawFile[] = [];
  let total = 0;
  const ig = ignore();
  ig.add("templates/.?*");
  try { ig.add(readFileSync(path.join(root, ".helmignore"), "utf8")); } catch { /* no .helmignore */ }
  const walk = (rel: string, depth: number) => {
    if (depth > 40) return;
    const abs = path.join(root, rel);
    let entries: string[];
    try { entries = readdirSync(abs).sort(); } catch { return; }
    for (const e of entries) {
      const r = rel ? `${rel}/${e}` : e;
      const full = path.join(abs, e);
      let st;
      try { st = lstatSync(full); } catch { continue; }
      if (st.isSymbolicLink()) {
        // follow only links that stay inside the chart
        let target: string;
        try { target = realpathSync(full); } catch { continue; }
        if (target !== realRoot && !target.startsWith(realRoot + path.sep)) continue;
        try { st = statSync(full); } catch { continue; }
      }
      if (st.isDirectory()) {
        if (ig.ignores(r + "/")) continue;
        walk(r, depth + 1);
      } else if (st.isFile()) {
        if (ig.ignores(r)) continue;
        if (out.length >= MAX_FILES) throw new ChartLoadError(`chart has more than ${MAX_FILES} files`);
        if (st.size > MAX_FILE_BYTES) throw new ChartLoadError(`file ${r} is larger than ${MAX_FILE_BYTES} bytes`);
        total += st.size;
        if (total > MAX_TOTAL_BYTES) throw new ChartLoadError("chart is larger than the size limit");
        out.push({ name: r, data: readFileSync(full) });
      }
    }
  };
  walk("", 0);
  return out;
}

/** Reads a gzipped tar archive (ustar, with pax and GNU long names). */
export function readTgz(buf: Buffer): RawFile[] {
  const tar = gunzipSync(buf, { maxOutputLength: MAX_TOTAL_BYTES });
  const out: RawFile[] = [];
  let off = 0;
  let longName: string | null = null;
  let paxPath: string | null = null;
  const str = (b: Buffer) => { const z = b.indexOf(0); return b.subarray(0, z < 0 ? b.length : z).toString("utf8"); };
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((x) => x === 0)) break;
    let name = str(h.subarray(0, 100));
    const size = parseInt(str(h.subarray(124, 136)).trim() || "0", 8);
    const type = String.fromCharCode(h[156]!);
    const prefix = str(h.subarray(345, 500));
    if (h.subarray(257, 262).toString() === "ustar" && prefix) name = prefix + "/" + name;
    const data = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === "L") { longName = str(data); continue; }
    if (type === "x") { const m = /\d+ path=([^\n]*)\n/.exec(data.toString("utf8")); paxPath = m ? m[1]! : null; continue; }
    if (type === "g") continue;
    if (longName) { name = longName; longName = null; }
    if (paxPath) { name = paxPath; paxPath = null; }
    if (type !== "0" && type !== "\0" && type !== "7") continue;
    if (out.length >= MAX_FILES) throw new ChartLoadError("archive has too many files");
    out.push({ name: name.replace(/^\.\//, ""), data: Buffer.from(data) });
  }
  // strip the top-level directory
  const top = out[0]?.name.split("/")[0];
  const files = out.filter((f) => f.name.startsWith(top + "/")).map((f) => ({ name: f.name.slice(top!.length + 1), data: f.data }));
  const ig = ignore();
  ig.add("templates/.?*");
  const hi = files.find((f) => f.name === ".helmignore");
  if (hi) ig.add(hi.data.toString("utf8"));
  return files.filter((f) => f.name && !f.name.split("/").includes("..") && !ig.ignores(f.name));
}

function parseDeps(list: GoValue): Dependency[] {
  if (!Array.isArray(list)) return [];
  return list.filter((d): d is Record<string, GoValue> => typeof d === "object" && d !== null && !Array.isArray(d)).map((d) => ({
    name: String(d.name ?? ""), version: String(d.version ?? ""), repository: String(d.repository ?? ""),
    condition: String(d.condition ?? ""), tags: Array.isArray(d.tags) ? d.tags.map(String) : [], alias: String(d.alias ?? ""),
    importValues: Array.isArray(d["import-values"]) ? d["import-values"] : [], enabled: true,
  }));
}

function buildChart(files: RawFile[], origin: Chart["origin"], relDir: string, depth: number, valuesFileLabel: string): Chart {
  if (depth > 10) throw new ChartLoadError("subcharts nested too deeply");
  const chartYaml = files.find((f) => f.name === "Chart.yaml");
  if (!chartYaml) throw new ChartLoadError(`Chart.yaml file is missing in ${relDir || "chart"}`);
  let meta: Record<string, GoValue>;
  try {
    meta = (parseYaml(chartYaml.data.toString("utf8"), { schema: "failsafe" }) ?? {}) as Record<string, GoValue>;
  } catch (e) {
    throw new ChartLoadError(`cannot load Chart.yaml: ${(e as Error).message}`);
  }
  if (typeof meta !== "object" || Array.isArray(meta)) throw new ChartLoadError("cannot load Chart.yaml: not a mapping");
  if (meta.deprecated !== undefined) meta.deprecated = meta.deprecated === "true";
  const chart: Chart = {
    meta, name: String(meta.name ?? ""), apiVersion: String(meta.apiVersion ?? "v1"), type: String(meta.type ?? ""), version: String(meta.version ?? ""),
    templates: [], files: [], crds: [], values: {}, schema: null, dependencies: parseDeps(meta.dependencies), charts: [], origin, relDir,
  };
  if (!chart.name) throw new ChartLoadError("validation: chart.metadata.name is required");
  if (chart.type && chart.type !== "application" && chart.type !== "library") throw new ChartLoadError(`validation: chart.metadata.type must be application or library, got ${chart.type}`);
  const sub = new Map<string, RawFile[]>();
  const subTgz: RawFile[] = [];
  for (const f of files) {
    if (f.name === "Chart.yaml") continue;
    if (f.name === "values.yaml") {
      try {
        const v = parseGoYaml(f.data.toString("utf8"), { file: valuesFileLabel });
        chart.values = v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, GoValue>) : {};
      } catch (e) {
        throw new ChartLoadError(`cannot load values.yaml: ${(e as Error).message}`);
      }
      continue;
    }
    if (f.name === "values.schema.json") { chart.schema = f.data.toString("utf8"); continue; }
    if (f.name === "requirements.yaml" && chart.apiVersion === "v1") { chart.dependencies = parseDeps((parseYaml(f.data.toString("utf8"), { schema: "failsafe" }) as Record<string, GoValue> | null)?.dependencies); continue; }
    if (f.name === "Chart.lock" || f.name === "requirements.lock") continue;
    if (f.name.startsWith("templates/")) { chart.templates.push(f); continue; }
    if (f.name.startsWith("charts/")) {
      const rest = f.name.slice("charts/".length);
      const slash = rest.indexOf("/");
      if (slash < 0) { if (rest.endsWith(".tgz") || rest.endsWith(".tar.gz")) subTgz.push(f); continue; }
      const dir = rest.slice(0, slash);
      const list = sub.get(dir) ?? [];
      list.push({ name: rest.slice(slash + 1), data: f.data });
      sub.set(dir, list);
      continue;
    }
    if (f.name.startsWith("crds/")) chart.crds.push(f);
    chart.files.push(f);
  }
  for (const [dir, list] of [...sub].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (!list.some((f) => f.name === "Chart.yaml")) continue;
    const subOrigin: Chart["origin"] = origin.kind === "dir" ? { kind: "dir", dir: path.join(origin.dir, "charts", dir) } : { ...origin, inner: `${origin.inner}charts/${dir}/` };
    chart.charts.push(buildChart(list, subOrigin, `${relDir}charts/${dir}/`, depth + 1, `${valuesFileLabel.replace(/values\.yaml$/, "")}charts/${dir}/values.yaml`));
  }
  for (const t of subTgz.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const inner = readTgz(t.data);
    const label = `${relDir}${t.name}`;
    chart.charts.push(buildChart(inner, { kind: "tgz", file: label, inner: "" }, `${relDir}${t.name}/`, depth + 1, `${label}:values.yaml`));
  }
  return chart;
}

/** Loads a chart from a directory or a .tgz file. `label` prefixes values-file origins (default: the chart path as given). */
export function loadChart(chartPath: string, label = ""): Chart {
  let st;
  try { st = statSync(chartPath); } catch { throw new ChartLoadError(`path "${chartPath}" not found`); }
  const prefix = label ? (label.endsWith("/") ? label : label + "/") : "";
  if (st.isDirectory()) return buildChart(readDirFiles(chartPath), { kind: "dir", dir: chartPath }, "", 0, `${prefix}values.yaml`);
  return buildChart(readTgz(readFileSync(chartPath)), { kind: "tgz", file: chartPath, inner: "" }, "", 0, `${prefix}values.yaml`);
}
