import path from "node:path";

/** Whether `child` is `parent` or lies below it (both absolute; no file system access). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}
