import { minimatch } from "minimatch";

/** A glob without a slash matches at any depth; a trailing slash means the directory's contents. */
export function normalizeGlob(g: string): string {
  let p = g.replace(/\\/g, "/").replace(/^\.\//, "");
  if (p.endsWith("/")) p += "**";
  if (!p.includes("/")) p = `**/${p}`;
  return p;
}

/** True when a forward-slash relative path, or a directory above it, matches one of the globs. */
export function matchesAny(rel: string, globs: readonly string[]): boolean {
  return globs.some((g) => minimatch(rel, g, { dot: true }) || minimatch(rel, `${g}/**`, { dot: true }));
}
