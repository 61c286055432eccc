import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseYaml } from "../../load/parse.js";
import type { LoadedFile } from "../../load/read.js";
import { cleanError, runKustomize, type KustomizeCommand, type RunResult } from "./binary.js";
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
const CACHE = new Map<string, { result: RunResult; scratch: string }>();
const CACHE_LIMIT = 128;

function readOrMarker(abs: string): string {
  try {
    return readFileSync(abs, "latin1");
  } catch {
    return "\u0000missing";
  }
}

/** The content hash of a root: its closure's kustomizations and every local file they reference. */
export function contentHash(command: KustomizeCommand, closure: readonly KFile[]): string {
  const h = createHash("sha256");
  h.update(`${command.bin}\u0000${command.args.join(" ")}\u0000`);
  for (const k of closure) {
    h.update(`${k.abs}\u0000${k.loaded.parsed.source.text}\u0000`);
    for (const r of k.refs) {
      if (r.cls !== "local" || !r.abs || r.isDir) continue;
      h.update(`${r.abs}\u0000${readOrMarker(r.abs)}\u0000`);
    }
  }
  return h.digest("hex");
}

/** A scratch directory for wrapper kustomizations; removed by `dispose`. */
export class Scratch {
  readonly dir: string;
  private n = 0;

  constructor() {
    this.dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), "shipshape-kustomize-")));
  }

  /**
   * A wrapper kustomization that lists the root by a relative path (kustomize refuses absolute
   * ones) and asks for origin annotations, so every rendered object names its source file.
   */
  wrapper(rootDir: string): string {
    const dir = path.join(this.dir, `w${this.n++}`);
    mkdirSync(dir);
    const rel = path.relative(dir, realpathSync(rootDir)).split(path.sep).join("/");
    writeFileSync(path.join(dir, "kustomization.yaml"),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`);
    return dir;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Builds one root through its wrapper; the path-free error text is safe to show. */
export async function buildRoot(opts: {
  command: KustomizeCommand;
  root: KFile;
  closure: readonly KFile[];
  scratch: Scratch;
  repoRoot: string;
  timeoutMs: number;
}): Promise<BuildOutcome & { wrapperDir: string }> {
  const started = performance.now();
  const key = contentHash(opts.command, opts.closure);
  const hit = CACHE.get(key);
  if (hit) {
    return { ...outcome(hit.result, hit.scratch, opts), cached: true, ms: 0, wrapperDir: hit.scratch };
  }
  const wrapperDir = opts.scratch.wrapper(opts.root.dir);
  const result = await runKustomize(opts.command, wrapperDir, opts.scratch.dir, opts.timeoutMs);
  if (!result.timedOut) {
    if (CACHE.size >= CACHE_LIMIT) CACHE.delete(CACHE.keys().next().value as string);
    CACHE.set(key, { result, scratch: wrapperDir });
  }
  return { ...outcome(result, wrapperDir, opts), cached: false, ms: performance.now() - started, wrapperDir };
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
