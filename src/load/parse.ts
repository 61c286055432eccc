import { parseAllDocuments, type Document } from "yaml";
import { fastParse } from "./fast-yaml.js";
import { AstPositions, FastPositions, type DocPositions } from "./locate.js";
import { TO_JS_OPTIONS, YAML_OPTIONS } from "./yaml-options.js";

export interface Position {
  line: number;
  column: number;
}

export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A syntax-level problem found while parsing: becomes a `yaml-syntax` or `duplicate-key` finding. */
export interface ParseProblem {
  ruleId: "yaml-syntax" | "duplicate-key";
  message: string;
  range: SourceRange;
  docIndex: number;
}

export interface ParsedDocument {
  index: number;
  /** The plain value; undefined when the document could not be trusted (syntax errors). */
  value: unknown;
  /** Where its nodes are: what `locate` reads (use it rather than `ast`). */
  positions: DocPositions;
  /**
   * The `yaml` AST, built on first use (the whole file is parsed with `yaml` again then; ASTs are not
   * kept for every file of a run), so hot paths read `positions` instead.
   */
  readonly ast: Document.Parsed;
  /** The `# Source:` path from Helm output, if a comment before the document names one. */
  helmSource: string | undefined;
}

/** The text of one file with what turns offsets into positions. */
export class SourceText {
  /**
   * Offsets where lines start (after each `\n`, so CRLF counts once); computed on first use. A typed
   * array of the exact size: a quarter of what a growing array of numbers takes, for every line of
   * every file with a finding.
   */
  private starts: Int32Array | undefined;

  constructor(readonly text: string) {}

  private get lineStarts(): Int32Array {
    if (this.starts) return this.starts;
    const text = this.text;
    let lines = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
    const starts = new Int32Array(lines);
    let n = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts[n++] = i + 1;
    return (this.starts = starts);
  }

  /** 1-based line and column (UTF-16 code units) of an offset. */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (starts[lo] as number) + 1 };
  }

  /** A range from start to end offsets; the end backs off trailing whitespace and newlines. */
  range(start: number, end: number): SourceRange {
    let e = Math.max(start, end);
    while (e > start && /\s/.test(this.text[e - 1] ?? "")) e--;
    const s = this.position(start);
    const en = this.position(e);
    if (en.line < s.line || (en.line === s.line && en.column < s.column)) return { line: s.line, column: s.column, endLine: s.line, endColumn: s.column };
    return { line: s.line, column: s.column, endLine: en.line, endColumn: en.column };
  }
}

const SOURCE_COMMENT = /^#\s*Source:\s*(\S.*?)\s*$/m;

export interface ParseResult {
  source: SourceText;
  documents: ParsedDocument[];
  problems: ParseProblem[];
}

/**
 * Parses every document of a YAML (or JSON) text, keeping positions. Never throws. YAML 1.1 text
 * in the common subset takes the fast path (`fast-yaml.ts`); everything else, `yaml`.
 */
export function parseYaml(text: string, version: "1.1" | "1.2" = "1.1"): ParseResult {
  if (version === "1.1") {
    const fast = parseYamlFast(text);
    if (fast) return fast;
  }
  return parseYamlFull(text, version);
}

/** The fast path alone: undefined when the text is outside its subset. */
export function parseYamlFast(text: string): ParseResult | undefined {
  const fast = fastParse(text);
  if (!fast) return undefined;
  const source = new SourceText(text);
  const problems: ParseProblem[] = [];
  const documents: ParsedDocument[] = [];
  const asts = new AstsOnDemand(text, "fast");
  let prevEnd = 0;
  fast.documents.forEach((d, index) => {
    for (const at of fast.duplicates[index] ?? []) {
      problems.push({ ruleId: "duplicate-key", message: duplicateKeyMessage(text, at, at + 1), range: source.range(at, at + 1), docIndex: index });
    }
    documents.push(new Parsed(index, d.value, new FastPositions(fast.index, d.root, d.contentStart), helmSourceAt(text, prevEnd, d.contentStart), asts));
    prevEnd = Math.max(prevEnd, d.rangeEnd);
  });
  return { source, documents, problems };
}

/**
 * Parses with the `yaml` package (the reference the fast path must equal). The ASTs are not kept
 * (about 1 KB per node, for every file of a repo outside the fast path's subset): positions come
 * from a compact index of each document, and `ast` parses the text again on first use.
 */
export function parseYamlFull(text: string, version: "1.1" | "1.2" = "1.1"): ParseResult {
  const source = new SourceText(text);
  const problems: ParseProblem[] = [];
  const documents: ParsedDocument[] = [];
  const parsed = parseParts(text, version, source);
  if (!parsed) {
    problems.push({ ruleId: "yaml-syntax", message: "cannot parse YAML", range: source.range(0, 0), docIndex: 0 });
    return { source, documents, problems };
  }
  const asts = new AstsOnDemand(text, version);
  let prevEnd = 0;
  parsed.forEach((part, index) => {
    for (const p of part.problems) problems.push({ ...p, docIndex: index });
    documents.push(new Parsed(index, part.value, new AstPositions(part.ast), helmSourceOf(text, prevEnd, part.ast), asts));
    prevEnd = Math.max(prevEnd, part.ast.range?.[1] ?? prevEnd);
  });
  return { source, documents, problems };
}

/**
 * A file's `yaml` ASTs, parsed when first asked for (and then kept): for the few files whose AST is
 * read (Kustomize patches, Helm values, config), not for every file of a run.
 */
class AstsOnDemand {
  private asts: Document.Parsed[] | undefined;
  /** `fast`: a text the fast path took, whose documents one `parseAllDocuments` gives; else a version, parsed as `parseYamlFull` does. */
  constructor(private readonly text: string, private readonly how: "fast" | "1.1" | "1.2") {}

  get(index: number): Document.Parsed {
    this.asts ??= this.how === "fast"
      ? (parseAllDocuments(this.text, YAML_OPTIONS) as Document.Parsed[])
      : (parseParts(this.text, this.how, new SourceText(this.text), false) ?? []).map((part) => part.ast);
    return this.asts[index] as Document.Parsed;
  }
}

/**
 * A parsed document of either path. A class, not an object literal with an `ast` getter: that costs
 * a closure and a dictionary of properties (about half a KB) per document, for every document of a run.
 */
class Parsed implements ParsedDocument {
  constructor(
    readonly index: number,
    readonly value: unknown,
    readonly positions: DocPositions,
    readonly helmSource: string | undefined,
    private readonly asts: AstsOnDemand,
  ) {}

  get ast(): Document.Parsed {
    return this.asts.get(this.index);
  }
}

/**
 * The documents of a text as `yaml` parses them, broken ones recovered; undefined when the parser
 * throws. `values: false` leaves out the plain values (when only the ASTs are wanted again).
 */
function parseParts(text: string, version: "1.1" | "1.2", source: SourceText, values = true): ParsedPart[] | undefined {
  const options = version === "1.1" ? YAML_OPTIONS : { ...YAML_OPTIONS, version: "1.2" as const, customTags: undefined };
  const parsed = parseText(text, options, source, values);
  if (!parsed) return undefined;
  // One broken document must not hide the documents after it: the parser may not resynchronise at
  // the next `---`, so a file with a fatal error is parsed again one `---` segment at a time.
  if (parsed.some((d) => d.fatal) && text.length <= RECOVERY_LIMIT) {
    const segments = segmentStarts(text);
    if (segments.length > 1) {
      const again: ParsedPart[] = [];
      segments.forEach((start, i) => {
        const end = segments[i + 1] ?? text.length;
        for (const part of parseText(maskOutside(text, start, end), options, source, values) ?? []) again.push(part);
      });
      return again.filter((d) => d.ast.contents !== null || d.ast.errors.length > 0 || d.index === 0);
    }
  }
  return parsed;
}

const RECOVERY_LIMIT = 2 * 1024 * 1024;

interface ParsedPart {
  index: number;
  ast: Document.Parsed;
  value: unknown;
  fatal: boolean;
  problems: Omit<ParseProblem, "docIndex">[];
}

/** Offsets of the segments that `---` lines (at column 1) begin; the first segment starts at 0. */
function segmentStarts(text: string): number[] {
  const out = [0];
  const re = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m.index > 0) out.push(m.index);
  return out;
}

/** The text with everything outside [start, end) blanked, newlines kept, so offsets stay those of the file. */
function maskOutside(text: string, start: number, end: number): string {
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}

/** Each document's AST, problems and (unless `values` is false) plain value; undefined when the parser throws. */
function parseText(text: string, options: typeof YAML_OPTIONS, source: SourceText, values = true): ParsedPart[] | undefined {
  let asts: Document.Parsed[];
  try {
    asts = parseAllDocuments(text, options) as Document.Parsed[];
    if (!Array.isArray(asts)) asts = [asts];
  } catch {
    return undefined;
  }
  const lastContent = Math.max(0, text.trimEnd().length - 1);
  return asts.map((ast, index) => {
    const problems: Omit<ParseProblem, "docIndex">[] = [];
    let fatal = false;
    for (const err of ast.errors) {
      const [start, end] = err.pos;
      if (err.code === "DUPLICATE_KEY") {
        problems.push({ ruleId: "duplicate-key", message: duplicateKeyMessage(text, start, end), range: source.range(start, end) });
      } else {
        fatal = true;
        // An error found at the end of input (an unclosed bracket or quote) is shown on the last line with text.
        const at = Math.min(start, lastContent);
        problems.push({ ruleId: "yaml-syntax", message: syntaxMessage(err.message), range: source.range(at, Math.max(Math.min(end, lastContent + 1), at + 1)) });
      }
    }
    let value: unknown;
    if (!fatal && values) {
      try {
        value = ast.toJS(TO_JS_OPTIONS);
      } catch (e) {
        const at = ast.contents?.range?.[0] ?? 0;
        problems.push({ ruleId: "yaml-syntax", message: `document not linted: ${errorText(e)}`, range: source.range(at, at + 1) });
      }
    }
    return { index, ast, value, fatal, problems };
  });
}

/** The `# Source:` comment between the previous document's end and this document's content. */
function helmSourceOf(text: string, prevEnd: number, ast: Document.Parsed): string | undefined {
  return helmSourceAt(text, prevEnd, ast.contents?.range?.[0] ?? ast.range[1]);
}

function helmSourceAt(text: string, prevEnd: number, contentStart: number): string | undefined {
  const m = SOURCE_COMMENT.exec(text.slice(Math.min(prevEnd, contentStart), contentStart));
  return m?.[1];
}

function duplicateKeyMessage(text: string, start: number, _end: number): string {
  // The error points at the repeated key; read the key token itself (plain or quoted).
  const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s:#,{}[\]][^:#\n]*?)\s*:/.exec(text.slice(start, start + 200));
  const key = (m?.[1] ?? "").replace(/^["']|["']$/g, "").trim();
  const shown = key.length > 0 && key.length <= 80 ? `"${key}"` : "a key";
  return `duplicate key ${shown}: tools disagree on which value applies (the API server may reject it, others keep the last)`;
}

function syntaxMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  const cleaned = first.replace(/ at line \d+, column \d+:?$/, "").trim();
  return `invalid YAML: ${cleaned.charAt(0).toLowerCase()}${cleaned.slice(1)}`;
}

function errorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/alias count/i.test(msg)) return "too many aliases are expanded (a possible \"billion laughs\" document)";
  return msg.split("\n")[0] ?? msg;
}
