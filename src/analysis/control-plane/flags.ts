/**
 * Command-line flags of control-plane components, read from wherever a repo keeps them:
 * a container's `command` and `args` (`--flag=value` and `--flag value`), a shell script
 * passed with `sh -c`, or a kubeadm `extraArgs` map or list. Every flag keeps the path of
 * the list entry (or map key) that set it, so a wrong flag is reported at that entry.
 */
import { arr, isObj, str, type Path } from "../../model/index.js";

export interface FlagValue {
  /** Without the leading dashes: `anonymous-auth`. */
  readonly name: string;
  /** The value as the component reads it; a bare boolean flag reads as "true". */
  readonly value: string;
  /** The entry that sets it; for a default the component applies, the anchor. */
  readonly path: Path;
  /** False for defaults a tool (kubeadm) writes into the manifest it generates. */
  readonly explicit: boolean;
}

/** Flags in the order they appear; the last occurrence wins, as with pflag. */
export class FlagSet {
  private readonly byName = new Map<string, FlagValue[]>();

  constructor(values: readonly FlagValue[] = []) {
    for (const v of values) this.add(v);
  }

  add(v: FlagValue): void {
    const list = this.byName.get(v.name);
    if (list) list.push(v);
    else this.byName.set(v.name, [v]);
  }

  /** The effective occurrence of a flag (the last), or undefined when it is not set. */
  get(name: string): FlagValue | undefined {
    const list = this.byName.get(name);
    return list?.[list.length - 1];
  }

  /** Every occurrence of a flag, in order. */
  all(name: string): readonly FlagValue[] {
    return this.byName.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}

const FLAG = /^--?([A-Za-z0-9][A-Za-z0-9-_.]*)(?:=([\s\S]*))?$/;

/** A scalar as a flag value: YAML may give `false` or `10` where the component reads a string. */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/**
 * Reads flags from argv entries starting at `from`. `--a=b` and `--a b` both set `a`; a flag
 * followed by another flag (or by nothing) is a boolean set to true.
 */
export function flagsFromArgv(entries: readonly { text: string; path: Path }[], from = 0): FlagValue[] {
  const out: FlagValue[] = [];
  for (let i = from; i < entries.length; i++) {
    const e = entries[i] as { text: string; path: Path };
    const m = FLAG.exec(e.text.trim());
    if (!m || !e.text.trim().startsWith("-")) continue;
    const name = (m[1] as string).replace(/_/g, "-");
    if (m[2] !== undefined) {
      out.push({ name, value: m[2], path: e.path, explicit: true });
      continue;
    }
    const next = entries[i + 1];
    if (next && !next.text.trim().startsWith("-")) {
      out.push({ name, value: next.text.trim(), path: e.path, explicit: true });
      i++;
    } else {
      out.push({ name, value: "true", path: e.path, explicit: true });
    }
  }
  return out;
}

/** Splits a shell command line into words (quotes and backslash-newlines; no expansion). */
export function shellWords(script: string): string[] {
  const words: string[] = [];
  let cur = "";
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i] as string;
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && script[i + 1] === "\n") {
      i++;
    } else if (/\s/.test(ch) || ch === ";" || ch === "&" || ch === "|") {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** Flags of a kubeadm `extraArgs`: the map form (v1beta3 and older) or the list of `{name, value}` (v1beta4). */
export function flagsFromExtraArgs(extraArgs: unknown, path: Path): FlagValue[] {
  const out: FlagValue[] = [];
  if (isObj(extraArgs)) {
    for (const [k, v] of Object.entries(extraArgs)) {
      const value = scalarText(v);
      if (value !== undefined) out.push({ name: k.replace(/^--?/, ""), value, path: [...path, k], explicit: true });
    }
  } else {
    arr(extraArgs).forEach((item, i) => {
      if (!isObj(item)) return;
      const name = str(item.name);
      const value = scalarText(item.value) ?? "";
      if (name) out.push({ name: name.replace(/^--?/, ""), value, path: [...path, i], explicit: true });
    });
  }
  return out;
}

/** A comma-separated flag value as trimmed, non-empty items. */
export function listValue(v: FlagValue | undefined): string[] {
  if (!v) return [];
  return v.value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** Every item of a repeatable list flag (`--enable-admission-plugins` may be given more than once). */
export function listValues(values: readonly FlagValue[]): string[] {
  return values.flatMap((v) => listValue(v));
}

/** True when a boolean flag value reads as false (pflag accepts these spellings). */
export function isFalse(value: string | undefined): boolean {
  return value !== undefined && ["false", "f", "0", "FALSE", "False", "F"].includes(value.trim());
}

export function isTrue(value: string | undefined): boolean {
  return value !== undefined && ["true", "t", "1", "TRUE", "True", "T"].includes(value.trim());
}

/** A loopback address as a bind address (`127.0.0.1`, `::1`, `localhost`). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.trim().replace(/^\[|\]$/g, "");
  return a === "localhost" || a === "::1" || /^127\.\d+\.\d+\.\d+$/.test(a);
}
