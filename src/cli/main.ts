import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { lint } from "../engine/lint.js";
import { findConfig } from "../engine/config.js";
import { loadExtensions } from "../plugins/extensions.js";
import { ConfigError, UsageError, didYouMean } from "../engine/config-errors.js";
import { PathNotFoundError } from "../discover/discover.js";
import type { Level } from "../rule-api.js";
import type { LintResult } from "../engine/types.js";
import { formatResultChunks } from "../report/index.js";
import { builtInRules } from "../../rules/index.js";
import { toolVersion } from "../version.js";
import { parseCliArgs, type CliArgs } from "./args.js";
import { explainRule, formatRulesList } from "./rules-command.js";
import { runExposure, runRbac } from "./query-commands.js";
import { STARTER_CONFIG } from "./init-template.js";
import { scopedPaths, writeBaseline } from "./edges.js";
import { createProgress } from "./progress.js";
import type { Rule } from "../rule-api.js";

export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<Uint8Array>;
  stdoutIsTTY: boolean;
  /** stderr is a terminal (a progress indicator may be drawn there), and its width. */
  stderrIsTTY?: boolean;
  stderrColumns?: number;
  /** The rules to use (default: the built-in ones); for tests and embedding. */
  rules?: readonly Rule[];
}

const HELP = `Usage: shipshape [lint] [paths…] [options]
       shipshape rules [--format table|json|markdown]
       shipshape explain RULE
       shipshape rbac who-can VERB RESOURCE [--namespace NS] [paths…] | rbac can SUBJECT [paths…]
       shipshape exposure [paths…] [--format json]
       shipshape init [--force]
       shipshape baseline [paths…] [-o .shipshape-baseline.json]

Lints Kubernetes manifests offline and reports security findings at the exact line.

Options:
  -f, --format NAME        stylish (default), json, sarif, github, markdown; repeatable
  -o, --output FILE        write the preceding --format to FILE
  -c, --config FILE        config file (default: .shipshape.yaml found upward)
      --only LIST          run exactly these rules, tags or presets (comma-separated)
      --disable LIST       turn off these rules, tags or presets
      --kube-version V     target Kubernetes version (default 1.35)
      --fail-on LEVEL      error (default), warning, note or none
      --max-warnings N     exit 1 when there are more than N warnings
      --max-file-size N    skip files larger than N bytes (default 10485760)
      --no-gitignore       lint files that .gitignore excludes
      --exclude GLOB       skip matching files (repeatable)
      --stdin-filename N   the name of input read from "-"
      --sarif-category S   SARIF automationDetails.id (default shipshape/)
      --baseline FILE      report findings recorded in FILE as suppressed
      --changed-since REF  report only findings in files changed since REF (git)
      --context PATH       load PATH too, report only findings in the given paths
      --no-cache           with --context: do not use the parse and render cache (.shipshape/cache)
      --render auto|none   render Kustomize and Helm sources (auto)
      --kustomize-bin PATH kustomize or kubectl to render with (default: kustomize, else kubectl, on PATH)
      --helm MODE          native (default) renders Helm charts in-process; off does not (binary: not supported yet)
      --allow-plugins      load the config's plugins (runs their code)
      --timing             fill stats.durationMs
  -q, --quiet              report errors only
  -h, --help               show this help
  -v, --version            show the version

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or internal error.
`;

/** Runs the CLI and returns the exit code; never calls process.exit itself. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    io.stderr(`shipshape: ${(e as Error).message}\nRun "shipshape --help" for usage.\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(HELP);
    return 0;
  }
  if (args.version) {
    io.stdout(`${toolVersion()}\n`);
    return 0;
  }
  try {
    switch (args.command) {
      case "rules":
        return writeOut(io, args, formatRulesList(await knownRules(io, args), args.outputs[0]?.format === "json" ? "json" : args.outputs[0]?.format === "markdown" ? "markdown" : "table"));
      case "explain":
        return await explain(io, args);
      case "init":
        return init(io, args);
      case "rbac":
        return await runRbac(io, args);
      case "exposure":
        return await runExposure(io, args);
      case "lint":
      case "baseline":
        return await runLint(io, args);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof PathNotFoundError) {
      io.stderr(`shipshape: ${e.message}\n`);
      return 2;
    }
    io.stderr(`shipshape: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 2;
  }
}

function writeOut(io: CliIO, args: CliArgs, text: string): number {
  const file = args.outputs[0]?.file;
  if (file) writeFileSync(path.resolve(io.cwd, file), text);
  else io.stdout(text);
  return 0;
}

/** The built-in rules plus the plugin and policy rules the config adds, loaded as lint() loads them. */
async function knownRules(io: CliIO, args: CliArgs): Promise<readonly Rule[]> {
  const base = io.rules ?? builtInRules;
  const configFile = args.config !== undefined ? path.resolve(io.cwd, args.config) : findConfig(io.cwd);
  const extensions = await loadExtensions({ configFile, cwd: io.cwd, allowPlugins: args.allowPlugins, known: base });
  return [...base, ...extensions.rules];
}

async function explain(io: CliIO, args: CliArgs): Promise<number> {
  const id = args.positionals[0];
  if (!id) throw new UsageError("explain: name a rule, e.g. shipshape explain privileged-container");
  const rules = await knownRules(io, args);
  const rule = rules.find((r) => r.meta.id === id);
  if (!rule) throw new UsageError(`explain: unknown rule "${id}"${didYouMean(id, rules.map((r) => r.meta.id))}`);
  io.stdout(explainRule(rule));
  return 0;
}

function init(io: CliIO, args: CliArgs): number {
  const file = path.resolve(io.cwd, args.positionals[0] ?? ".shipshape.yaml");
  if (existsSync(file) && !args.force) throw new UsageError(`init: ${path.relative(io.cwd, file)} already exists (use --force to overwrite)`);
  writeFileSync(file, STARTER_CONFIG);
  io.stdout(`wrote ${path.relative(io.cwd, file) || file}\n`);
  return 0;
}

function useColor(io: CliIO, toStdout: boolean): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== "0" && io.env.FORCE_COLOR !== "false";
  return toStdout && io.stdoutIsTTY;
}

async function runLint(io: CliIO, args: CliArgs): Promise<number> {
  if (args.unsupported.length > 0) {
    throw new UsageError(`--${args.unsupported[0]} is not available in this version`);
  }
  const scoped = scopedPaths(io.cwd, args);
  const paths = scoped.paths;
  const stdin = paths.includes("-") ? { text: await io.readStdin(), ...(args.stdinFilename ? { filename: args.stdinFilename } : {}) } : undefined;
  const progress = createProgress({
    write: io.stderr, isTTY: io.stderrIsTTY ?? false, env: io.env, formats: args.outputs.map((o) => o.format),
    ...(io.stderrColumns ? { columns: io.stderrColumns } : {}),
  });
  const result = await lint({
    cwd: io.cwd,
    paths,
    ...(args.config !== undefined ? { config: args.config } : {}),
    only: args.only,
    disable: args.disable,
    ...(args.kubeVersion ? { kubeVersion: args.kubeVersion } : {}),
    gitignore: args.gitignore,
    exclude: args.exclude,
    ...(args.maxFileSize !== undefined ? { maxFileSize: args.maxFileSize } : {}),
    ...(stdin ? { stdin } : {}),
    timing: args.timing,
    exposureSummary: args.outputs.some((o) => o.format === "markdown"),
    ...(args.render !== undefined ? { render: args.render } : {}),
    ...(args.kustomizeBin !== undefined ? { kustomizeBin: args.kustomizeBin } : {}),
    ...(args.helm !== undefined ? { helm: args.helm } : {}),
    ...(args.allowPlugins ? { allowPlugins: true } : {}),
    ...(io.rules ? { rules: io.rules } : {}),
    ...scoped.lint,
    onProgress: progress.update,
  }).finally(progress.done);
  if (args.command === "baseline") {
    writeBaseline(io.cwd, args, result, io.rules, io.stdout);
    return result.errors.length > 0 ? (io.stderr("shipshape: internal errors during the run; the baseline may be incomplete\n"), 2) : 0;
  }
  const outputs = args.outputs.length > 0 ? args.outputs : [{ format: "stylish" as const }];
  for (const o of outputs) {
    // Written piece by piece: the JSON report of a large repo is never one string.
    const chunks = formatResultChunks(o.format, result, {
      color: useColor(io, o.file === undefined),
      quiet: args.quiet,
      ...(args.sarifCategory !== undefined ? { sarifCategory: args.sarifCategory } : {}),
    });
    if (o.file) writeChunks(path.resolve(io.cwd, o.file), chunks);
    else for (const chunk of chunks) io.stdout(chunk);
  }
  if (result.errors.length > 0) {
    io.stderr(`shipshape: ${result.errors.length} internal error${result.errors.length === 1 ? "" : "s"} (see the report); exit code 2\n`);
    return 2;
  }
  return exitCode(result, args.failOn ?? result.failOn ?? "error", args.maxWarnings);
}

/**
 * Writes a report's pieces to a file as they are made. The file is created once the first piece is
 * there: a format that fails from the start leaves what was there before.
 */
function writeChunks(file: string, chunks: Iterable<string>): void {
  const it = chunks[Symbol.iterator]();
  let next = it.next();
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  try {
    for (; !next.done; next = it.next()) {
      const bytes = Buffer.from(next.value);
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    }
  } finally {
    closeSync(fd);
  }
}

const RANK: Record<Level, number> = { note: 1, warning: 2, error: 3 };

export function exitCode(result: LintResult, failOn: Level | "none", maxWarnings?: number): number {
  const open = result.findings.filter((f) => !f.suppressed);
  if (failOn !== "none" && open.some((f) => RANK[f.level] >= RANK[failOn])) return 1;
  if (maxWarnings !== undefined && open.filter((f) => f.level === "warning").length > maxWarnings) return 1;
  return 0;
}
