import { parseArgs } from "node:util";
import { FORMAT_NAMES, isFormatName, type FormatName } from "../report/index.js";
import { FAIL_ON } from "../engine/config.js";
import { UsageError } from "../engine/config-errors.js";
import { parseKubeVersion } from "../model/kube-version.js";
import type { Level } from "../rule-api.js";

export const SUBCOMMANDS = ["lint", "rules", "explain", "baseline", "init", "rbac", "exposure"] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export interface OutputSpec {
  format: FormatName;
  file?: string;
}

export interface CliArgs {
  command: Subcommand;
  positionals: string[];
  outputs: OutputSpec[];
  config?: string;
  only: string[];
  disable: string[];
  kubeVersion?: string;
  failOn?: Level | "none";
  maxWarnings?: number;
  gitignore: boolean;
  exclude: string[];
  maxFileSize?: number;
  stdinFilename?: string;
  sarifCategory?: string;
  timing: boolean;
  quiet: boolean;
  force: boolean;
  help: boolean;
  version: boolean;
  /** Flags that belong to features this build does not have yet. */
  unsupported: string[];
  /** `--baseline FILE`. */
  baseline?: string;
  /** `--changed-since REF`. */
  changedSince?: string;
  /** `--context PATH` (repeatable). */
  context: string[];
  /** `--no-cache`: `--context` neither reads nor writes `.shipshape/cache`. */
  cache: boolean;
  /** `--render auto|none`: true for auto. */
  render?: boolean;
  /** `--kustomize-bin PATH`. */
  kustomizeBin?: string;
  /** `--helm native|binary|off`. */
  helm?: "native" | "binary" | "off";
  /** `--namespace NS` (rbac who-can). */
  namespace?: string;
  /** `--allow-plugins`: load the config's plugins (their code runs). */
  allowPlugins: boolean;
}

const OPTIONS = {
  format: { type: "string", short: "f", multiple: true },
  output: { type: "string", short: "o", multiple: true },
  config: { type: "string", short: "c" },
  only: { type: "string", multiple: true },
  disable: { type: "string", multiple: true },
  "kube-version": { type: "string" },
  "fail-on": { type: "string" },
  "max-warnings": { type: "string" },
  baseline: { type: "string" },
  "changed-since": { type: "string" },
  context: { type: "string", multiple: true },
  "no-cache": { type: "boolean" },
  render: { type: "string" },
  namespace: { type: "string", short: "n" },
  helm: { type: "string" },
  "kustomize-bin": { type: "string" },
  "allow-plugins": { type: "boolean" },
  "max-file-size": { type: "string" },
  "no-gitignore": { type: "boolean" },
  exclude: { type: "string", multiple: true },
  "stdin-filename": { type: "string" },
  "sarif-category": { type: "string" },
  timing: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

const NOT_YET: string[] = [];

function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean);
}

/** Parses argv (without node and script); a bad flag is a UsageError with one clear line. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0]?.replace(/\. To specify.*$/, "") ?? String(e));
  }
  const { values, tokens } = parsed;
  let positionals = [...parsed.positionals];
  let command: Subcommand = "lint";
  if (positionals.length > 0 && (SUBCOMMANDS as readonly string[]).includes(positionals[0] as string)) {
    command = positionals[0] as Subcommand;
    positionals = positionals.slice(1);
  }
  // --format and -o pair up in order: each -o writes the preceding --format.
  const outputs: OutputSpec[] = [];
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    if (t.name === "format") {
      const f = t.value ?? "";
      if (!isFormatName(f)) throw new UsageError(`--format: unknown format "${f}"; use one of ${FORMAT_NAMES.join(", ")}`);
      outputs.push({ format: f });
    } else if (t.name === "output") {
      const last = outputs[outputs.length - 1];
      if (last && last.file === undefined) last.file = t.value;
      else outputs.push({ format: "stylish", file: t.value });
    }
  }
  const args: CliArgs = {
    command,
    positionals,
    outputs,
    only: list(values.only),
    disable: list(values.disable),
    gitignore: !values["no-gitignore"],
    exclude: values.exclude ?? [],
    timing: values.timing ?? false,
    quiet: values.quiet ?? false,
    force: values.force ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
    unsupported: NOT_YET.filter((k) => (values as Record<string, unknown>)[k] !== undefined),
    context: values.context ?? [],
    cache: !values["no-cache"],
    allowPlugins: values["allow-plugins"] ?? false,
  };
  if (values.baseline !== undefined) args.baseline = values.baseline;
  if (values["changed-since"] !== undefined) args.changedSince = values["changed-since"];
  if (values.config !== undefined) args.config = values.config;
  if (values["kube-version"] !== undefined) {
    const v = parseKubeVersion(values["kube-version"]);
    if (!v) throw new UsageError(`--kube-version: "${values["kube-version"]}" is not a Kubernetes version (use 1.N, v1.N or 1.N.P)`);
    args.kubeVersion = v;
  }
  if (values["fail-on"] !== undefined) {
    if (!FAIL_ON.includes(values["fail-on"] as Level)) throw new UsageError(`--fail-on: use one of ${FAIL_ON.join(", ")}`);
    args.failOn = values["fail-on"] as Level | "none";
  }
  if (values["max-warnings"] !== undefined) args.maxWarnings = nonNegativeInt(values["max-warnings"], "--max-warnings");
  if (values["max-file-size"] !== undefined) args.maxFileSize = nonNegativeInt(values["max-file-size"], "--max-file-size");
  if (values["stdin-filename"] !== undefined) args.stdinFilename = values["stdin-filename"];
  if (values["sarif-category"] !== undefined) args.sarifCategory = values["sarif-category"];
  if (values.namespace !== undefined) args.namespace = values.namespace;
  if (values.render !== undefined && !["auto", "none"].includes(values.render)) throw new UsageError("--render: use auto or none");
  if (values.render !== undefined) args.render = values.render === "auto";
  if (values.helm !== undefined) {
    if (values.helm !== "native" && values.helm !== "binary" && values.helm !== "off") throw new UsageError("--helm: use native, binary or off");
    args.helm = values.helm;
  }
  if (values["kustomize-bin"] !== undefined) {
    if (values["kustomize-bin"] === "") throw new UsageError("--kustomize-bin: name a kustomize or kubectl binary");
    args.kustomizeBin = values["kustomize-bin"];
  }
  return args;
}

function nonNegativeInt(s: string, flag: string): number {
  if (!/^\d+$/.test(s)) throw new UsageError(`${flag}: expected a non-negative integer, got "${s}"`);
  return Number(s);
}
