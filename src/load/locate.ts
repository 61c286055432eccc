import { isAlias, isDocument, isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import type { Path } from "../model/path.js";
import type { FastIndex } from "./fast-yaml.js";
import type { SourceRange, SourceText } from "./parse.js";

export interface Located extends SourceRange {
  /** How many segments of the path exist in the document. */
  depth: number;
}

/** Offsets of a located path, before they become lines and columns. */
export interface Span {
  start: number;
  end: number;
  /** How many segments of the path exist in the document. */
  depth: number;
}

/**
 * Where the nodes of one parsed document are: what `locate` needs, implemented both over the
 * `yaml` AST and over the fast path's compact index, with identical answers.
 */
export interface DocPositions {
  /** Offset where the document's content starts (`contents.range[0]`). */
  readonly contentStart: number;
  /** The span of the deepest existing node of a path (see `locate`). */
  span(path: Path): Span;
  /** The range of the key of the FIRST top-level pair with this key text (plain string keys only). */
  topKey(name: string): { start: number; end: number } | undefined;
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

/** The span of a path over the `yaml` AST. */
export function astSpan(doc: Document, path: Path): Span {
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
  return { start, end, depth };
}

/** Positions read from a `yaml` AST. */
export class AstPositions implements DocPositions {
  constructor(private readonly doc: Document) {}
  get contentStart(): number {
    return (this.doc.contents as Node | null)?.range?.[0] ?? 0;
  }
  span(path: Path): Span {
    return astSpan(this.doc, path);
  }
  topKey(name: string): { start: number; end: number } | undefined {
    const contents = this.doc.contents as { items?: { key?: { value?: unknown; range?: number[] } }[] } | null;
    const r = contents?.items?.find((p) => p.key?.value === name)?.key?.range;
    return r ? { start: r[0] as number, end: r[1] as number } : undefined;
  }
}

/** Positions read from the fast path's index. */
export class FastPositions implements DocPositions {
  constructor(private readonly index: FastIndex, private readonly root: number, readonly contentStart: number) {}
  span(path: Path): Span {
    return this.index.span(this.root, path);
  }
  topKey(name: string): { start: number; end: number } | undefined {
    return this.index.topKey(this.root, name);
  }
}

/**
 * Turns a path into the range of the deepest existing node: the start of the key of the
 * last segment that exists (a sequence item: its first token), through the end of its value.
 * Takes a parsed document (either parse path) or a `yaml` Document.
 */
export function locate(doc: Document | { positions: DocPositions }, source: SourceText, path: Path): Located {
  const s = isDocument(doc) ? astSpan(doc as Document, path) : (doc as { positions: DocPositions }).positions.span(path);
  return { ...source.range(s.start, s.end), depth: s.depth };
}

/**
 * The range of a top-level key (the first with that text) of a parsed document, or a point at the
 * start of its content when there is none.
 */
export function topKeyRange(doc: { positions: DocPositions }, source: SourceText, name: string): SourceRange {
  const k = doc.positions.topKey(name);
  const start = k?.start ?? doc.positions.contentStart;
  return source.range(start, k?.end ?? start);
}
