/**
 * The persistent parse cache (`.shipshape/cache`, used by `--context`): what parsing a file gave —
 * each document's plain value, its `# Source:` comment and the file's syntax problems — keyed by a
 * hash of the file's bytes. A hit skips parsing; positions are not stored: a cached document parses
 * its file again the first time a position is asked for (only files with a finding or a related
 * location ever are), so a hit and a miss give the same findings at the same places.
 *
 * One JSON file holds the cache (`parse-v1.json`; values JSON cannot hold exactly go to a v8-serialized
 * side file); it is read once, rewritten atomically when the run parsed something new, and pruned
 * to the files of the last run. A cache
 * that cannot be read is ignored; one that cannot be written is a note, never a failed run.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { ensureCacheDir, writeAtomically } from "../util/cache-dir.js";
import { toolVersion } from "../version.js";
import { SourceText, type ParseProblem, type ParseResult } from "./parse.js";

/** Bump when what parsing returns changes shape or meaning, so older caches are dropped. */
const FORMAT = 1;
export const PARSE_CACHE_FILE = "parse-v1.json";
const SPECIAL_FILE = "parse-v1-special.bin";

interface Entry {
  documents: { value: unknown; helmSource: string | undefined }[];
  problems: ParseProblem[];
}

interface Stored {
  key: string | undefined;
  entries: Map<string, Entry>;
}

interface StoredJson {
  key: string;
  /** The stamp of the side file holding the entries JSON cannot hold exactly. */
  special?: string;
  entries: Record<string, Entry>;
}

export interface ParseCacheStats {
  hits: number;
  misses: number;
}

export class ParseCache {
  private readonly entries: Map<string, Entry>;
  private readonly used = new Map<string, Entry>();
  private changed = false;
  readonly stats: ParseCacheStats = { hits: 0, misses: 0 };

  private constructor(readonly dir: string, private readonly key: string, entries: Map<string, Entry>) {
    this.entries = entries;
  }

  /** Opens the cache in `dir` (which may not exist yet); an unreadable or foreign cache starts empty. */
  static open(dir: string): ParseCache {
    const key = `shipshape ${toolVersion()} parse ${FORMAT}`;
    const entries = new Map<string, Entry>();
    try {
      // JSON for what JSON holds exactly (JSON.parse is about twice as fast as v8.deserialize);
      // the rare values it cannot hold (.nan, -0, !!binary, !!set…) in a v8-serialized side file.
      const stored = JSON.parse(readFileSync(path.join(dir, PARSE_CACHE_FILE), "utf8")) as Partial<StoredJson>;
      if (stored.key !== key || typeof stored.entries !== "object" || stored.entries === null) return new ParseCache(dir, key, entries);
      for (const [hash, entry] of Object.entries(stored.entries)) entries.set(hash, entry);
      if (stored.special) {
        const special = v8.deserialize(readFileSync(path.join(dir, SPECIAL_FILE))) as Partial<Stored>;
        if (special.key !== stored.special || !(special.entries instanceof Map)) return new ParseCache(dir, key, new Map());
        for (const [hash, entry] of special.entries) entries.set(hash, entry);
      }
    } catch {
      // missing, truncated or written by another version: start empty
      return new ParseCache(dir, key, new Map());
    }
    return new ParseCache(dir, key, entries);
  }

  /** The hash a file's bytes are cached under. */
  static hash(bytes: Uint8Array): string {
    return createHash("sha1").update(bytes).digest("base64");
  }

  /**
   * The cached parse of a text with this hash, or undefined. `reparse` gives the full parse
   * (positions, ASTs) on first use of a position.
   */
  lookup(hash: string, text: string, reparse: () => ParseResult): ParseResult | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    this.stats.hits++;
    this.used.set(hash, entry);
    return lazyParse(entry, text, reparse);
  }

  /** Records a fresh parse. */
  store(hash: string, parsed: ParseResult): void {
    this.stats.misses++;
    if (this.used.has(hash)) return;
    this.used.set(hash, { documents: parsed.documents.map((d) => ({ value: d.value, helmSource: d.helmSource })), problems: parsed.problems });
    this.changed = true;
  }

  /**
   * Writes the entries this run used (so deleted and edited files drop out) when anything changed.
   * Returns an error message when the cache could not be written.
   */
  save(): string | undefined {
    if (!this.changed && this.used.size === this.entries.size) return undefined;
    try {
      ensureCacheDir(this.dir);
      const plain: Record<string, Entry> = {};
      const special = new Map<string, Entry>();
      for (const [hash, entry] of this.used) {
        if (jsonExact(entry)) plain[hash] = entry;
        else special.set(hash, entry);
      }
      // The JSON file names the side file's stamp, so a pair from two different runs is not mixed.
      const stamp = special.size > 0 ? `${this.key} ${createHash("sha1").update(Object.keys(plain).join()).digest("base64")}` : undefined;
      if (special.size > 0) writeAtomically(path.join(this.dir, SPECIAL_FILE), v8.serialize({ key: stamp, entries: special } satisfies Stored));
      writeAtomically(path.join(this.dir, PARSE_CACHE_FILE), JSON.stringify({ key: this.key, ...(stamp ? { special: stamp } : {}), entries: plain } satisfies StoredJson));
      return undefined;
    } catch (e) {
      return `the parse cache in ${this.dir} could not be written (${(e as NodeJS.ErrnoException).code ?? String(e)}); the next run parses every file again`;
    }
  }
}

/** Whether JSON gives the value back exactly: plain objects and arrays of strings, finite numbers, booleans and null. */
function jsonExact(value: unknown): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "undefined":
      return false;
    case "object": {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !jsonExact(value[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k of Object.keys(value)) {
        if (k === "__proto__") return false;
        const v = (value as Record<string, unknown>)[k];
        // An undefined document value (a broken document) or helmSource is left out by JSON and reads back as undefined.
        if (v === undefined && (k === "value" || k === "helmSource")) continue;
        if (!jsonExact(v)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * A parse result whose values come from the cache; its source text, positions and ASTs come from
 * parsing the text again, once, on first use.
 */
function lazyParse(entry: Entry, text: string, reparse: () => ParseResult): ParseResult {
  let full: ParseResult | undefined;
  const fullParse = (): ParseResult => (full ??= reparse());
  const documents = entry.documents.map((d, index) => ({
    index,
    value: d.value,
    helmSource: d.helmSource,
    get positions() {
      return docOf(fullParse(), index).positions;
    },
    get ast() {
      return docOf(fullParse(), index).ast;
    },
  }));
  return { source: new SourceText(text), documents, problems: entry.problems };
}

function docOf(parsed: ParseResult, index: number) {
  const doc = parsed.documents[index];
  if (!doc) throw new Error(`parse cache: document ${index} is missing when the file is parsed again`);
  return doc;
}
