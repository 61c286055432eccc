/**
 * The API lifecycle of built-in group/version/kinds at a target Kubernetes version: removed,
 * deprecated, not yet served, or a version the group never had; with the replacement to suggest.
 */
import { dataMinor, lifecycleData } from "./data.js";
import type { LifecycleData, LifecycleRow } from "./format.js";

export type ApiStatus =
  | { state: "ok" }
  | { state: "not-built-in" }
  | { state: "removed"; removed: string; replacement: string | undefined }
  | { state: "deprecated"; deprecated: string; removed: string | undefined; replacement: string | undefined }
  | { state: "unknown-version"; group: string; known: string[] }
  | { state: "not-yet"; since: string };

interface Index {
  data: LifecycleData;
  rows: Map<string, LifecycleRow>;
  /** `group|Kind` → apiVersions with served ranges. */
  byGroupKind: Map<string, { apiVersion: string; served: [number, number][] }[]>;
}

let index: Index | undefined;

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf("/") + 1);
}

function load(): Index {
  if (index) return index;
  const data = lifecycleData();
  const rows = new Map(data.rows.map((r) => [`${r[0]}|${r[1]}`, r]));
  const byGroupKind = new Map<string, { apiVersion: string; served: [number, number][] }[]>();
  for (const [gvk, served] of Object.entries(data.served)) {
    const [apiVersion = "", kind = ""] = gvk.split("|");
    const key = `${groupOf(apiVersion)}|${kind}`;
    const list = byGroupKind.get(key) ?? [];
    list.push({ apiVersion, served });
    byGroupKind.set(key, list);
  }
  return (index = { data, rows, byGroupKind });
}

function minorOf(v: string): number {
  return Number(v.slice(2));
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first (v2 > v1 > v1beta2 > v1beta1 > v1alpha1). */
export function versionRank(version: string): number {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!m) return -1;
  const stage = m[2] === undefined ? 2 : m[2] === "beta" ? 1 : 0;
  return stage * 1_000_000 + Number(m[1]) * 1000 + Number(m[3] ?? 0);
}

function servedAt(served: [number, number][], minor: number): boolean {
  return served.some(([a, b]) => minor >= a && minor <= b);
}

/** The most stable apiVersion the target serves for a group and kind, other than `except`. */
function bestServed(ix: Index, group: string, kind: string, minor: number, except: string): string | undefined {
  let best: string | undefined;
  for (const { apiVersion, served } of ix.byGroupKind.get(`${group}|${kind}`) ?? []) {
    if (apiVersion === except || !servedAt(served, minor)) continue;
    if (best === undefined || versionRank(versionOf(apiVersion)) > versionRank(versionOf(best))) best = apiVersion;
  }
  return best;
}

/**
 * What to use instead of `apiVersion kind` at the target: the marker's replacement (followed while
 * the target does not serve it), else the same kind's most stable version the target serves.
 */
function replacementFor(ix: Index, apiVersion: string, kind: string, minor: number): string | undefined {
  const seen = new Set<string>();
  let row = ix.rows.get(`${apiVersion}|${kind}`);
  while (row && row[5] !== "" && !seen.has(row[5])) {
    seen.add(row[5]);
    const [repVersion = "", repKind = kind] = row[5].split(" ");
    const served = bestServed(ix, groupOf(repVersion), repKind, minor, apiVersion);
    if (served) return `${served} ${repKind}`;
    row = ix.rows.get(`${repVersion}|${repKind}`);
  }
  const same = bestServed(ix, groupOf(apiVersion), kind, minor, apiVersion);
  return same ? `${same} ${kind}` : undefined;
}

/** The lifecycle state of `apiVersion kind` at the target `1.N`. */
export function apiStatus(apiVersion: string, kind: string, kubeVersion: string): ApiStatus {
  const ix = load();
  const group = groupOf(apiVersion);
  const versions = ix.data.groups[group];
  if (!versions || apiVersion.split("/").length > 2) return { state: "not-built-in" };
  if (!versions.includes(versionOf(apiVersion))) return { state: "unknown-version", group, known: versions };
  const target = minorOf(kubeVersion);
  const { minor } = dataMinor(kubeVersion, ix.data.minors);
  const row = ix.rows.get(`${apiVersion}|${kind}`);
  const served = ix.data.served[`${apiVersion}|${kind}`];
  if (row && row[4] !== "" && minorOf(row[4]) <= target) {
    return { state: "removed", removed: row[4], replacement: replacementFor(ix, apiVersion, kind, minor) };
  }
  if (row && row[3] !== "" && minorOf(row[3]) <= target) {
    return { state: "deprecated", deprecated: row[3], removed: row[4] || undefined, replacement: replacementFor(ix, apiVersion, kind, minor) };
  }
  if (served && !servedAt(served, minor)) {
    const first = served[0]?.[0] ?? minor;
    const last = served[served.length - 1]?.[1] ?? minor;
    if (minor < first) return { state: "not-yet", since: `1.${first}` };
    if (minor > last) return { state: "removed", removed: `1.${last + 1}`, replacement: replacementFor(ix, apiVersion, kind, minor) };
  }
  if (row && row[2] !== "" && minorOf(row[2]) > target) return { state: "not-yet", since: row[2] };
  return { state: "ok" };
}

/** Built-in API groups ("" for core): custom resources are everything else. */
export function isBuiltInGroup(group: string): boolean {
  return Object.hasOwn(load().data.groups, group);
}
