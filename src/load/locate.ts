import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import type { Path } from "../model/path.js";
import type { SourceRange, SourceText } from "./parse.js";

export interface Located extends SourceRange {
  /** How many segments of the path exist in the document. */
  depth: number;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) {
    if (typeof key.value === "symbol") return key.value.description;
    return key.value === null ? "" : String(key.value);
  }
  if (key === null || key === undefined) return undefined;
  return typeof key === "object" ? undefined : String(key);
}

/** Finds the pair for a key in a map, looking through `<<` merge keys; the last duplicate wins. */
function findPair(doc: Document, map: Node, seg: string, seen: Set<Node>): { key: Node; value: Node | null } | undefined {
  if (!isMap(map) || seen.has(map)) return undefined;
  seen.add(map);
  let found: { key: Node; value: Node | null } | undefined;
  for (const item of map.items) {
    if (!isPair(item)) continue;
    if (keyText(item.key) === seg && item.key) found = { key: item.key as Node, value: (item.value as Node | null) ?? null };
  }
  if (found) return found;
  for (const item of map.items) {
    if (!isPair(item) || keyText(item.key) !== "<<") continue;
    const sources = isSeq(item.value) ? item.value.items : [item.value];
    for (const s of sources) {
      const target = isAlias(s) ? s.resolve(doc) : s;
      if (target) {
        const hit = findPair(doc, target as Node, seg, seen);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

/**
 * Turns a path into the range of the deepest existing node: the start of the key of the
 * last segment that exists (a sequence item: its first token), through the end of its value.
 */
export function locate(doc: Document, source: SourceText, path: Path): Located {
  let cur: Node | null = (doc.contents as Node | null) ?? null;
  const docStart = cur?.range?.[0] ?? doc.range?.[0] ?? 0;
  let start = docStart;
  let end = cur?.range?.[1] ?? docStart;
  let depth = 0;
  for (const seg of path) {
    if (cur && isAlias(cur)) cur = (cur.resolve(doc) as Node | undefined) ?? null;
    if (!cur) break;
    if (isMap(cur)) {
      const hit = findPair(doc, cur, String(seg), new Set());
      if (!hit) break;
      start = hit.key.range?.[0] ?? start;
      end = Math.max(hit.key.range?.[1] ?? start, hit.value?.range?.[1] ?? 0);
      cur = hit.value;
    } else if (isSeq(cur) && typeof seg === "number") {
      const item = cur.items[seg];
      if (item === undefined || item === null) break;
      const node = (isPair(item) ? (item.key as Node) : (item as Node)) ?? null;
      if (!node?.range) break;
      start = node.range[0];
      end = isPair(item) ? Math.max(node.range[1], (item.value as Node | null)?.range?.[1] ?? 0) : node.range[1];
      cur = isPair(item) ? ((item.value as Node | null) ?? null) : node;
    } else {
      break;
    }
    depth++;
  }
  return { ...source.range(start, end), depth };
}
