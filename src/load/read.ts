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

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    let n = 0;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) n = 2;
    else if (c >= 0xf0 && c <= 0xf4) n = 3;
    else return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return 0;
}
