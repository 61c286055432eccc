import { readFile } from "node:fs/promises";
import type { Notification } from "../engine/types.js";
import { parseYaml, type ParseProblem, type ParseResult } from "./parse.js";

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
export function loadBytes(file: string, abs: string | undefined, bytes: Uint8Array, skip?: (text: string) => boolean): ReadOutcome {
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
  return { loaded: { file, abs, parsed: parseYaml(text) } };
}

export async function loadFile(file: string, abs: string, skip?: (text: string) => boolean): Promise<ReadOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(abs);
  } catch (e) {
    return { notification: { level: "warning", file, line: null, id: "file-unreadable", message: `skipped: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})` } };
  }
  return loadBytes(file, abs, bytes, skip);
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
