/**
 * The tool's name, version and homepage, read once from package.json at run time.
 * This module sits in `src/` when vitest runs the TypeScript sources and in `lib/src/`
 * once compiled, so package.json is one or two levels up: both are tried.
 */
import { readFileSync } from "node:fs";

export interface PackageInfo {
  name: string;
  version: string;
  homepage: string;
}

const CANDIDATES = ["../package.json", "../../package.json"];

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached !== undefined) return cached;
  for (const candidate of CANDIDATES) {
    let text: string;
    try {
      text = readFileSync(new URL(candidate, import.meta.url), "utf8");
    } catch {
      continue;
    }
    const pkg = JSON.parse(text) as Partial<PackageInfo>;
    // A package.json that is not ours (an unrelated one above lib/) is skipped.
    if (pkg.name !== "shipshape" || typeof pkg.version !== "string") continue;
    cached = { name: pkg.name, version: pkg.version, homepage: pkg.homepage ?? "" };
    return cached;
  }
  throw new Error(`cannot find shipshape's package.json next to ${import.meta.url}`);
}

/** The tool version, e.g. `0.1.0`. */
export function toolVersion(): string {
  return packageInfo().version;
}
