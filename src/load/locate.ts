import { isAlias, isDocument, isMap, isPair, isScalar, isSeq, visit, type Alias, type Document, type Node } from "yaml";
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

/** The range of the key of the FIRST top-level pair whose key is this string, over the `yaml` AST. */
export function astTopKey(doc: Document, name: string): { start: number; end: number } | undefined {
  const contents = doc.contents as { items?: { key?: { value?: unknown; range?: number[] } }[] } | null;
  const r = contents?.items?.find((p) => p.key?.value === name)?.key?.range;
  return r ? { start: r[0] as number, end: r[1] as number } : undefined;
}

const A_SCALAR = 0;
const A_MAP = 1;
const A_SEQ = 2;
const A_ALIAS = 3;
/** Node record: kind, range[0], range[1] (-1 when the node has no range), first entry (an alias: its target node, -1 if none), entry count. */
const A_NODE = 5;
/** Entry record: key range[0], key range[1] (-1 when no key or no range), child node (-1: none), flags. */
const A_ENTRY = 4;
/** Entry flag: a sequence item that is a pair (`[a: 1]`, `!!omap`); its child is the pair's value. */
const PAIR_ITEM = 1;
/** Entry flag: the key is a scalar whose value is a string (what `topKey` compares). */
const STRING_KEY = 2;

/**
 * Positions of a document parsed with `yaml`, read from a compact index built from its AST (flat
 * arrays, like the fast path's), so the AST itself need not be kept: it costs about 1 KB per node.
 * Every answer equals `astSpan` / `astTopKey` on the AST it was built from, aliases and `<<` merge
 * keys included.
 */
export class AstPositions implements DocPositions {
  readonly contentStart: number;
  private readonly nodes: Int32Array;
  private readonly entries: Int32Array;
  /** Key text per entry (`keyText`), as `findPair` compares it; undefined for keys it never matches. */
  private readonly keys: (string | undefined)[];
  private readonly root: number;
  private readonly docStart: number;

  constructor(doc: Document) {
    const nodes: number[] = [];
    const entries: number[] = [];
    const keys: (string | undefined)[] = [];
    const anchored = new Map<Node, number>();
    const aliases: [number, Alias][] = [];
    const queue: [number, Node][] = [];
    const add = (n: Node | null | undefined): number => {
      if (!n) return -1;
      const id = nodes.length / A_NODE;
      nodes.push(A_SCALAR, n.range?.[0] ?? -1, n.range?.[1] ?? -1, 0, 0);
      queue.push([id, n]);
      return id;
    };
    this.root = add(doc.contents as Node | null);
    // Breadth first, so that each node's entries are contiguous; no recursion for deep documents.
    let q = 0;
    const drain = () => {
      for (; q < queue.length; q++) walk(...(queue[q] as [number, Node]));
    };
    const walk = (id: number, n: Node) => {
      if ((n as { anchor?: string }).anchor) anchored.set(n, id);
      const o = id * A_NODE;
      if (isAlias(n)) {
        nodes[o] = A_ALIAS;
        aliases.push([id, n]);
      } else if (isMap(n) || isSeq(n)) {
        nodes[o] = isMap(n) ? A_MAP : A_SEQ;
        nodes[o + 3] = entries.length / A_ENTRY;
        let count = 0;
        for (const item of n.items as unknown[]) {
          if (isPair(item)) {
            const key = item.key as Node | null;
            const flags = (isMap(n) ? 0 : PAIR_ITEM) | (isScalar(key) && typeof key.value === "string" ? STRING_KEY : 0);
            entries.push(key?.range?.[0] ?? -1, key?.range?.[1] ?? -1, add(item.value as Node | null), flags);
            keys.push(keyText(key));
          } else if (isMap(n)) {
            continue; // findPair skips what is not a pair
          } else {
            entries.push(-1, -1, add(item as Node | null), 0);
            keys.push(undefined);
          }
          count++;
        }
        nodes[o + 4] = count;
      }
    };
    drain();
    // Aliases point at their anchor's node (one anchored in a key, `? &k [a]`, is indexed then): as
    // `Alias.resolve` finds it, the last node with that anchor before the alias in document order,
    // in one pass rather than one per alias.
    const targets = new Map<Alias, Node>();
    if (aliases.length > 0) {
      const last = new Map<string, Node>();
      visit(doc, {
        Node: (_key, n) => {
          if (isAlias(n)) {
            const t = last.get(n.source);
            if (t) targets.set(n, t);
          } else if (n.anchor) last.set(n.anchor, n);
        },
      });
    }
    for (let a = 0; a < aliases.length; a++) {
      const [id, alias] = aliases[a] as [number, Alias];
      const target = targets.get(alias);
      let to = target ? anchored.get(target) : -1;
      if (to === undefined) {
        to = add(target);
        drain();
      }
      nodes[id * A_NODE + 3] = to;
    }
    this.nodes = Int32Array.from(nodes);
    this.entries = Int32Array.from(entries);
    this.keys = keys;
    this.docStart = doc.range?.[0] ?? 0;
    this.contentStart = this.root >= 0 && (this.nodes[this.root * A_NODE + 1] as number) >= 0 ? (this.nodes[this.root * A_NODE + 1] as number) : 0;
  }

  private start(n: number): number {
    return this.nodes[n * A_NODE + 1] as number;
  }
  private end(n: number): number {
    return this.nodes[n * A_NODE + 2] as number;
  }

  /** `findPair`: the entry of a map for a key (the last duplicate wins), else through its `<<` merge keys; -1 if none. */
  private findPair(map: number, seg: string, seen: Set<number>): number {
    if (map < 0 || this.nodes[map * A_NODE] !== A_MAP || seen.has(map)) return -1;
    seen.add(map);
    const first = this.nodes[map * A_NODE + 3] as number;
    const last = first + (this.nodes[map * A_NODE + 4] as number);
    let found = -1;
    for (let e = first; e < last; e++) if (this.keys[e] === seg) found = e;
    if (found >= 0) return found;
    for (let e = first; e < last; e++) {
      if (this.keys[e] !== "<<") continue;
      const value = this.entries[e * A_ENTRY + 2] as number;
      const sources: number[] = [];
      if (value >= 0 && this.nodes[value * A_NODE] === A_SEQ) {
        const f = this.nodes[value * A_NODE + 3] as number;
        const c = this.nodes[value * A_NODE + 4] as number;
        // a pair among the sources is no map to look in
        for (let i = f; i < f + c; i++) sources.push((this.entries[i * A_ENTRY + 3] as number) & PAIR_ITEM ? -1 : (this.entries[i * A_ENTRY + 2] as number));
      } else {
        sources.push(value);
      }
      for (const s of sources) {
        const target = s >= 0 && this.nodes[s * A_NODE] === A_ALIAS ? (this.nodes[s * A_NODE + 3] as number) : s;
        const hit = this.findPair(target, seg, seen);
        if (hit >= 0) return hit;
      }
    }
    return -1;
  }

  span(path: Path): Span {
    let cur = this.root;
    const docStart = cur >= 0 && this.start(cur) >= 0 ? this.start(cur) : this.docStart;
    let start = docStart;
    let end = cur >= 0 && this.end(cur) >= 0 ? this.end(cur) : docStart;
    let depth = 0;
    const valueEnd = (n: number) => (n >= 0 && this.end(n) >= 0 ? this.end(n) : 0);
    for (const seg of path) {
      if (cur >= 0 && this.nodes[cur * A_NODE] === A_ALIAS) cur = this.nodes[cur * A_NODE + 3] as number;
      if (cur < 0) break;
      const kind = this.nodes[cur * A_NODE];
      if (kind === A_MAP) {
        const hit = this.findPair(cur, String(seg), new Set());
        if (hit < 0) break;
        const o = hit * A_ENTRY;
        const keyStart = this.entries[o] as number;
        const keyEnd = this.entries[o + 1] as number;
        const child = this.entries[o + 2] as number;
        if (keyStart >= 0) start = keyStart;
        end = Math.max(keyEnd >= 0 ? keyEnd : start, valueEnd(child));
        cur = child;
      } else if (kind === A_SEQ && typeof seg === "number") {
        const count = this.nodes[cur * A_NODE + 4] as number;
        if (!Number.isInteger(seg) || seg < 0 || seg >= count) break;
        const o = ((this.nodes[cur * A_NODE + 3] as number) + seg) * A_ENTRY;
        const child = this.entries[o + 2] as number;
        if ((this.entries[o + 3] as number) & PAIR_ITEM) {
          const keyStart = this.entries[o] as number;
          const keyEnd = this.entries[o + 1] as number;
          if (keyStart < 0 || keyEnd < 0) break;
          start = keyStart;
          end = Math.max(keyEnd, valueEnd(child));
        } else {
          if (child < 0 || this.start(child) < 0 || this.end(child) < 0) break;
          start = this.start(child);
          end = this.end(child);
        }
        cur = child;
      } else {
        break;
      }
      depth++;
    }
    return { start, end, depth };
  }

  topKey(name: string): { start: number; end: number } | undefined {
    const root = this.root;
    if (root < 0) return undefined;
    const kind = this.nodes[root * A_NODE];
    if (kind !== A_MAP && kind !== A_SEQ) return undefined;
    const first = this.nodes[root * A_NODE + 3] as number;
    const last = first + (this.nodes[root * A_NODE + 4] as number);
    for (let e = first; e < last; e++) {
      if (!((this.entries[e * A_ENTRY + 3] as number) & STRING_KEY) || this.keys[e] !== name) continue;
      const start = this.entries[e * A_ENTRY] as number;
      const end = this.entries[e * A_ENTRY + 1] as number;
      return start >= 0 && end >= 0 ? { start, end } : undefined;
    }
    return undefined;
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
  // Built field by field: a spread copy here gives every range its own hidden class (about 300 bytes
  // each), which a run with a hundred thousand findings keeps alive.
  const r = source.range(s.start, s.end);
  return { line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, depth: s.depth };
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
