import { readFileSync } from "node:fs";
import { isScalar, type Document, type Node } from "yaml";
import { locate } from "../../load/locate.js";
import { parseYaml, type ParsedDocument, type SourceRange } from "../../load/parse.js";
import type { LoadedFile } from "../../load/read.js";
import type { Path } from "../../model/path.js";

/** Files that mapping reads: the run's own when it read them, else read and parsed once here. */
export class SourceFiles {
  private readonly extra = new Map<string, LoadedFile | null>();

  constructor(
    private readonly loadedByAbs: ReadonlyMap<string, LoadedFile>,
    private readonly display: (abs: string) => string,
  ) {}

  get(abs: string): LoadedFile | undefined {
    const own = this.loadedByAbs.get(abs);
    if (own) return own;
    const known = this.extra.get(abs);
    if (known !== undefined) return known ?? undefined;
    let loaded: LoadedFile | null = null;
    try {
      loaded = { file: this.display(abs), abs, parsed: parseYaml(readFileSync(abs, "utf8")) };
    } catch {
      loaded = null;
    }
    this.extra.set(abs, loaded);
    return loaded ?? undefined;
  }

  /** The display path of a file (relative to the run's working directory). */
  displayPath(abs: string): string {
    return this.display(abs);
  }

  /** Files parsed here that the run did not read (their suppression comments count too). */
  extraLoaded(): LoadedFile[] {
    return [...this.extra.values()].filter((l): l is LoadedFile => l !== null);
  }
}

/** A place findings can point into: one YAML document of a file, or YAML held in a block scalar. */
export interface Place {
  /** Display path of the file the positions are in. */
  file: string;
  value: unknown;
  locate(path: Path): SourceRange;
}

export function docPlace(loaded: LoadedFile, doc: ParsedDocument, prefix: Path = []): Place {
  return {
    file: loaded.file,
    value: doc.value,
    locate: (p) => strip(locate(doc, loaded.parsed.source, [...prefix, ...p])),
  };
}

function strip(r: SourceRange): SourceRange {
  return { line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

/** Finds the AST node at a path of plain keys and indexes (no merge keys: kustomizations do not use them). */
function nodeAt(doc: Document, path: Path): Node | undefined {
  let cur: unknown = doc.contents;
  for (const seg of path) {
    const c = cur as { items?: unknown[] } | null;
    if (!c?.items) return undefined;
    if (typeof seg === "number") {
      cur = c.items[seg];
    } else {
      const pair = (c.items as { key?: { value?: unknown }; value?: unknown }[]).find((p) => p?.key?.value === seg);
      if (!pair) return undefined;
      cur = pair.value;
    }
  }
  return (cur ?? undefined) as Node | undefined;
}

/**
 * The documents of YAML written inside a kustomization as a block scalar (`patch: |-`), with
 * positions translated to the kustomization file. Other scalar styles point at the entry itself.
 */
export function inlinePlaces(k: LoadedFile, doc: ParsedDocument, path: Path, text: string): Place[] {
  const node = nodeAt(doc.ast, path);
  const parsed = parseYaml(text);
  const fallback = locate(doc, k.parsed.source, path);
  let lineOffset: number | undefined;
  let indent = 0;
  if (node && isScalar(node) && (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") && node.range) {
    const src = k.parsed.source;
    const header = src.position(node.range[0]);
    lineOffset = header.line;
    const lines = src.text.split("\n");
    const first = lines.slice(header.line).find((l) => l.trim() !== "");
    indent = first ? first.length - first.trimStart().length : 0;
  }
  return parsed.documents.map((d) => ({
    file: k.file,
    value: d.value,
    locate: (p: Path) => {
      if (lineOffset === undefined) return strip(fallback);
      const r = locate(d, parsed.source, p);
      return { line: r.line + lineOffset, column: r.column + indent, endLine: r.endLine + lineOffset, endColumn: r.endColumn + indent };
    },
  }));
}

/** A one-point range at the start of a document's first key (a file-level anchor). */
export function docStart(loaded: LoadedFile): SourceRange {
  const doc = loaded.parsed.documents[0];
  if (!doc) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const r = locate(doc, loaded.parsed.source, []);
  return { line: r.line, column: r.column, endLine: r.line, endColumn: r.column };
}
