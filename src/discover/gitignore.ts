import { readFileSync } from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";

/** Applies every `.gitignore` from the top directory down to a file's directory, as git does. */
export class GitIgnore {
  private readonly cache = new Map<string, Ignore | null>();

  constructor(private readonly top: string) {}

  private forDir(dir: string): Ignore | null {
    let ig = this.cache.get(dir);
    if (ig !== undefined) return ig;
    ig = null;
    try {
      const text = readFileSync(path.join(dir, ".gitignore"), "utf8");
      ig = ignore().add(text);
    } catch {
      ig = null;
    }
    this.cache.set(dir, ig);
    return ig;
  }

  /** True when git would ignore the file (or a directory above it). */
  ignores(abs: string): boolean {
    const rel = path.relative(this.top, abs);
    if (rel.startsWith("..") || path.isAbsolute(rel)) return false;
    const parts = rel.split(path.sep);
    let dir = this.top;
    for (let i = 0; i < parts.length; i++) {
      const ig = this.forDir(dir);
      if (ig) {
        // Test every ancestor below this .gitignore's directory: an ignored directory hides its files.
        for (let j = i; j < parts.length; j++) {
          const sub = parts.slice(i, j + 1).join("/");
          const isDir = j < parts.length - 1;
          if (ig.ignores(isDir ? `${sub}/` : sub)) return true;
        }
      }
      dir = path.join(dir, parts[i] as string);
    }
    return false;
  }
}
