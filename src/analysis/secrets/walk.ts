/** Visits every string of a plain value with its path and the name it is stored under. */
import { isObj, str, type Path, type PathSegment } from "../../model/index.js";

export interface StringVisit {
  readonly value: string;
  /** The live path of the value: valid during the callback only; copy it (`[...path]`) to keep it. */
  readonly path: Path;
  /**
   * The name the value is stored under: its map key, or for `{name: X, value: Y}` items (env-like
   * lists in CRDs, Argo CD Helm parameters) the sibling `name`.
   */
  readonly name: string | undefined;
}

/**
 * Walks a value depth-first; `skip` prunes a subtree by its (live) path. Never follows more than
 * `maxDepth` levels. One path stack is reused, since 50,000-document repos hold millions of strings.
 */
export function walkStrings(value: unknown, visit: (v: StringVisit) => void, skip?: (path: Path) => boolean, maxDepth = 64): void {
  const stack: PathSegment[] = [];
  const go = (v: unknown, name: string | undefined) => {
    if (stack.length > maxDepth || (skip && skip(stack))) return;
    if (typeof v === "string") {
      visit({ value: v, path: stack, name });
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        stack.push(i);
        go(v[i], name);
        stack.pop();
      }
    } else if (isObj(v)) {
      const sibling = str(v.name);
      for (const [k, child] of Object.entries(v)) {
        stack.push(k);
        go(child, k === "value" && sibling !== undefined ? sibling : k);
        stack.pop();
      }
    }
  };
  go(value, undefined);
}

/**
 * `--db-password=hunter2` or `DB_PASSWORD=hunter2` inside one string (an argument, a line of a
 * config file): the name and the value, or undefined.
 */
export function assignment(s: string): { name: string; value: string } | undefined {
  const m = /^\s*(?:--?)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[=:]\s*(.*?)\s*[,;]?\s*$/.exec(s);
  if (!m) return undefined;
  const value = (m[2] as string).replace(/^(["'])(.*)\1$/, "$2");
  return { name: m[1] as string, value };
}
