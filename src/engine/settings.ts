import { minimatch } from "minimatch";
import { relPosix } from "../discover/git.js";
import { normalizeGlob } from "../discover/globs.js";
import { DEFAULT_KUBE_VERSION } from "../model/kube-version.js";
import type { Level, PresetName, Rule } from "../rule-api.js";
import type { RuleSetting, ShipshapeConfig } from "./config.js";
import { UsageError, didYouMean } from "./config-errors.js";
import { PRESET_NAMES } from "../rule-api.js";

export interface ActiveRule {
  level: Level;
  options: Readonly<Record<string, unknown>>;
}

/** What applies to one file: the enabled rules with their levels and options, and the target version. */
export interface FileSettings {
  rules: ReadonlyMap<string, ActiveRule>;
  kubeVersion: string;
}

export interface SettingsInput {
  config: ShipshapeConfig;
  rules: readonly Rule[];
  /** `--only` and `--disable`: rule ids, tags or preset names. */
  only?: readonly string[];
  disable?: readonly string[];
  /** `--kube-version`, normalised; wins over the config. */
  kubeVersion?: string;
}

/** The rules a preset enables, with the level each gets there. */
export function presetRules(preset: PresetName, rules: readonly Rule[]): Map<string, Level> {
  const out = new Map<string, Level>();
  for (const r of rules) {
    const m = r.meta;
    const inPreset =
      preset === "strict" ||
      m.presets.includes(preset) ||
      (preset === "pss-baseline" && m.tags.includes("pss-baseline")) ||
      (preset === "pss-restricted" && m.tags.includes("pss-restricted"));
    if (!inPreset) continue;
    const fallback = preset === "pss-baseline" || preset === "pss-restricted" ? "error" : m.level;
    out.set(m.id, m.presetLevels?.[preset] ?? fallback);
  }
  return out;
}

/** Expands ids, tags and preset names to rule ids; an unknown name is a usage error. */
export function expandSelectors(names: readonly string[], rules: readonly Rule[], flag: string): Set<string> {
  const out = new Set<string>();
  const ids = rules.map((r) => r.meta.id);
  const tags = [...new Set(rules.flatMap((r) => r.meta.tags))];
  for (const raw of names) {
    const name = raw.trim();
    if (name === "") continue;
    if (ids.includes(name)) {
      out.add(name);
    } else if ((PRESET_NAMES as readonly string[]).includes(name)) {
      for (const id of presetRules(name as PresetName, rules).keys()) out.add(id);
    } else if (tags.includes(name)) {
      for (const r of rules) if (r.meta.tags.includes(name)) out.add(r.meta.id);
    } else {
      throw new UsageError(`${flag}: unknown rule, tag or preset "${name}"${didYouMean(name, [...ids, ...tags, ...PRESET_NAMES])}`);
    }
  }
  return out;
}

function defaults(rule: Rule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(rule.meta.options ?? {})) if (s.default !== undefined) out[k] = s.default;
  return out;
}

/**
 * Resolves levels and options per file. Precedence: CLI > overrides (last match wins) > rules >
 * extends (a later preset wins) > the rule's default.
 */
export class Settings {
  private readonly base = new Map<string, ActiveRule | "off">();
  private readonly cache = new Map<string, FileSettings>();
  private readonly only: Set<string> | undefined;
  private readonly disabled: Set<string>;
  private readonly byId: Map<string, Rule>;
  readonly baseKubeVersion: string;

  constructor(private readonly input: SettingsInput) {
    const { config, rules } = input;
    this.byId = new Map(rules.map((r) => [r.meta.id, r]));
    this.only = input.only && input.only.length > 0 ? expandSelectors(input.only, rules, "--only") : undefined;
    this.disabled = expandSelectors(input.disable ?? [], rules, "--disable");
    const levels = new Map<string, Level>();
    for (const p of config.extends) for (const [id, level] of presetRules(p, rules)) levels.set(id, level);
    for (const r of rules) {
      const id = r.meta.id;
      const setting = config.rules[id];
      let level: Level | "off" = levels.get(id) ?? "off";
      if (setting?.level) level = setting.level;
      if (this.only) level = this.only.has(id) ? (level === "off" ? (setting?.level && setting.level !== "off" ? setting.level : r.meta.level) : level) : "off";
      if (this.disabled.has(id)) level = "off";
      this.base.set(id, level === "off" ? "off" : { level, options: { ...defaults(r), ...setting?.options } });
    }
    this.baseKubeVersion = input.kubeVersion ?? config.kubeVersion ?? DEFAULT_KUBE_VERSION;
  }

  /** Ids of rules that may run somewhere (enabled at the top or by an override). */
  candidateRules(): Rule[] {
    const ids = new Set<string>();
    for (const [id, a] of this.base) if (a !== "off") ids.add(id);
    for (const o of this.input.config.overrides) {
      for (const [id, s] of Object.entries(o.rules)) {
        if (s.level && s.level !== "off" && (!this.only || this.only.has(id)) && !this.disabled.has(id)) ids.add(id);
      }
    }
    return [...ids].sort().map((id) => this.byId.get(id) as Rule);
  }

  /** Settings for a file given by absolute path (undefined for stdin: the top-level settings). */
  forFile(abs: string | undefined): FileSettings {
    const { config } = this.input;
    const rel = abs ? relPosix(config.dir, abs) : undefined;
    const matching: number[] = [];
    if (rel !== undefined) {
      config.overrides.forEach((o, i) => {
        const hit = o.files.some((g) => minimatch(rel, normalizeGlob(g), { dot: true }));
        const miss = o.excludedFiles.some((g) => minimatch(rel, normalizeGlob(g), { dot: true }));
        if (hit && !miss) matching.push(i);
      });
    }
    const key = matching.join(",");
    const cached = this.cache.get(key);
    if (cached) return cached;
    const rules = new Map<string, ActiveRule>();
    let kubeVersion = this.baseKubeVersion;
    const perRule = new Map<string, RuleSetting[]>();
    for (const i of matching) {
      const o = config.overrides[i];
      if (!o) continue;
      if (o.kubeVersion && !this.input.kubeVersion) kubeVersion = o.kubeVersion;
      for (const [id, s] of Object.entries(o.rules)) {
        const list = perRule.get(id) ?? [];
        list.push(s);
        perRule.set(id, list);
      }
    }
    for (const [id, base] of this.base) {
      const rule = this.byId.get(id) as Rule;
      let active: ActiveRule | "off" = base;
      for (const s of perRule.get(id) ?? []) {
        if (s.level === "off") active = "off";
        else {
          if (this.disabled.has(id) || (this.only && !this.only.has(id))) continue;
          const prev: ActiveRule = active === "off" ? { level: s.level ?? rule.meta.level, options: { ...defaults(rule), ...config.rules[id]?.options } } : active;
          active = { level: s.level ?? prev.level, options: { ...prev.options, ...s.options } };
        }
      }
      if (active !== "off") rules.set(id, active);
    }
    const fs: FileSettings = { rules, kubeVersion };
    this.cache.set(key, fs);
    return fs;
  }
}
