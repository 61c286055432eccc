/**
 * What the persistent caches under `.shipshape/cache` share: the directory (owner-only, with a
 * `.gitignore` that keeps it out of commits) and atomic writes (a temp file renamed into place, so
 * a reader never sees half an entry and two runs never interleave one).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Creates the cache directory (mode 0700) and its `.gitignore`; an existing `.gitignore` is left as it is. */
export function ensureCacheDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path.join(dir, ".gitignore"), "*\n", { flag: "wx", mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

/** The marker in the names of temp files: one left behind by a run that died can be recognised and removed. */
export const TEMP_MARK = ".tmp-";

/** Writes a file (mode 0600) through a temp file renamed into place; throws what the file system says. */
export function writeAtomically(file: string, data: string | Uint8Array): void {
  const tmp = `${file}${TEMP_MARK}${process.pid}-${randomBytes(6).toString("hex")}`;
  try {
    writeFileSync(tmp, data, { flag: "wx", mode: 0o600 });
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    throw e;
  }
}
