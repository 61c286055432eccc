import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseYaml } from "../../load/parse.js";
import type { LoadedFile } from "../../load/read.js";
import { cleanError, runKustomize, type KustomizeCommand, type RunResult } from "./binary.js";
import { sha256, type RenderCache } from "../cache.js";
import type { KFile, KustomizationTree } from "./tree.js";

export interface BuildOutcome {
  ok: boolean;
  /** The rendered YAML (origin annotations still in it). */
  output: string;
  /** kustomize's error, cleaned of machine paths. */
  error: string;
  timedOut: boolean;
  cached: boolean;
  ms: number;
}

/**
 * Renders reused across lint() calls in one process, keyed by the binary, the root and the bytes of
 * every file the build reads: an unchanged tree is never rendered twice, a changed one always is.
 */
const CACHE = new Map<string, Built>();
const CACHE_LIMIT = 128;

/** A finished build (never a timeout): its outcome, and the wrapper directory its origin paths are relative to. */
interface Built {
  outcome: Omit<BuildOutcome, "cached" | "ms">;
  wrapperDir: string;
}

/** Bumped whenever the stored shape changes (the wrapper's own text is part of every key): older entries stop matching. */
const STORED_FORMAT = "kustomize-build-v1";

/** The wrapper kustomization around a root (listed by a relative path). */
function wrapperText(rel: string): string {
  return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`;
}

function readOrMarker(abs: string): string {
  try {
    return readFileSync(abs, "latin1");
  } catch {
    return "\u0000missing";
  }
}

/** Every file a root's build reads: its kustomizations, their local file entries, and the files plugin configs name. */
export function rootFiles(closure: readonly KFile[]): string[] {
  const out = new Set<string>();
  for (const k of closure) {
    out.add(k.abs);
    for (const r of k.refs) if (r.cls === "local" && r.abs && !r.isDir) out.add(r.abs);
    for (const f of k.pluginFiles) out.add(f);
  }
  return [...out];
}

/** The digest of the bytes of every file a root's build reads, by absolute path. */
export function closureDigest(closure: readonly KFile[]): string {
  const h = createHash("sha256");
  const seen = new Set<string>();
  for (const k of closure) {
    seen.add(k.abs);
    h.update(`${k.abs}\u0000${k.loaded.parsed.source.text}\u0000`);
  }
  for (const abs of rootFiles(closure)) {
    if (seen.has(abs)) continue;
    seen.add(abs);
    h.update(`${abs}\u0000${readOrMarker(abs)}\u0000`);
  }
  return h.digest("hex");
}

/** The in-process key of a root: the command and the root's closure digest. */
function processKey(command: KustomizeCommand, digest: string): string {
  return sha256(command.bin, command.args.join(" "), digest);
}

/**
 * What identifies the kustomize that runs, without running it: the resolved binary, its size and
 * modification time (an upgrade replaces the file), and the arguments.
 */
export function commandIdentity(command: KustomizeCommand): string {
  let real = command.bin;
  let stamp = "unknown";
  try {
    real = realpathSync(command.bin);
    const st = statSync(real);
    stamp = `${st.size}:${Math.trunc(st.mtimeMs)}`;
  } catch {
    /* a binary that cannot be inspected still gets a key: the next run finds it the same way */
  }
  return `${real}\u0000${stamp}\u0000${command.args.join(" ")}`;
}

/**
 * The key of a root's render in the persistent cache: the shipshape version, the kustomize binary, the
 * wrapper, and the closure digest (absolute paths: origin paths in the output are relative to the repository's place).
 */
export function persistentKey(opts: { version: string; identity: string; digest: string }): string {
  return sha256(`shipshape ${opts.version}`, STORED_FORMAT, wrapperText("<root>"), opts.identity, opts.digest);
}

/** Where a persisted render lives and under which key (see RenderCache). */
export interface Persist {
  cache: RenderCache;
  slot: string;
  key: string;
}

function fromPersisted(text: string | undefined): Built | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as { ok?: unknown; output?: unknown; error?: unknown; wrapperDir?: unknown };
    if (typeof v.ok !== "boolean" || typeof v.output !== "string" || typeof v.error !== "string" || typeof v.wrapperDir !== "string") return undefined;
    return { outcome: { ok: v.ok, output: v.output, error: v.error, timedOut: false }, wrapperDir: v.wrapperDir };
  } catch {
    return undefined;
  }
}

function remember(key: string, built: Built): void {
  if (CACHE.size >= CACHE_LIMIT) CACHE.delete(CACHE.keys().next().value as string);
  CACHE.set(key, built);
}

/** A scratch directory for wrapper kustomizations; removed by `dispose`. */
export class Scratch {
  private made: string | undefined;
  private n = 0;

  /** Created on first use: a run served from caches makes none. */
  get dir(): string {
    return (this.made ??= realpathSync(mkdtempSync(path.join(os.tmpdir(), "shipshape-kustomize-"))));
  }

  /**
   * A wrapper kustomization that lists the root by a relative path (kustomize refuses absolute
   * ones) and asks for origin annotations, so every rendered object names its source file.
   */
  wrapper(rootDir: string): string {
    const dir = path.join(this.dir, `w${this.n++}`);
    mkdirSync(dir);
    const rel = path.relative(dir, realpathSync(rootDir)).split(path.sep).join("/");
    writeFileSync(path.join(dir, "kustomization.yaml"), wrapperText(rel));
    return dir;
  }

  dispose(): void {
    if (this.made) rmSync(this.made, { recursive: true, force: true });
    this.made = undefined;
  }
}

/**
 * A render of the root's current sources from a cache (this process's, else the persistent one), without
 * running kustomize; undefined when neither holds one.
 */
export function cachedBuild(opts: { command: KustomizeCommand; digest: string; persist?: Persist | undefined }): (BuildOutcome & { wrapperDir: string }) | undefined {
  const key = processKey(opts.command, opts.digest);
  let hit = CACHE.get(key);
  if (!hit && opts.persist) {
    hit = fromPersisted(opts.persist.cache.get("kustomize", opts.persist.slot, opts.persist.key));
    if (hit) remember(key, hit);
  } else if (hit && opts.persist && opts.persist.cache.get("kustomize", opts.persist.slot, opts.persist.key) === undefined) {
    // a root this process rendered before: its persistent entry is kept (or written, if it was pruned or never written)
    opts.persist.cache.put("kustomize", opts.persist.slot, opts.persist.key, JSON.stringify({ ...hit.outcome, wrapperDir: hit.wrapperDir }));
  }
  return hit ? { ...hit.outcome, cached: true, ms: 0, wrapperDir: hit.wrapperDir } : undefined;
}

/** Builds one root through its wrapper (or takes it from a cache); the path-free error text is safe to show. */
export async function buildRoot(opts: {
  command: KustomizeCommand;
  root: KFile;
  /** `closureDigest` of the root's closure. */
  digest: string;
  scratch: Scratch;
  repoRoot: string;
  timeoutMs: number;
  persist?: Persist | undefined;
}): Promise<BuildOutcome & { wrapperDir: string }> {
  const started = performance.now();
  const hit = cachedBuild(opts);
  if (hit) return hit;
  const wrapperDir = opts.scratch.wrapper(opts.root.dir);
  const result = await runKustomize(opts.command, wrapperDir, opts.scratch.dir, opts.timeoutMs);
  const o = outcome(result, wrapperDir, opts);
  if (!result.timedOut) {
    remember(processKey(opts.command, opts.digest), { outcome: o, wrapperDir });
    opts.persist?.cache.put("kustomize", opts.persist.slot, opts.persist.key, JSON.stringify({ ...o, wrapperDir }));
  }
  return { ...o, cached: false, ms: performance.now() - started, wrapperDir };
}

function outcome(result: RunResult, wrapperDir: string, opts: { repoRoot: string; timeoutMs: number }): Omit<BuildOutcome, "cached" | "ms"> {
  return {
    ok: result.ok,
    output: result.stdout,
    error: result.ok ? "" : result.timedOut ? `${opts.timeoutMs / 1000}s and was stopped` : sanitize(cleanError(result.stderr), wrapperDir, opts.repoRoot),
    timedOut: result.timedOut,
  };
}

/** Removes machine paths from kustomize's error text: the repository root and the scratch directory. */
export function sanitize(text: string, wrapperDir: string, repoRoot: string): string {
  let realRepo = repoRoot;
  try {
    realRepo = realpathSync(repoRoot);
  } catch {
    /* keep the given path */
  }
  const relToRepo = path.relative(wrapperDir, realRepo).split(path.sep).join("/");
  let out = text;
  for (const prefix of [`${relToRepo}/`, `${realRepo}${path.sep}`, `${repoRoot}${path.sep}`, `${wrapperDir}${path.sep}`, `${path.dirname(wrapperDir)}${path.sep}`]) {
    out = out.split(prefix).join("");
  }
  // The wrapper's own layer adds nothing: `accumulating resources from '<root>': … recursed accumulation of path '<root>': `.
  out = out.replace(/^accumulating resources: accumulation err='accumulating resources from '[^']*': '[^']*' must resolve to a file': recursed accumulation of path '[^']*': /, "");
  return out.length > 2000 ? `${out.slice(0, 2000)}…` : out;
}

/** The rendered documents of one root, parsed with positions (kustomize writes plain block YAML). */
export function parseOutput(text: string): LoadedFile["parsed"] {
  return parseYaml(text);
}

/** For tests: forget cached renders. */
export function clearRenderCache(): void {
  CACHE.clear();
}

export type { KustomizationTree };
