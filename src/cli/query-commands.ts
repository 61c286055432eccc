/**
 * `shipshape rbac` and `shipshape exposure`: model the repo as `lint` does (same paths, config,
 * excludes and rendering), then answer a question about it instead of reporting findings.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { lint, type LintOptions, type RepoModel } from "../engine/lint.js";
import { UsageError } from "../engine/config-errors.js";
import { RbacQueryError, rbacReport, type RbacQuery } from "../analysis/rbac/report.js";
import { exposureReport } from "../analysis/network/report.js";
import type { CliArgs } from "./args.js";
import type { CliIO } from "./main.js";

async function modelOf(io: CliIO, args: CliArgs, paths: string[]): Promise<RepoModel> {
  let model: RepoModel | undefined;
  const options: LintOptions = {
    cwd: io.cwd,
    paths: paths.length > 0 ? paths : ["."],
    gitignore: args.gitignore,
    exclude: args.exclude,
    // Only modelling is needed: no rule runs.
    only: ["yaml-syntax"],
    onModel: (m) => (model = m),
    ...(args.config !== undefined ? { config: args.config } : {}),
    ...(args.kubeVersion ? { kubeVersion: args.kubeVersion } : {}),
    ...(args.maxFileSize !== undefined ? { maxFileSize: args.maxFileSize } : {}),
    ...(args.render !== undefined ? { render: args.render } : {}),
    ...(args.kustomizeBin !== undefined ? { kustomizeBin: args.kustomizeBin } : {}),
    ...(io.rules ? { rules: io.rules } : {}),
  };
  await lint(options);
  if (!model) throw new Error("the repo was not modelled");
  return model;
}

function emit(io: CliIO, args: CliArgs, report: { json: object; text: string }): number {
  const format = args.outputs[0]?.format;
  if (format !== undefined && format !== "json" && format !== "stylish") throw new UsageError(`--format: use json (or the default text) with this command`);
  const text = format === "json" ? `${JSON.stringify(report.json, null, 2)}\n` : report.text.endsWith("\n") ? report.text : `${report.text}\n`;
  const file = args.outputs[0]?.file;
  if (file) writeFileSync(path.resolve(io.cwd, file), text);
  else io.stdout(text);
  return 0;
}

const RBAC_USAGE = "rbac: use `shipshape rbac who-can VERB RESOURCE [--namespace NS] [paths…]` or `shipshape rbac can SUBJECT [paths…]`";

/** `shipshape rbac who-can VERB RESOURCE [--namespace NS] [paths…]` and `shipshape rbac can SUBJECT [paths…]`. */
export async function runRbac(io: CliIO, args: CliArgs): Promise<number> {
  const [sub, ...rest] = args.positionals;
  let query: RbacQuery;
  let paths: string[];
  if (sub === "who-can") {
    const [verb, resource, ...p] = rest;
    if (!verb || !resource) throw new UsageError(RBAC_USAGE);
    query = { type: "who-can", verb, resource, ...(args.namespace ? { namespace: args.namespace } : {}) };
    paths = p;
  } else if (sub === "can") {
    const [subject, ...p] = rest;
    if (!subject) throw new UsageError(RBAC_USAGE);
    query = { type: "can", subject };
    paths = p;
  } else {
    throw new UsageError(RBAC_USAGE);
  }
  const model = await modelOf(io, args, paths);
  try {
    return emit(io, args, rbacReport(model.resources, { query, workloadKinds: model.workloadKinds, locate: model.locate }));
  } catch (e) {
    if (e instanceof RbacQueryError) throw new UsageError(`rbac: ${e.message}`);
    throw e;
  }
}

/** `shipshape exposure [paths…]`: each workload's exposure class and what causes it. */
export async function runExposure(io: CliIO, args: CliArgs): Promise<number> {
  const model = await modelOf(io, args, args.positionals);
  const opts = model.config.rules["exposed-risky-workload"]?.options ?? {};
  return emit(io, args, exposureReport(model.resources, {
    workloadKinds: model.workloadKinds,
    ...(Array.isArray(opts.internalClasses) ? { internalClasses: opts.internalClasses as string[] } : {}),
    ...(Array.isArray(opts.internalAnnotations) ? { internalAnnotations: opts.internalAnnotations as string[] } : {}),
  }));
}
