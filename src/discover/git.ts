import { existsSync } from "node:fs";
import path from "node:path";

/** The nearest directory at or above `dir` that holds `.git`, or undefined. */
export function gitTopLevel(dir: string): string | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    if (existsSync(path.join(cur, ".git"))) return cur;
    const parent = path.dirname(cur);
    if (parent === cur) return undefined;
    cur = parent;
  }
}

/** Forward-slash path of `abs` relative to `from`. */
export function relPosix(from: string, abs: string): string {
  const rel = path.relative(from, abs);
  return (rel === "" ? "." : rel).split(path.sep).join("/");
}
