import { lstatSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import type { Notification } from "../engine/types.js";
import { cmp } from "../model/compare.js";
import { GitIgnore } from "./gitignore.js";
import { matchesAny, normalizeGlob } from "./globs.js";
import { gitTopLevel, relPosix } from "./git.js";
import { isInside } from "../util/paths.js";

export const MANIFEST_GLOB = "**/*.{yaml,yml,json}";
/** Never manifests: git internals, installed packages, and shipshape's own cache (it holds JSON). */
const ALWAYS_SKIPPED = ["**/.git/**", "**/node_modules/**", "**/.shipshape/cache/**"];

export interface DiscoverOptions {
  cwd: string;
  /** Files, directories or globs, relative to cwd (`-` is handled by the caller). */
  paths: string[];
  gitignore: boolean;
  /** Config `include` / `exclude`, relative to `configDir`. */
  include: string[];
  exclude: string[];
  configDir: string;
  /** `--exclude` globs, relative to cwd. */
  cliExclude: string[];
  maxFileSize: number;
}

export interface DiscoveredFile {
  abs: string;
  /** Relative to cwd, forward slashes. */
  display: string;
  size: number;
}

export interface DiscoverResult {
  files: DiscoveredFile[];
  notifications: Notification[];
}

export class PathNotFoundError extends Error {}

const GLOB_CHARS = /[*?[\]{}!]/;

/** Walks the given paths for manifest files; never follows a symlink out of its root or into a loop. */
export async function discover(opts: DiscoverOptions): Promise<DiscoverResult> {
  const notifications: Notification[] = [];
  const byAbs = new Map<string, DiscoveredFile>();
  const top = gitTopLevel(opts.cwd) ?? opts.cwd;
  const gitIgnore = opts.gitignore ? new GitIgnore(top) : undefined;
  const include = opts.include.map(normalizeGlob);
  const exclude = opts.exclude.map(normalizeGlob);
  const cliExclude = opts.cliExclude.map(normalizeGlob);

  const note = (id: string, file: string | null, message: string) => notifications.push({ level: "note", file, line: null, message, id });

  const consider = (abs: string, root: string, explicit: boolean) => {
    const display = relPosix(opts.cwd, abs);
    if (byAbs.has(abs)) return;
    if (!explicit) {
      if (gitIgnore?.ignores(abs)) return;
      const relConfig = relPosix(opts.configDir, abs);
      if (include.length > 0 && !matchesAny(relConfig, include)) return;
      if (matchesAny(relConfig, exclude)) return;
      if (matchesAny(relPosix(opts.cwd, abs), cliExclude)) return;
    }
    let st;
    try {
      const l = lstatSync(abs);
      if (l.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(abs);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          note("symlink-skipped", display, code === "ELOOP" ? "skipped: symbolic link loop" : "skipped: broken symbolic link");
          return;
        }
        const realRoot = safeRealpath(root);
        if (!explicit && !isInside(realRoot, real)) {
          note("symlink-skipped", display, "skipped: symbolic link points outside the linted directory");
          return;
        }
        st = statSync(real);
        if (!st.isFile()) return;
      } else {
        st = l;
        if (!st.isFile()) return;
      }
    } catch (e) {
      note("file-unreadable", display, `skipped: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      return;
    }
    if (st.size > opts.maxFileSize) {
      notifications.push({ level: "warning", file: display, line: null, id: "file-too-large",
        message: `skipped: file is ${st.size} bytes, over the ${opts.maxFileSize}-byte limit (maxFileSize / --max-file-size)` });
      return;
    }
    byAbs.set(abs, { abs, display, size: st.size });
  };

  for (const p of opts.paths) {
    const abs = path.resolve(opts.cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      st = undefined;
    }
    if (st?.isFile()) {
      consider(abs, path.dirname(abs), true);
    } else if (st?.isDirectory()) {
      const entries = await fg(MANIFEST_GLOB, {
        cwd: abs, dot: true, followSymbolicLinks: false, onlyFiles: false, markDirectories: true,
        ignore: ALWAYS_SKIPPED, absolute: true, suppressErrors: true,
      });
      for (const e of entries) if (!e.endsWith("/")) consider(path.normalize(e), abs, false);
    } else if (GLOB_CHARS.test(p)) {
      const entries = await fg(p.replace(/\\/g, "/"), {
        cwd: opts.cwd, dot: true, followSymbolicLinks: false, onlyFiles: false, markDirectories: true,
        ignore: ALWAYS_SKIPPED, absolute: true, suppressErrors: true,
      });
      for (const e of entries) if (!e.endsWith("/")) consider(path.normalize(e), opts.cwd, false);
    } else {
      throw new PathNotFoundError(`path not found: ${p}`);
    }
  }
  const files = [...byAbs.values()].sort((a, b) => cmp(a.display, b.display));
  return { files, notifications };
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

