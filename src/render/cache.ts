/**
 * The persistent render cache (`.shipshape/cache/render-*`): one entry per kustomization root or Helm render,
 * overwritten when that render's sources change, so the cache stays as large as the repository's render set.
 *
 * An entry is `render-<kind>-<slot hash>.cache`: a header line `{"format","key","sha256"}` and the payload
 * (JSON) after it. An entry is used only when its key is the key of the current sources and its payload has
 * the recorded hash; anything else (corrupt, truncated, foreign, unreadable) is a miss. Writes go to a temp
 * file and are renamed into place (mode 0600, in a 0700 directory). The extension is not `.json`, so a run
 * without `.gitignore` handling never lints the cache. No cache problem ever fails a run: the worst case is
 * a render that runs again.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, unlinkSync, utimesSync } from "node:fs";
import path from "node:path";
import { ensureCacheDir, TEMP_MARK, writeAtomically } from "../util/cache-dir.js";

const FORMAT = 1;
const PREFIX = "render-";
const SUFFIX = ".cache";
/** Entries not used by a run for this long are removed (the root or chart is gone, or the branch is). */
const MAX_AGE_MS = 14 * 24 * 3600 * 1000;
/** Past this total size, the entries least recently used (and not used by this run) go first. */
const MAX_TOTAL_BYTES = 256 * 1024 * 1024;
/** Used entries get a fresh mtime at most this often (one `utimes` a day, not one per run). */
const TOUCH_AFTER_MS = 24 * 3600 * 1000;
/** A temp file this old was left by a run that died mid-write. */
const STALE_TEMP_MS = 3600 * 1000;

export type CacheKind = "kustomize" | "helm";

export function sha256(...parts: readonly string[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(`${p.length}:${p}\u0000`);
  return h.digest("hex");
}

export class RenderCache {
  private readonly used = new Set<string>();
  private ready: boolean | undefined;
  /** The first write problem, for one notification. */
  problem: string | undefined;

  private readonly now: () => number;
  private readonly maxAgeMs: number;
  private readonly maxTotalBytes: number;

  /** `limits` for tests: the clock and the bounds. */
  constructor(readonly dir: string, limits: { now?: () => number; maxAgeMs?: number; maxTotalBytes?: number } = {}) {
    this.now = limits.now ?? Date.now;
    this.maxAgeMs = limits.maxAgeMs ?? MAX_AGE_MS;
    this.maxTotalBytes = limits.maxTotalBytes ?? MAX_TOTAL_BYTES;
  }

  /** The entry file of a slot. */
  file(kind: CacheKind, slot: string): string {
    return path.join(this.dir, `${PREFIX}${kind === "kustomize" ? "k" : "h"}-${sha256(slot).slice(0, 40)}${SUFFIX}`);
  }

  /** The payload stored for `slot` under exactly `key`; undefined on any mismatch or problem. */
  get(kind: CacheKind, slot: string, key: string): string | undefined {
    const file = this.file(kind, slot);
    let text: string;
    let mtimeMs: number;
    try {
      text = readFileSync(file, "utf8");
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    const nl = text.indexOf("\n");
    if (nl < 0) return undefined;
    let header: unknown;
    try {
      header = JSON.parse(text.slice(0, nl));
    } catch {
      return undefined;
    }
    const h = header as { format?: unknown; key?: unknown; sha256?: unknown } | null;
    if (!h || typeof h !== "object" || h.format !== FORMAT || h.key !== key || typeof h.sha256 !== "string") return undefined;
    const payload = text.slice(nl + 1);
    if (createHash("sha256").update(payload).digest("hex") !== h.sha256) return undefined;
    this.used.add(path.basename(file));
    if (this.now() - mtimeMs > TOUCH_AFTER_MS) {
      try {
        const t = new Date(this.now());
        utimesSync(file, t, t);
      } catch {
        /* a read-only cache still serves */
      }
    }
    return payload;
  }

  /** Stores a payload for `slot` under `key`, replacing what the slot held. */
  put(kind: CacheKind, slot: string, key: string, payload: string): void {
    // one render larger than a quarter of the whole cache is rendered again each time rather than evicting everything else
    if (payload.length > this.maxTotalBytes / 4 || !this.ensureDir()) return;
    const file = this.file(kind, slot);
    const header = JSON.stringify({ format: FORMAT, key, sha256: createHash("sha256").update(payload).digest("hex") });
    try {
      writeAtomically(file, `${header}\n${payload}`);
      this.used.add(path.basename(file));
    } catch (e) {
      this.problem ??= (e as Error).message;
    }
  }

  private ensureDir(): boolean {
    if (this.ready !== undefined) return this.ready;
    try {
      ensureCacheDir(this.dir);
      this.ready = true;
    } catch (e) {
      this.problem ??= (e as Error).message;
      this.ready = false;
    }
    return this.ready;
  }


  /**
   * Bounds the cache: removes this cache's entries that this run did not use and that are older than the
   * age limit, then the least recently used ones while the total exceeds the size limit, and stale temp files.
   * Other files in the directory (the parse cache's) are never touched.
   */
  prune(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    const now = this.now();
    const entries: { file: string; size: number; mtimeMs: number; used: boolean }[] = [];
    for (const name of names) {
      if (!name.startsWith(PREFIX)) continue;
      const file = path.join(this.dir, name);
      let st;
      try {
        st = statSync(file);
      } catch {
        continue;
      }
      if (!st.isFile()) continue;
      if (!name.endsWith(SUFFIX)) {
        if (name.includes(`${SUFFIX}${TEMP_MARK}`) && now - st.mtimeMs > STALE_TEMP_MS) remove(file);
        continue;
      }
      entries.push({ file, size: st.size, mtimeMs: st.mtimeMs, used: this.used.has(name) });
    }
    let total = 0;
    const kept: typeof entries = [];
    for (const e of entries) {
      if (!e.used && now - e.mtimeMs > this.maxAgeMs) remove(e.file);
      else {
        kept.push(e);
        total += e.size;
      }
    }
    if (total <= this.maxTotalBytes) return;
    kept.sort((a, b) => Number(a.used) - Number(b.used) || a.mtimeMs - b.mtimeMs);
    for (const e of kept) {
      if (total <= this.maxTotalBytes || e.used) break;
      remove(e.file);
      total -= e.size;
    }
  }
}

function remove(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}
