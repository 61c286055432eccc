/**
 * Rule plugins: JavaScript (or, where Node can load it, TypeScript) modules exporting
 * `{ name, rules: [defineRule(...)] }`. Loading one runs its code, so it happens only when the
 * run allows it (`--allow-plugins`, the Action's `allow-plugins: true`); a pull request that
 * edits the config must not be able to run code on the CI runner.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../engine/config-errors.js";
import { CATEGORIES, type Rule } from "../rule-api.js";

export const PLUGIN_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const RULE_ID = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const APPLIES_TO = ["podSpecs", "repo", "resources"];

export interface PluginEntry {
  /** As written in `plugins:`: a path relative to the config file, or a package name. */
  spec: string;
  line: number;
}

export interface LoadedPlugin {
  name: string;
  /** Absolute file the plugin was loaded from. */
  file: string;
  rules: Rule[];
}

/** The error for a config that lists plugins in a run that does not allow them. */
export function pluginsRefused(configDisplay: string, first: PluginEntry): ConfigError {
  return new ConfigError(
    `the config lists plugins ("${first.spec}"), and loading a plugin runs its code; pass --allow-plugins (Action input allow-plugins: true) to allow it`,
    configDisplay,
    first.line,
  );
}

/** Where a plugin spec points: a path (starts with `.` or `/`) relative to the config directory, else a package resolved from there. */
export function resolvePlugin(spec: string, configDir: string): string | undefined {
  if (spec.startsWith(".") || path.isAbsolute(spec)) {
    const abs = path.resolve(configDir, spec);
    return existsSync(abs) ? abs : undefined;
  }
  const req = createRequire(path.join(configDir, "__shipshape_config__.js"));
  try {
    return req.resolve(spec);
  } catch {
    // an ESM-only package has no `require` export: find its package.json in node_modules upward
    for (let dir = configDir; ; dir = path.dirname(dir)) {
      const pkgJson = path.join(dir, "node_modules", spec, "package.json");
      if (existsSync(pkgJson)) {
        try {
          const pkg = JSON.parse(readFileSync(pkgJson, "utf8")) as { exports?: unknown; module?: string; main?: string };
          const entry = path.resolve(path.dirname(pkgJson), exportEntry(pkg.exports) ?? pkg.module ?? pkg.main ?? "index.js");
          return existsSync(entry) ? entry : undefined;
        } catch {
          return undefined;
        }
      }
      if (path.dirname(dir) === dir) return undefined;
    }
  }
}

function exportEntry(exp: unknown): string | undefined {
  if (typeof exp === "string") return exp;
  if (!exp || typeof exp !== "object") return undefined;
  const e = exp as Record<string, unknown>;
  const root = "." in e ? e["."] : e;
  if (typeof root === "string") return root;
  if (root && typeof root === "object") {
    const r = root as Record<string, unknown>;
    for (const k of ["import", "node", "default"]) {
      const v = r[k];
      if (typeof v === "string") return v;
      const nested = exportEntry(v);
      if (nested) return nested;
    }
  }
  return undefined;
}

/** Loads plugins in the order listed; every problem is a ConfigError at the entry's line. */
export async function loadPlugins(entries: readonly PluginEntry[], configDir: string, configDisplay: string): Promise<LoadedPlugin[]> {
  const out: LoadedPlugin[] = [];
  const names = new Set<string>();
  for (const e of entries) {
    const fail = (msg: string) => new ConfigError(`plugin "${e.spec}": ${msg}`, configDisplay, e.line);
    const file = resolvePlugin(e.spec, configDir);
    if (!file) throw fail("not found (a path is relative to the config file; a package name is resolved from node_modules)");
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "ERR_UNKNOWN_FILE_EXTENSION" && /\.[cm]?ts$/.test(file)) {
        throw fail(`Node ${process.versions.node} cannot load TypeScript directly; compile the plugin to JavaScript (.js or .mjs) first`);
      }
      throw fail(`failed to load: ${(err as Error).message}`);
    }
    const plugin = (mod.default && typeof mod.default === "object" ? mod.default : mod) as { name?: unknown; rules?: unknown };
    if (typeof plugin.name !== "string" || !PLUGIN_NAME.test(plugin.name)) throw fail("must export a kebab-case `name` (the rule id namespace)");
    if (names.has(plugin.name)) throw fail(`a plugin named "${plugin.name}" is already loaded`);
    names.add(plugin.name);
    if (!Array.isArray(plugin.rules)) throw fail("must export `rules`, a list of defineRule(...) results");
    const rules = plugin.rules.map((r, i) => namespaced(plugin.name as string, r, i, fail));
    out.push({ name: plugin.name, file, rules });
  }
  return out;
}

/** Validates a plugin rule and gives it the id `plugin/rule-id`. */
function namespaced(name: string, r: unknown, i: number, fail: (m: string) => ConfigError): Rule {
  if (!r || typeof r !== "object") throw fail(`rules[${i}] is not a rule (use defineRule)`);
  const rule = r as Rule;
  const meta = rule.meta as Partial<Rule["meta"]> | undefined;
  if (!meta || typeof meta.id !== "string") throw fail(`rules[${i}] has no meta.id`);
  const local = meta.id.startsWith(`${name}/`) ? meta.id.slice(name.length + 1) : meta.id;
  if (!RULE_ID.test(local)) throw fail(`rule id "${meta.id}" must be kebab-case`);
  const id = `${name}/${local}`;
  const where = `rule "${id}"`;
  if (typeof meta.title !== "string" || typeof meta.description !== "string" || typeof meta.remediation !== "string") throw fail(`${where} needs title, description and remediation`);
  if (!["error", "warning", "note"].includes(meta.level as string)) throw fail(`${where}: level must be error, warning or note`);
  if (!(CATEGORIES as readonly string[]).includes(meta.category as string)) throw fail(`${where}: category must be one of ${CATEGORIES.join(", ")}`);
  if (!meta.messages || typeof meta.messages !== "object") throw fail(`${where} needs meta.messages`);
  if (!Array.isArray(meta.tags) || !Array.isArray(meta.presets)) throw fail(`${where} needs meta.tags and meta.presets (lists)`);
  const applies = (rule as { appliesTo?: unknown }).appliesTo;
  const okApplies = APPLIES_TO.includes(applies as string) || (!!applies && typeof applies === "object" && Array.isArray((applies as { kinds?: unknown }).kinds));
  if (!okApplies) throw fail(`${where}: appliesTo must be "podSpecs", "resources", "repo" or { kinds: [...] }`);
  if (typeof (rule as { check?: unknown }).check !== "function") throw fail(`${where} needs a check function`);
  return { ...rule, meta: { ...rule.meta, id } } as Rule;
}
