import { realpathSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SourceRange } from "../../load/parse.js";
import { parseYaml } from "../../load/parse.js";
import type { LoadedFile } from "../../load/read.js";
import type { Path } from "../../model/path.js";
import { cmp } from "../../model/compare.js";
import { arr, getIn, isObj, obj, str, type Obj } from "../../model/values.js";
import type { KustomizeCommand } from "./binary.js";
import type { RenderCache } from "../cache.js";
import { buildRoot, cachedBuild, closureDigest, commandIdentity, persistentKey, rootFiles, Scratch } from "./build.js";
import { pool } from "../../util/pool.js";
import { chainOf, dirLabel, mapPath, patchesOf, sourcesOf, type MappedLocation, type Origin } from "./map.js";
import { docPlace, docStart, SourceFiles } from "./sources.js";
import { KustomizationTree, type KFile, type KustomizationRef } from "./tree.js";

export const KUSTOMIZE_RULES = {
  buildFailed: "kustomize-build-failed",
  remoteBase: "kustomize-remote-base",
  helmCharts: "kustomize-helm-charts",
} as const;

/** A finding the render stage reports itself (engine rules): file-level, no resource. */
export interface RenderFinding {
  ruleId: string;
  message: string;
  file: string;
  range: SourceRange;
  related: { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

/** One rendered object: its stripped value, where it came from, and the build that produced it. */
export interface RenderedObject {
  root: KFile;
  rootLabel: string;
  namespace: string | undefined;
  value: Obj;
  origin: Origin;
  /** The display file and document index of the source (for the Resource). */
  file: string;
  docIndex: number;
  map(path: Path): MappedLocation;
  /** Display paths of the files that shape this object: source, kustomizations, applying patches, transformer files. */
  sources(): string[];
}

export interface RootOutput {
  root: KFile;
  /** The rendered documents as a file for the loader; `abs` sits in the root's directory. */
  loaded: LoadedFile;
  objects: (RenderedObject | undefined)[];
}

export interface KustomizeStageResult {
  findings: RenderFinding[];
  outputs: RootOutput[];
  /** Files linted through a render: not linted again as raw resources. */
  covered: Set<string>;
  /** Kustomizations that were not rendered (their files are linted as written). */
  notRendered: number;
  /** Roots outside the `--context` scope with no cached render: not rendered, their files are linted as written. */
  skipped: number;
  roots: number;
  ms: number;
  cached: number;
  extraLoaded: LoadedFile[];
}

const ORIGIN = "config.kubernetes.io/origin";
const TRANSFORMATIONS = "alpha.config.kubernetes.io/transformations";

function fieldNoun(r: KustomizationRef): string {
  switch (r.field) {
    case "resources": case "bases": return "base";
    case "components": return "component";
    case "patch": return "patch";
    case "generator-file": return "generator file";
    default: return `${r.field} entry`;
  }
}

export interface KustomizeStageOptions {
  command: KustomizeCommand | undefined;
  repoRoot: string;
  cwd: string;
  loaded: readonly LoadedFile[];
  /** Absolute paths of the kustomization files among the linted paths. */
  candidates: readonly string[];
  timeoutMs: number;
  concurrency: number;
  /** `--context`: only roots whose files include one in scope are built; the others only come from a cache. */
  scope?: ((abs: string) => boolean) | undefined;
  /** The persistent render cache, and the tool version that is part of its keys. */
  cache?: { store: RenderCache; version: string } | undefined;
}

/**
 * Finds the entry kustomizations (used by no other), refuses those that reach outside the repository
 * or need Helm, renders the rest through wrapper kustomizations, and maps every object to its source.
 */
export async function kustomizeStage(opts: KustomizeStageOptions): Promise<KustomizeStageResult> {
  const started = performance.now();
  const display = (abs: string) => path.relative(opts.cwd, abs).split(path.sep).join("/") || ".";
  const loadedByAbs = new Map<string, LoadedFile>();
  for (const l of opts.loaded) if (l.abs) loadedByAbs.set(l.abs, l);
  const tree = new KustomizationTree(opts.repoRoot, loadedByAbs, display);
  const files = new SourceFiles(loadedByAbs, display);
  // One finding per entry, however many roots it blocks; the message names them all.
  const pending = new Map<string, { ruleId: string; k: KFile; at: Path | undefined; message: (roots: string) => string; roots: string[] }>();
  const report = (ruleId: string, k: KFile, at: Path | undefined, root: string, message: (roots: string) => string) => {
    const key = `${ruleId}|${k.abs}|${JSON.stringify(at ?? null)}`;
    const p = pending.get(key);
    if (p) {
      if (!p.roots.includes(root)) p.roots.push(root);
      return;
    }
    pending.set(key, { ruleId, k, at, message, roots: [root] });
  };

  const candidates = [...new Set(opts.candidates)].sort(cmp).map((f) => tree.file(f)).filter((k): k is KFile => k !== null);
  const used = new Set<string>();
  for (const k of candidates) for (const c of tree.closure(k)) if (c.abs !== k.abs) used.add(c.abs);
  const entries = candidates.filter((k) => !used.has(k.abs) && k.kind === "Kustomization");

  const renderable: { root: KFile; closure: KFile[] }[] = [];
  let notRendered = 0;
  for (const root of entries) {
    const closure = tree.closure(root);
    const label = dirLabel(root);
    let blocked = false;
    for (const k of closure) {
      if (k.unreadable) {
        report(KUSTOMIZE_RULES.buildFailed, k, undefined, label, (roots) => `kustomization ${k.loaded.file} cannot be read (${k.unreadable}), so ${roots}`);
        blocked = true;
      }
      for (const r of k.refs) {
        if (r.cls === "remote") {
          report(KUSTOMIZE_RULES.remoteBase, k, r.path, label, (roots) => `${fieldNoun(r)} "${r.value}" is remote and shipshape never fetches, so ${roots}`);
          blocked = true;
        } else if (r.cls === "outside") {
          report(KUSTOMIZE_RULES.remoteBase, k, r.path, label, (roots) => `${fieldNoun(r)} "${r.value}" is outside the repository and shipshape only renders local paths, so ${roots}`);
          blocked = true;
        } else if (r.cls === "missing") {
          report(KUSTOMIZE_RULES.buildFailed, k, r.path, label, (roots) => `${fieldNoun(r)} "${r.value}" does not exist in the repository (kustomize would try to fetch it), so ${roots}`);
          blocked = true;
        }
      }
      for (const h of k.helm) {
        report(KUSTOMIZE_RULES.helmCharts, k, h.path, label, (roots) => `Helm chart${h.name ? ` "${h.name}"` : ""} needs Helm inflation, which shipshape does not run inside kustomize, so ${roots}`);
        blocked = true;
      }
    }
    if (blocked) notRendered++;
    else renderable.push({ root, closure });
  }

  const outputs: RootOutput[] = [];
  const covered = new Set<string>();
  let cached = 0;
  const command = opts.command;
  const findings = (): RenderFinding[] => [...pending.values()].map((p) => {
    const doc = p.k.loaded.parsed.documents[0];
    const range = p.at && doc ? docPlace(p.k.loaded, doc).locate(p.at) : docStart(p.k.loaded);
    const roots = p.roots.length === 1
      ? `the kustomization "${p.roots[0]}" is not rendered and its files are linted as written`
      : `the kustomizations ${p.roots.map((r) => `"${r}"`).join(", ")} are not rendered and their files are linted as written`;
    return { ruleId: p.ruleId, message: p.message(roots), file: p.k.loaded.file, range, related: [] };
  }).sort((a, b) => cmp(a.file, b.file) || a.range.line - b.range.line || a.range.column - b.range.column);
  if (!command || renderable.length === 0) {
    return { findings: findings(), outputs, covered, notRendered: notRendered + renderable.length, skipped: 0, roots: entries.length, ms: performance.now() - started, cached, extraLoaded: [] };
  }

  const identity = opts.cache ? commandIdentity(command) : "";
  const scope = opts.scope;
  const scratch = new Scratch();
  let skipped = 0;
  try {
    const builds = await pool(renderable, opts.concurrency, async (r) => {
      const digest = closureDigest(r.closure);
      const persist = opts.cache
        ? { cache: opts.cache.store, slot: `kustomize\u0000${r.root.abs}`, key: persistentKey({ version: opts.cache.version, identity, digest }) }
        : undefined;
      if (!scope || rootFiles(r.closure).some(scope)) {
        return buildRoot({ command, root: r.root, digest, scratch, repoRoot: opts.repoRoot, timeoutMs: opts.timeoutMs, persist });
      }
      // outside the --context scope: a cached render of the current sources, else the files as written
      return cachedBuild({ command, digest, persist });
    });
    const realRepo = realOr(opts.repoRoot);
    const mapping = new MappingCache(tree, files);
    renderable.forEach(({ root, closure }, i) => {
      const b = builds[i];
      if (!b) {
        skipped++;
        return;
      }
      if (b.cached) cached++;
      const label = dirLabel(root);
      if (!b.ok) {
        notRendered++;
        const at = errorLocation(b.error, closure, files);
        report(KUSTOMIZE_RULES.buildFailed, at?.k ?? root, at?.path, label,
          () => `\`${command.label} ${label}\` ${b.timedOut ? "did not finish within" : "failed:"} ${b.error}; its files are linted as written`);
        return;
      }
      const toRepo = (p: string) => path.join(opts.repoRoot, path.relative(realRepo, path.resolve(b.wrapperDir, p)));
      const parsed = parseYaml(b.output);
      const loaded: LoadedFile = { file: `${label} (${command.label})`, abs: path.join(root.dir, ".shipshape-kustomize-build"), parsed };
      const objects = parsed.documents.map((d) => {
        const value = obj(d.value);
        if (!value) return undefined;
        const origin = readOrigin(value, toRepo, tree, files);
        const o = renderedObject(root, label, value, origin, mapping, files);
        if (origin.type === "file") covered.add(origin.abs);
        return o;
      });
      for (const k of closure) {
        covered.add(k.abs);
        for (const r of k.refs) if (r.cls === "local" && r.abs && !r.isDir) covered.add(r.abs);
      }
      outputs.push({ root, loaded, objects });
    });
  } finally {
    scratch.dispose();
  }
  return { findings: findings(), outputs, covered, notRendered, skipped, roots: entries.length, ms: performance.now() - started, cached, extraLoaded: files.extraLoaded() };
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** Reads and removes the build-metadata annotations kustomize added for us. */
function readOrigin(value: Obj, toRepo: (p: string) => string, tree: KustomizationTree, files: SourceFiles): Origin {
  const meta = obj(value.metadata);
  const annotations = obj(meta?.annotations);
  const text = str(annotations?.[ORIGIN]);
  if (annotations) {
    delete annotations[ORIGIN];
    delete annotations[TRANSFORMATIONS];
    if (Object.keys(annotations).length === 0 && meta) delete meta.annotations;
  }
  if (!text) return { type: "unknown" };
  const o = obj(parseYaml(text).documents[0]?.value);
  const kind = str(value.kind) ?? "";
  const name = str(meta?.name);
  const p = str(o?.path);
  if (p && o?.repo === undefined) {
    const abs = toRepo(p);
    if (!tree.insideRepo(abs)) return { type: "unknown" };
    const loaded = files.get(abs);
    if (!loaded) return { type: "unknown" };
    const found = findSourceDocument(loaded, kind, name);
    if (!found) return { type: "unknown" };
    return { type: "file", place: docPlace(loaded, found.doc, found.prefix), abs, kind, name: found.name, docIndex: found.doc.index };
  }
  const configuredIn = str(o?.configuredIn);
  const by = str(getIn(o, ["configuredBy", "kind"]));
  if (configuredIn && (by === "ConfigMapGenerator" || by === "SecretGenerator")) {
    const k = tree.file(toRepo(configuredIn));
    if (!k) return { type: "unknown" };
    const field = by === "ConfigMapGenerator" ? "configMapGenerator" : "secretGenerator";
    let best = -1;
    let bestLen = -1;
    arr(k.value?.[field]).forEach((g, i) => {
      const n = str(obj(g)?.name);
      if (n && name?.includes(n) && n.length > bestLen) {
        best = i;
        bestLen = n.length;
      }
    });
    return best >= 0 ? { type: "generator", k, entry: [field, best] } : { type: "generator", k, entry: [field] };
  }
  return { type: "unknown" };
}

/** The document (or List item) of a source file that became a rendered object: same kind, best name match. */
function findSourceDocument(loaded: LoadedFile, kind: string, renderedName: string | undefined) {
  let best: { doc: LoadedFile["parsed"]["documents"][number]; prefix: Path; name: string | undefined; score: number } | undefined;
  for (const doc of loaded.parsed.documents) {
    const v = obj(doc.value);
    if (!v) continue;
    const items: [unknown, Path][] = v.kind === kind ? [[v, []]] : Array.isArray(v.items) ? v.items.map((x, i): [unknown, Path] => [x, ["items", i]]) : [];
    for (const [item, prefix] of items) {
      if (!isObj(item) || item.kind !== kind) continue;
      const name = str(getIn(item, ["metadata", "name"]));
      const score = name === undefined ? 1 : name === renderedName ? 1e6 : renderedName?.includes(name) ? 10 + name.length : 0;
      if (score > 0 && (!best || score > best.score)) best = { doc, prefix, name, score };
    }
  }
  return best;
}

/** What mapping reuses across the objects of a run: patch documents per kustomization, chains per root and source. */
export class MappingCache {
  private readonly patchDocs = new Map<KFile, ReturnType<typeof patchesOf>>();
  private readonly chains = new Map<string, KFile[]>();

  constructor(private readonly tree: KustomizationTree, private readonly files: SourceFiles) {}

  patches = (k: KFile): ReturnType<typeof patchesOf> => {
    let list = this.patchDocs.get(k);
    if (!list) this.patchDocs.set(k, (list = patchesOf(k, this.files)));
    return list;
  };

  chain(root: KFile, target: string): KFile[] {
    const key = `${root.abs}\u0000${target}`;
    let c = this.chains.get(key);
    if (!c) this.chains.set(key, (c = chainOf(root, this.tree, target)));
    return c;
  }
}

function renderedObject(root: KFile, rootLabel: string, value: Obj, origin: Origin, cache: MappingCache, files: SourceFiles): RenderedObject {
  const target = origin.type === "file" ? origin.abs : origin.type === "generator" ? origin.k.abs : root.abs;
  const file = origin.type === "file" ? origin.place.file : origin.type === "generator" ? origin.k.loaded.file : root.loaded.file;
  const docIndex = origin.type === "file" ? origin.docIndex : 0;
  let sources: string[] | undefined;
  return {
    root, rootLabel, value, origin, file, docIndex,
    namespace: str(getIn(value, ["metadata", "namespace"])),
    map: (p) => mapPath({ origin, rendered: value, root, files, chain: () => cache.chain(root, target) }, p, cache.patches),
    sources: () => (sources ??= sourcesOf({ origin, rendered: value, root, files, chain: () => cache.chain(root, target) }, cache.patches)),
  };
}

/** Where kustomize's error points: the patch whose target it names, or an entry or top-level key it quotes. */
function errorLocation(error: string, closure: readonly KFile[], files: SourceFiles): { k: KFile; path: Path } | undefined {
  // `no resource matches strategic merge patch "Deployment.v1.apps/web.[noNs]"`
  const id = /patch "([^".]+)\.[^"/]*\/(.+)\.[^."]+"/.exec(error);
  if (id) {
    const [, kind, name] = id as unknown as [string, string, string];
    for (const k of closure) {
      for (const r of k.refs) {
        if (r.field !== "patch" || r.cls !== "local" || !r.abs) continue;
        const docs = files.get(r.abs)?.parsed.documents ?? [];
        if (docs.some((d) => getIn(d.value, ["kind"]) === kind && getIn(d.value, ["metadata", "name"]) === name)) return { k, path: r.path };
      }
    }
  }
  const quoted = [...error.matchAll(/['"]([^'"\n]{1,300})['"]/g)].map((m) => m[1] as string);
  if (quoted.length === 0) return undefined;
  for (const k of closure) {
    for (const q of quoted) {
      const ref = k.refs.find((r) => r.value === q || (r.abs !== undefined && q.endsWith(`/${r.value}`)));
      if (ref) return { k, path: ref.path };
      if (/unknown field/.test(error) && isObj(k.value) && q in k.value) return { k, path: [q] };
    }
  }
  return undefined;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_CONCURRENCY = Math.max(2, Math.min(8, os.cpus().length));
