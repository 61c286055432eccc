/**
 * The CLI side of baselines and report scopes: `shipshape baseline`, `--baseline`,
 * `--changed-since REF` and `--context PATH`. main.ts calls these and stays thin.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { builtInRules } from "../../rules/index.js";
import { createBaseline, DEFAULT_BASELINE_FILE, serializeBaseline } from "../engine/baseline.js";
import { changedFilesSince } from "../engine/changed.js";
import { gitTopLevel } from "../discover/git.js";
import { findConfig, loadConfig } from "../engine/config.js";
import { UsageError } from "../engine/config-errors.js";
import type { LintOptions } from "../engine/lint.js";
import type { LintResult } from "../engine/types.js";
import type { Rule } from "../rule-api.js";
import type { CliArgs } from "./args.js";

/** Where `--context` keeps its cache, below the repository's top directory. */
export const CACHE_DIR = path.join(".shipshape", "cache");

export interface ScopedPaths {
  /** What to load. */
  paths: string[];
  /** The lint options for the baseline and the report scope. */
  lint: Pick<LintOptions, "baseline" | "reportOnly" | "contextOnly" | "cacheDir">;
}

/**
 * `--context PATH`: load the context paths (plus any positional path outside them) and report only
 * findings in the positional paths. `--changed-since REF`: report only findings in files git lists
 * as changed. Both together: findings in positional paths that also changed.
 */
export function scopedPaths(cwd: string, args: CliArgs): ScopedPaths {
  const positionals = args.positionals.length > 0 ? args.positionals : ["."];
  const lint: ScopedPaths["lint"] = {};
  if (args.command === "baseline") lint.baseline = false;
  else if (args.baseline !== undefined) lint.baseline = args.baseline;
  let paths = positionals;
  if (args.context.length > 0) {
    if (positionals.includes("-")) throw new UsageError("--context cannot be combined with reading from stdin (-)");
    const contexts = args.context.map((c) => path.resolve(cwd, c));
    const inside = (p: string) => contexts.some((c) => p === c || p.startsWith(c.endsWith(path.sep) ? c : c + path.sep));
    paths = [...args.context, ...positionals.filter((p) => !inside(path.resolve(cwd, p)))];
    if (args.positionals.length > 0) {
      lint.reportOnly = args.positionals.map((p) => path.resolve(cwd, p));
      // The rest of the repo is context: checked only as far as the reported files need it, and
      // parsed from the cache when its content has not changed.
      lint.contextOnly = true;
      if (args.cache) lint.cacheDir = path.join(gitTopLevel(cwd) ?? cwd, CACHE_DIR);
    }
  }
  if (args.changedSince !== undefined) {
    const changed = changedFilesSince(cwd, args.changedSince);
    const prior = lint.reportOnly;
    // With --context as well, a changed file must also lie in the positional paths.
    lint.reportOnly = prior ? changed.filter((f) => prior.some((p) => f === p || f.startsWith(p + path.sep))) : changed;
  }
  return { paths, lint };
}

/** `shipshape baseline`: writes the open findings of the run to the baseline file and exits 0. */
export function writeBaseline(cwd: string, args: CliArgs, result: LintResult, rules: readonly Rule[] | undefined, out: (s: string) => void): void {
  const explicit = args.outputs.find((o) => o.file !== undefined)?.file;
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : configuredBaseline(cwd, args, rules) ?? path.resolve(cwd, DEFAULT_BASELINE_FILE);
  const baseline = createBaseline(result.findings, cwd, path.dirname(file));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, serializeBaseline(baseline));
  const n = baseline.findings.length;
  out(`wrote ${n} finding${n === 1 ? "" : "s"} to ${path.relative(cwd, file) || file}\n`);
}

/** The config's `baseline`, so `shipshape baseline` rewrites the file the config reads. */
function configuredBaseline(cwd: string, args: CliArgs, rules: readonly Rule[] | undefined): string | undefined {
  const configFile = args.config !== undefined ? path.resolve(cwd, args.config) : findConfig(cwd);
  if (!configFile) return undefined;
  const config = loadConfig(configFile, cwd, new Map((rules ?? builtInRules).map((r) => [r.meta.id, r])));
  return config.baseline !== undefined ? path.resolve(config.dir, config.baseline) : undefined;
}
