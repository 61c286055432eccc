import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseYaml, type ParseResult } from "../load/parse.js";
import { locate } from "../load/locate.js";
import { gitTopLevel, relPosix } from "../discover/git.js";
import { parseKubeVersion } from "../model/kube-version.js";
import type { Path } from "../model/path.js";
import { isObj, type Obj } from "../model/values.js";
import type { WorkloadKind } from "../model/workloads.js";
import { PRESET_NAMES, type ConfigLevel, type Level, type OptionSchema, type PresetName, type Rule } from "../rule-api.js";
import { ConfigError, didYouMean } from "./config-errors.js";

export const CONFIG_NAMES = [".shipshape.yaml", ".shipshape.yml"];
export const LEVELS: readonly ConfigLevel[] = ["off", "note", "warning", "error"];
export const FAIL_ON: readonly (Level | "none")[] = ["error", "warning", "note", "none"];

export interface RuleSetting {
  level?: ConfigLevel;
  options?: Record<string, unknown>;
}

export interface OverrideConfig {
  files: string[];
  excludedFiles: string[];
  kubeVersion?: string;
  rules: Record<string, RuleSetting>;
}

export interface ExceptionConfig {
  rule: string;
  resource: { apiVersion?: string; kind?: string; namespace?: string; name?: string };
  files: string[];
  reason: string;
  expires?: string;
  /** Line of the entry in the config file. */
  line: number;
  column: number;
}

export interface ShipshapeConfig {
  /** Absolute path of the config file, if one was read. */
  file: string | undefined;
  /** The config file's display path (relative to cwd). */
  display: string | undefined;
  /** The directory `include`, `exclude`, `overrides` and `exceptions` globs are relative to. */
  dir: string;
  extends: PresetName[];
  kubeVersion?: string;
  include: string[];
  exclude: string[];
  rules: Record<string, RuleSetting>;
  overrides: OverrideConfig[];
  exceptions: ExceptionConfig[];
  workloadKinds: WorkloadKind[];
  plugins: string[];
  policies: string[];
  render: { enabled?: boolean; helm?: string; kustomizeBin?: string };
  helm: Obj | undefined;
  maxFileSize?: number;
  failOn?: Level | "none";
  baseline?: string;
}

export function emptyConfig(dir: string): ShipshapeConfig {
  return {
    file: undefined, display: undefined, dir, extends: ["recommended"], include: [], exclude: [], rules: {},
    overrides: [], exceptions: [], workloadKinds: [], plugins: [], policies: [], render: {}, helm: undefined,
  };
}

/** The first `.shipshape.yaml`/`.yml` from `cwd` upward, up to and including the directory holding `.git`. */
export function findConfig(cwd: string): string | undefined {
  const top = gitTopLevel(cwd);
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const f = path.join(dir, name);
      if (existsSync(f)) return f;
    }
    if (!top || dir === top) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const TOP_KEYS = [
  "extends", "kubeVersion", "include", "exclude", "rules", "overrides", "exceptions", "workloadKinds",
  "plugins", "policies", "render", "helm", "maxFileSize", "failOn", "baseline",
];

class Reader {
  constructor(private readonly parsed: ParseResult, private readonly display: string) {}

  lineOf(p: Path): number {
    const doc = this.parsed.documents[0];
    return doc ? locate(doc.ast, this.parsed.source, p).line : 1;
  }

  positionOf(p: Path): { line: number; column: number } {
    const doc = this.parsed.documents[0];
    if (!doc) return { line: 1, column: 1 };
    const l = locate(doc.ast, this.parsed.source, p);
    return { line: l.line, column: l.column };
  }

  fail(message: string, p: Path): never {
    throw new ConfigError(message, this.display, this.lineOf(p));
  }

  strings(v: unknown, p: Path, key: string): string[] {
    if (v === undefined || v === null) return [];
    if (typeof v === "string") return [v];
    if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) this.fail(`"${key}" must be a list of strings`, p);
    return v as string[];
  }

  keys(v: Obj, allowed: readonly string[], p: Path, where: string): void {
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) this.fail(`unknown key "${k}" in ${where}${didYouMean(k, allowed)}`, [...p, k]);
    }
  }
}

/** Reads and validates a config file; unknown keys and rule ids are errors naming the nearest valid one. */
export function loadConfig(file: string, cwd: string, rules: ReadonlyMap<string, Rule>): ShipshapeConfig {
  const display = relPosix(cwd, file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read config: ${(e as Error).message}`, display);
  }
  // Our own file, read as YAML 1.2 so that `off` stays a level rather than becoming false.
  const parsed = parseYaml(text, "1.2");
  const problem = parsed.problems[0];
  if (problem) throw new ConfigError(problem.message, display, problem.range.line);
  const r: Reader = new Reader(parsed, display);
  const value = parsed.documents[0]?.value;
  const cfg = emptyConfig(path.dirname(file));
  cfg.file = file;
  cfg.display = display;
  if (value === undefined || value === null) return cfg;
  if (!isObj(value)) r.fail("the config must be a map", []);
  r.keys(value, TOP_KEYS, [], "the config");

  if (value.extends !== undefined) {
    cfg.extends = r.strings(value.extends, ["extends"], "extends").map((p, i) => {
      if (!(PRESET_NAMES as readonly string[]).includes(p)) r.fail(`unknown preset "${p}"${didYouMean(p, PRESET_NAMES)}; presets: ${PRESET_NAMES.join(", ")}`, ["extends", i]);
      return p as PresetName;
    });
  }
  if (value.kubeVersion !== undefined) cfg.kubeVersion = readKubeVersion(r, value.kubeVersion, ["kubeVersion"]);
  cfg.include = r.strings(value.include, ["include"], "include");
  cfg.exclude = r.strings(value.exclude, ["exclude"], "exclude");
  cfg.rules = readRules(r, value.rules, ["rules"], rules);
  if (value.overrides !== undefined) {
    if (!Array.isArray(value.overrides)) r.fail(`"overrides" must be a list`, ["overrides"]);
    cfg.overrides = value.overrides.map((o, i) => {
      const p: Path = ["overrides", i];
      if (!isObj(o)) r.fail("each override must be a map with `files`", p);
      r.keys(o, ["files", "excludedFiles", "kubeVersion", "rules"], p, "an override");
      const files = r.strings(o.files, [...p, "files"], "files");
      if (files.length === 0) r.fail("an override needs `files` (globs relative to the config file)", p);
      return {
        files,
        excludedFiles: r.strings(o.excludedFiles, [...p, "excludedFiles"], "excludedFiles"),
        ...(o.kubeVersion !== undefined ? { kubeVersion: readKubeVersion(r, o.kubeVersion, [...p, "kubeVersion"]) } : {}),
        rules: readRules(r, o.rules, [...p, "rules"], rules),
      };
    });
  }
  if (value.exceptions !== undefined) {
    if (!Array.isArray(value.exceptions)) r.fail(`"exceptions" must be a list`, ["exceptions"]);
    cfg.exceptions = value.exceptions.map((e, i) => readException(r, e, ["exceptions", i], rules));
  }
  if (value.workloadKinds !== undefined) {
    if (!Array.isArray(value.workloadKinds)) r.fail(`"workloadKinds" must be a list`, ["workloadKinds"]);
    cfg.workloadKinds = value.workloadKinds.map((w, i) => {
      const p: Path = ["workloadKinds", i];
      if (!isObj(w)) r.fail("each workloadKinds entry must be a map", p);
      r.keys(w, ["apiVersion", "kind", "podSpec"], p, "a workloadKinds entry");
      if (typeof w.apiVersion !== "string" || typeof w.kind !== "string" || typeof w.podSpec !== "string") {
        r.fail("a workloadKinds entry needs string apiVersion, kind and podSpec (e.g. spec.template.spec)", p);
      }
      return { apiVersion: w.apiVersion, kind: w.kind, podSpec: w.podSpec.split(".").filter(Boolean) };
    });
  }
  cfg.plugins = r.strings(value.plugins, ["plugins"], "plugins");
  // entries are globs or inline policies; src/policies/load.ts validates them (with lines)
  cfg.policies = Array.isArray(value.policies) ? value.policies.filter((p): p is string => typeof p === "string") : r.strings(isObj(value.policies) ? undefined : value.policies, ["policies"], "policies");
  if (value.render !== undefined) {
    if (!isObj(value.render)) r.fail(`"render" must be a map`, ["render"]);
    r.keys(value.render, ["enabled", "helm", "kustomizeBin"], ["render"], "render");
    const { enabled, helm, kustomizeBin } = value.render;
    if (enabled !== undefined && typeof enabled !== "boolean") r.fail("render.enabled must be true or false", ["render", "enabled"]);
    if (helm !== undefined && !["native", "binary", "off"].includes(helm as string)) r.fail("render.helm must be native, binary or off", ["render", "helm"]);
    if (kustomizeBin !== undefined && typeof kustomizeBin !== "string") r.fail("render.kustomizeBin must be a string", ["render", "kustomizeBin"]);
    cfg.render = { enabled: enabled as boolean | undefined, helm: helm as string | undefined, kustomizeBin: kustomizeBin as string | undefined };
  }
  if (value.helm !== undefined) {
    if (!isObj(value.helm)) r.fail(`"helm" must be a map`, ["helm"]);
    cfg.helm = value.helm;
  }
  if (value.maxFileSize !== undefined) {
    if (typeof value.maxFileSize !== "number" || !Number.isInteger(value.maxFileSize) || value.maxFileSize < 1) r.fail("maxFileSize must be a positive integer (bytes)", ["maxFileSize"]);
    cfg.maxFileSize = value.maxFileSize;
  }
  if (value.failOn !== undefined) {
    if (!FAIL_ON.includes(value.failOn as Level)) r.fail(`failOn must be one of ${FAIL_ON.join(", ")}`, ["failOn"]);
    cfg.failOn = value.failOn as Level | "none";
  }
  if (value.baseline !== undefined) {
    if (typeof value.baseline !== "string") r.fail("baseline must be a file path", ["baseline"]);
    cfg.baseline = value.baseline;
  }
  return cfg;
}

function readKubeVersion(r: Reader, v: unknown, p: Path): string {
  if (typeof v !== "string") {
    r.fail(`kubeVersion must be a string: quote it (kubeVersion: "${typeof v === "number" ? String(v).replace(/^1\.(\d)$/, "1.$10") : "1.35"}"), since YAML reads ${JSON.stringify(v)} as a ${typeof v}`, p);
  }
  const n = parseKubeVersion(v);
  if (!n) r.fail(`kubeVersion "${v}" is not a Kubernetes version (use 1.N, v1.N or 1.N.P)`, p);
  return n;
}

function readRules(r: Reader, v: unknown, p: Path, rules: ReadonlyMap<string, Rule>): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  if (v === undefined || v === null) return out;
  if (!isObj(v)) r.fail(`"rules" must be a map of rule id to level`, p);
  const ids = [...rules.keys()];
  for (const [id, setting] of Object.entries(v)) {
    const rp: Path = [...p, id];
    const rule = rules.get(id);
    if (!rule) r.fail(`unknown rule "${id}"${didYouMean(id, ids)}`, rp);
    let level: unknown = setting;
    let options: unknown;
    if (Array.isArray(setting)) {
      level = setting[0];
      options = setting[1];
      if (setting.length > 2) r.fail(`rule "${id}": use [level, { options }]`, rp);
    } else if (isObj(setting)) {
      level = setting.level;
      options = setting.options;
      r.keys(setting, ["level", "options"], rp, `rule "${id}"`);
    }
    if (level === false) level = "off";
    if (level !== undefined && !LEVELS.includes(level as ConfigLevel)) {
      r.fail(`rule "${id}": level must be one of ${LEVELS.join(", ")}, not ${JSON.stringify(level)}`, rp);
    }
    const entry: RuleSetting = {};
    if (level !== undefined) entry.level = level as ConfigLevel;
    if (options !== undefined) {
      if (!isObj(options)) r.fail(`rule "${id}": options must be a map`, rp);
      const schema = rule.meta.options ?? {};
      for (const [name, val] of Object.entries(options)) {
        const s = schema[name];
        if (!s) r.fail(`rule "${id}" has no option "${name}"${didYouMean(name, Object.keys(schema))}`, rp);
        const err = validateOption(s, val, name);
        if (err) r.fail(`rule "${id}": ${err}`, rp);
      }
      entry.options = options;
    }
    out[id] = entry;
  }
  return out;
}

function readException(r: Reader, e: unknown, p: Path, rules: ReadonlyMap<string, Rule>): ExceptionConfig {
  if (!isObj(e)) r.fail("each exception must be a map with rule, resource and reason", p);
  r.keys(e, ["rule", "resource", "files", "reason", "expires"], p, "an exception");
  if (typeof e.rule !== "string") r.fail("an exception needs `rule`", p);
  if (e.rule !== "*" && !rules.has(e.rule)) r.fail(`unknown rule "${e.rule}"${didYouMean(e.rule, [...rules.keys()])}`, [...p, "rule"]);
  if (typeof e.reason !== "string" || e.reason.trim() === "") r.fail("an exception needs a `reason`", p);
  const res = e.resource;
  if (res !== undefined && !isObj(res)) r.fail("`resource` must be a map of kind, namespace, name", [...p, "resource"]);
  if (res) {
    r.keys(res, ["apiVersion", "kind", "namespace", "name"], [...p, "resource"], "an exception's resource");
    for (const [k, v] of Object.entries(res)) if (typeof v !== "string") r.fail(`resource.${k} must be a string`, [...p, "resource", k]);
  }
  const files = r.strings(e.files, [...p, "files"], "files");
  if (!res && files.length === 0) r.fail("an exception needs `resource` or `files`", p);
  let expires: string | undefined;
  if (e.expires !== undefined) {
    if (typeof e.expires !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(e.expires) || Number.isNaN(Date.parse(e.expires))) {
      r.fail(`expires must be a quoted date "YYYY-MM-DD"`, [...p, "expires"]);
    }
    expires = e.expires;
  }
  const pos = r.positionOf(p);
  return { rule: e.rule, resource: (res ?? {}) as ExceptionConfig["resource"], files, reason: e.reason, ...(expires ? { expires } : {}), line: pos.line, column: pos.column };
}

/** Checks a value against an option schema; returns a message or undefined. */
export function validateOption(s: OptionSchema, v: unknown, name: string): string | undefined {
  const types = s.type === undefined ? undefined : Array.isArray(s.type) ? s.type : [s.type];
  if (types && !types.some((t) => typeMatches(t, v))) return `option "${name}" must be ${types.join(" or ")}`;
  if (s.enum && !s.enum.includes(v)) return `option "${name}" must be one of ${s.enum.map((x) => JSON.stringify(x)).join(", ")}`;
  if (typeof v === "number") {
    if (s.minimum !== undefined && v < s.minimum) return `option "${name}" must be at least ${s.minimum}`;
    if (s.maximum !== undefined && v > s.maximum) return `option "${name}" must be at most ${s.maximum}`;
  }
  if (Array.isArray(v) && s.items) {
    for (let i = 0; i < v.length; i++) {
      const err = validateOption(s.items, v[i], `${name}[${i}]`);
      if (err) return err;
    }
  }
  if (isObj(v) && s.properties) {
    for (const [k, val] of Object.entries(v)) {
      const ps = s.properties[k];
      if (!ps) {
        if (s.additionalProperties === false) return `option "${name}" has no key "${k}"`;
        continue;
      }
      const err = validateOption(ps, val, `${name}.${k}`);
      if (err) return err;
    }
  }
  return undefined;
}

function typeMatches(t: string, v: unknown): boolean {
  switch (t) {
    case "string": return typeof v === "string";
    case "number": return typeof v === "number";
    case "integer": return typeof v === "number" && Number.isInteger(v);
    case "boolean": return typeof v === "boolean";
    case "array": return Array.isArray(v);
    case "object": return isObj(v);
    case "null": return v === null;
    default: return true;
  }
}
