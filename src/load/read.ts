// `fs.readSync` through the module object, so tests can simulate a writer at the read call
import fs from "node:fs";
import type { Notification } from "../engine/types.js";
import { ParseCache } from "./cache.js";
import { parseYaml, parseYamlFast, type ParseProblem, type ParseResult } from "./parse.js";

export interface LoadedFile {
  /** Display path (relative to cwd, forward slashes) or the stdin name. */
  file: string;
  /** Absolute path; undefined for stdin. */
  abs: string | undefined;
  parsed: ParseResult;
}

/** What reading one file gave: a parsed file, or why not (a notification or a syntax problem). */
export interface ReadOutcome {
  loaded?: LoadedFile;
  notification?: Notification;
  problem?: ParseProblem;
  /** `template`: a Helm template source that needs rendering. */
  skipped?: "template";
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Decodes and parses bytes; binary content is skipped, invalid UTF-8 is a syntax finding. */
export function loadBytes(file: string, abs: string | undefined, bytes: Uint8Array, skip?: (text: string) => boolean, cache?: ParseCache): ReadOutcome {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    return { notification: { level: "note", file, line: null, id: "binary-file", message: "skipped: binary file (it holds NUL bytes)" } };
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    const problem: ParseProblem = {
      ruleId: "yaml-syntax",
      message: `invalid UTF-8 at byte ${offset}: YAML files must be UTF-8 encoded; the file was not linted`,
      range: { line, column: 1, endLine: line, endColumn: 1 },
      docIndex: 0,
    };
    return { problem };
  }
  if (skip?.(text)) return { skipped: "template" };
  const parse = (): ParseResult | Notification => {
    const parsed = parseBounded(file, text);
    return "level" in parsed ? parsed : oneStackOverflow(parsed);
  };
  if (cache) {
    const hash = ParseCache.hash(bytes);
    const hit = cache.lookup(hash, text, () => {
      const again = parse();
      if ("level" in again) throw new Error(`${file} parsed from the cache no longer parses: ${again.message}`);
      return again;
    });
    if (hit) return { loaded: { file, abs, parsed: hit } };
    const parsed = parse();
    if ("level" in parsed) return { notification: parsed };
    cache.store(hash, parsed);
    return { loaded: { file, abs, parsed } };
  }
  const parsed = parse();
  return "level" in parsed ? { notification: parsed } : { loaded: { file, abs, parsed } };
}

const STACK_OVERFLOW = /maximum call stack size exceeded/i;

/**
 * Deep nesting (thousands of levels) exhausts the parser's stack, which may surface as one error
 * or as dozens, depending on where the stack ran out: the file gets one finding that says why.
 */
function oneStackOverflow(parsed: ParseResult): ParseResult {
  const first = parsed.problems.find((p) => STACK_OVERFLOW.test(p.message));
  if (!first) return parsed;
  const problems = parsed.problems.filter((p) => !STACK_OVERFLOW.test(p.message));
  problems.push({ ...first, message: "invalid YAML: nested too deeply to parse (the parser ran out of stack); the document was not linted" });
  return { ...parsed, problems };
}

/**
 * Parsing cost grows with the number of YAML nodes as much as with bytes: a 5 MB line of `[1,1,…]`
 * holds 2.6 million nodes. Past these bounds a file is refused with a notification rather than
 * risk minutes of work or running out of memory: the fast parser needs about 120 bytes per node;
 * the `yaml` package (which takes files outside the fast parser's subset) about 1 KB and 8 µs per
 * node and 40 bytes per byte of input.
 */
export const MAX_NODES = 8_000_000;
export const MAX_FULL_PARSE_NODES = 1_000_000;
export const MAX_FULL_PARSE_CHARS = 10 * 1024 * 1024;

function parseBounded(file: string, text: string): ParseResult | Notification {
  // A text cannot hold more nodes than characters: small files skip the count.
  const nodes = text.length > MAX_FULL_PARSE_NODES ? estimateNodes(text) : 0;
  if (nodes <= MAX_FULL_PARSE_NODES && text.length <= MAX_FULL_PARSE_CHARS) return parseYaml(text);
  const refuse = (message: string): Notification => ({ level: "warning", file, line: null, id: "file-too-complex", message: `skipped: ${message}; split the file` });
  if (nodes > MAX_NODES) return refuse(`about ${nodes} YAML nodes, over the ${MAX_NODES} that can be parsed in bounded time and memory`);
  return parseYamlFast(text) ?? refuse(
    `the file uses YAML outside the fast parser's subset (anchors, aliases, tags or rarer syntax), and with ${text.length} characters and about ${nodes} nodes ` +
    `it is over what the full parser handles in bounded time and memory (${MAX_FULL_PARSE_CHARS} characters, ${MAX_FULL_PARSE_NODES} nodes)`,
  );
}

/** An upper estimate of the nodes in a YAML or JSON text: its lines, flow separators and openers. */
function estimateNodes(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x2c || c === 0x5b || c === 0x7b) n++;
  }
  return n;
}

export function loadFile(file: string, abs: string, skip?: (text: string) => boolean, maxBytes = Number.POSITIVE_INFINITY, cache?: ParseCache): ReadOutcome {
  let bytes: Uint8Array | Notification;
  try {
    bytes = readSnapshot(file, abs, maxBytes);
  } catch (e) {
    return { notification: { level: "warning", file, line: null, id: "file-unreadable", message: `skipped: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})` } };
  }
  return bytes instanceof Uint8Array ? loadBytes(file, abs, bytes, skip, cache) : { notification: bytes };
}

/** Files at least this large, modified within the window, are checked again after the pause. */
const SETTLE_MIN_BYTES = 1024 * 1024;
const SETTLE_WINDOW_MS = 2000;
const SETTLE_PAUSE_MS = 30;

/**
 * Reads a whole file, never more than `maxBytes` (it may have grown since it was discovered). A
 * file whose size changes while it is read (an editor or a generator writing it) is not linted:
 * what was read may be cut anywhere. Synchronous on purpose: parsing is synchronous anyway, and
 * one promise round trip per call costs more than the read itself (2,000 files: 30 ms against 200–300 ms).
 */
function readSnapshot(file: string, abs: string, maxBytes: number): Uint8Array | Notification {
  const fd = fs.openSync(abs, "r");
  try {
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) {
      return { level: "warning", file, line: null, id: "file-too-large", message: `skipped: file is ${size} bytes, over the ${maxBytes}-byte limit (maxFileSize / --max-file-size)` };
    }
    // One byte more than its size shows a file that grew.
    const buf = Buffer.allocUnsafe(size + 1);
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r) r = fs.readSync(fd, buf, n, buf.length - n, n);
    const stat = fs.fstatSync(fd);
    let after = stat.size;
    // A large file written moments ago may be mid-write with its writer paused between two writes:
    // it is looked at once more after a short pause (a writer that is still going shows by then).
    if (n === size && after === size && size >= SETTLE_MIN_BYTES && Date.now() - stat.mtimeMs < SETTLE_WINDOW_MS) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETTLE_PAUSE_MS);
      const again = fs.fstatSync(fd);
      if (again.mtimeMs !== stat.mtimeMs) after = Math.max(again.size, size + 1);
    }
    if (n !== size || after !== size) {
      return { level: "warning", file, line: null, id: "file-changed",
        message: `skipped: file changed while it was read (${size} bytes when opened, ${Math.max(n, after)} after); lint it again once it is written` };
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Offset of the first byte that breaks UTF-8 (overlongs, surrogates and values past U+10FFFF included). */
function firstInvalidUtf8(b: Uint8Array): number {
  const cont = (x: number | undefined, lo = 0x80, hi = 0xbf) => x !== undefined && x >= lo && x <= hi;
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) { i += 1; continue; }
    if (c >= 0xc2 && c <= 0xdf) {
      if (!cont(b[i + 1])) return i;
      i += 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      const lo = c === 0xe0 ? 0xa0 : 0x80;
      const hi = c === 0xed ? 0x9f : 0xbf;
      if (!cont(b[i + 1], lo, hi) || !cont(b[i + 2])) return i;
      i += 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      const lo = c === 0xf0 ? 0x90 : 0x80;
      const hi = c === 0xf4 ? 0x8f : 0xbf;
      if (!cont(b[i + 1], lo, hi) || !cont(b[i + 2]) || !cont(b[i + 3])) return i;
      i += 4;
    } else {
      return i;
    }
  }
  return 0;
}
