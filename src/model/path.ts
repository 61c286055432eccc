/** A path into a resource's plain value: object keys and array indexes. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** The dotted form used only in output: `spec.containers[0]["a/b"]`. */
export function formatPath(path: Path): string {
  // Joined rather than appended: one flat string instead of a chain of pieces, which costs several
  // times its size for as long as it is kept (findings keep it).
  const parts: string[] = [];
  for (const seg of path) {
    if (typeof seg === "number") parts.push(`[${seg}]`);
    else if (IDENT.test(seg)) parts.push(parts.length === 0 ? seg : `.${seg}`);
    else parts.push(`[${JSON.stringify(seg)}]`);
  }
  return parts.join("");
}
