import { LineCounter, parseAllDocuments, type Document } from "yaml";
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
  ast: Document.Parsed;
  /** The `# Source:` path from Helm output, if a comment before the document names one. */
  helmSource: string | undefined;
}

/** The text of one file with what turns offsets into positions. */
export class SourceText {
  readonly lineCounter = new LineCounter();
  constructor(readonly text: string) {}

  position(offset: number): Position {
    const p = this.lineCounter.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line: p.line, column: p.col };
  }

  /** A range from start to end offsets; the end backs off trailing whitespace and newlines. */
  range(start: number, end: number): SourceRange {
    let e = Math.max(start, end);
    while (e > start && /\s/.test(this.text[e - 1] ?? "")) e--;
    const s = this.position(start);
    const en = this.position(e);
    if (en.line < s.line || (en.line === s.line && en.column < s.column)) return { ...s, endLine: s.line, endColumn: s.column };
    return { line: s.line, column: s.column, endLine: en.line, endColumn: en.column };
  }
}

const SOURCE_COMMENT = /^#\s*Source:\s*(\S.*?)\s*$/m;

export interface ParseResult {
  source: SourceText;
  documents: ParsedDocument[];
  problems: ParseProblem[];
}

/** Parses every document of a YAML (or JSON) text, keeping positions. Never throws. */
export function parseYaml(text: string, version: "1.1" | "1.2" = "1.1"): ParseResult {
  const source = new SourceText(text);
  const problems: ParseProblem[] = [];
  const documents: ParsedDocument[] = [];
  let asts: Document.Parsed[];
  try {
    const options = version === "1.1" ? YAML_OPTIONS : { ...YAML_OPTIONS, version: "1.2" as const, customTags: undefined };
    asts = parseAllDocuments(text, { ...options, lineCounter: source.lineCounter }) as Document.Parsed[];
    if (!Array.isArray(asts)) asts = [asts];
  } catch (e) {
    problems.push({ ruleId: "yaml-syntax", message: `cannot parse YAML: ${errorText(e)}`, range: source.range(0, 0), docIndex: 0 });
    return { source, documents, problems };
  }
  const lastContent = Math.max(0, text.trimEnd().length - 1);
  asts.forEach((ast, index) => {
    let fatal = false;
    for (const err of ast.errors) {
      const [start, end] = err.pos;
      if (err.code === "DUPLICATE_KEY") {
        problems.push({ ruleId: "duplicate-key", message: duplicateKeyMessage(text, start, end), range: source.range(start, end), docIndex: index });
      } else {
        fatal = true;
        // An error found at the end of input (an unclosed bracket or quote) is shown on the last line with text.
        const at = Math.min(start, lastContent);
        problems.push({ ruleId: "yaml-syntax", message: syntaxMessage(err.message), range: source.range(at, Math.max(Math.min(end, lastContent + 1), at + 1)), docIndex: index });
      }
    }
    let value: unknown;
    if (!fatal) {
      try {
        value = ast.toJS(TO_JS_OPTIONS);
      } catch (e) {
        const at = ast.contents?.range?.[0] ?? 0;
        problems.push({ ruleId: "yaml-syntax", message: `document not linted: ${errorText(e)}`, range: source.range(at, at + 1), docIndex: index });
      }
    }
    documents.push({ index, value, ast, helmSource: helmSourceOf(text, ast) });
  });
  return { source, documents, problems };
}

function helmSourceOf(text: string, ast: Document.Parsed): string | undefined {
  const start = ast.range[0];
  const contentStart = ast.contents?.range?.[0] ?? ast.range[1];
  const head = text.slice(start, contentStart);
  const m = SOURCE_COMMENT.exec(head);
  if (m) return m[1];
  // A `# Source:` line just before the `---` that opens this document also belongs to it.
  return undefined;
}

function duplicateKeyMessage(text: string, start: number, end: number): string {
  const key = text.slice(start, end).trim();
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
