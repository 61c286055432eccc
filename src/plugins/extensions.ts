/**
 * The rules a config adds to the built-in ones: plugin rules (`plugins:`, only with
 * allowPlugins) and declarative CEL policies (`policies:`). Read before the config is validated,
 * so that their ids are known to `rules:`, `overrides` and `exceptions`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { relPosix } from "../discover/git.js";
import { ConfigError } from "../engine/config-errors.js";
import type { Notification } from "../engine/types.js";
import { locate } from "../load/locate.js";
import { parseYaml } from "../load/parse.js";
import { isObj } from "../model/values.js";
import type { Rule } from "../rule-api.js";
import { loadPolicies, type PolicyEntry } from "../policies/load.js";
import { loadPlugins, pluginsRefused, type PluginEntry } from "./load.js";

export interface Extensions {
  rules: Rule[];
  notifications: Notification[];
}

export interface ExtensionOptions {
  /** Absolute config file, if any. */
  configFile: string | undefined;
  cwd: string;
  allowPlugins: boolean;
  /** The rules already known (built-in or given): extension ids must not collide with them. */
  known: readonly Rule[];
}

/** Loads plugins and policies named by the config; problems are ConfigErrors (exit 2). */
export async function loadExtensions(o: ExtensionOptions): Promise<Extensions> {
  const none: Extensions = { rules: [], notifications: [] };
  if (!o.configFile) return none;
  let text: string;
  try {
    text = readFileSync(o.configFile, "utf8");
  } catch {
    return none; // loadConfig reports an unreadable config
  }
  const parsed = parseYaml(text, "1.2");
  const doc = parsed.documents[0];
  if (parsed.problems.length > 0 || !doc || !isObj(doc.value)) return none;
  const value = doc.value;
  const display = relPosix(o.cwd, o.configFile);
  const configDir = path.dirname(o.configFile);
  const lineOf = (p: (string | number)[]) => locate(doc.ast, parsed.source, p).line;

  const plugins: PluginEntry[] = [];
  if (value.plugins !== undefined && value.plugins !== null) {
    const list = typeof value.plugins === "string" ? [value.plugins] : value.plugins;
    if (!Array.isArray(list)) throw new ConfigError(`"plugins" must be a list of paths or package names`, display, lineOf(["plugins"]));
    list.forEach((spec, i) => {
      if (typeof spec !== "string" || spec === "") throw new ConfigError(`"plugins" must be a list of paths or package names`, display, lineOf(["plugins", i]));
      plugins.push({ spec, line: lineOf(typeof value.plugins === "string" ? ["plugins"] : ["plugins", i]) });
    });
  }
  const policies: PolicyEntry[] = [];
  if (value.policies !== undefined && value.policies !== null) {
    if (typeof value.policies === "string") policies.push({ value: value.policies, at: ["policies"] });
    else if (Array.isArray(value.policies)) value.policies.forEach((v, i) => policies.push({ value: v, at: ["policies", i] }));
    else throw new ConfigError(`"policies" must be a list of policy file globs or inline policies`, display, lineOf(["policies"]));
  }

  const rules: Rule[] = [];
  const notifications: Notification[] = [];
  if (plugins.length > 0) {
    if (!o.allowPlugins) throw pluginsRefused(display, plugins[0] as PluginEntry);
    for (const p of await loadPlugins(plugins, configDir, display)) rules.push(...p.rules);
  }
  if (policies.length > 0) {
    const loaded = loadPolicies(policies, { display, source: parsed.source, doc }, configDir, o.cwd);
    rules.push(...loaded.rules);
    notifications.push(...loaded.notifications);
  }
  const seen = new Set(o.known.map((r) => r.meta.id));
  for (const r of rules) {
    if (seen.has(r.meta.id)) throw new ConfigError(`rule id "${r.meta.id}" from a plugin or policy is already taken; give it another id`, display);
    seen.add(r.meta.id);
  }
  return { rules, notifications };
}
