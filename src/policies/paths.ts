import type { Path, PathSegment } from "../model/path.js";

/**
 * Parses the dotted path form used in output (`spec.containers[0].image`,
 * `metadata.annotations["a/b"]`) back into segments; undefined when malformed.
 */
export function parseDottedPath(s: string): Path | undefined {
  const out: PathSegment[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "[") {
      const close = s.indexOf("]", i);
      if (close < 0) return undefined;
      const inner = s.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else {
        // a JSON string key may contain "]": find the closing quote first
        const m = /^\["((?:[^"\\]|\\.)*)"\]/.exec(s.slice(i));
        if (!m) return undefined;
        out.push(JSON.parse(`"${m[1]}"`) as string);
        i += m[0].length;
        if (s[i] === ".") i++;
        continue;
      }
      i = close + 1;
      if (s[i] === ".") i++;
      continue;
    }
    const m = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(s.slice(i));
    if (!m) return undefined;
    out.push(m[0]);
    i += m[0].length;
    if (s[i] === ".") {
      i++;
      if (i === s.length) return undefined;
    } else if (i < s.length && s[i] !== "[") return undefined;
  }
  return out;
}
