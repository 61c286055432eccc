import type { Path } from "../model/path.js";
import type { Resource } from "../model/resource.js";
import { getIn, str } from "../model/values.js";
import { defaultWorkloadKinds, type WorkloadKinds } from "../model/workloads.js";

export const IGNORE_ANNOTATION = "shipshape.dev/ignore";
export const IGNORE_REASON_ANNOTATION = "shipshape.dev/ignore-reason";

/** One rule named by one suppression directive; tracks whether it matched a finding. */
export interface DirectiveEntry {
  rule: string;
  used: boolean;
}

export interface CommentDirective {
  file: string;
  line: number;
  column: number;
  endColumn: number;
  /** The line the directive covers; undefined for file-wide directives. */
  targetLine: number | undefined;
  entries: DirectiveEntry[];
  reason: string | null;
}

export interface AnnotationDirective {
  resource: Resource;
  /** Path of the annotation (for reporting it when unused). */
  path: Path;
  entries: DirectiveEntry[];
  reason: string | null;
}

const COMMENT_RE = /(?:^|\s)#\s*shipshape-ignore(-file)?\b(.*)$/;

function splitRules(s: string): string[] {
  return s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
}

/** Reads `# shipshape-ignore rule -- reason` and `# shipshape-ignore-file rule` comments of a file. */
export function commentDirectives(file: string, text: string): CommentDirective[] {
  if (!text.includes("shipshape-ignore")) return [];
  const lines = text.split(/\r?\n/);
  const out: CommentDirective[] = [];
  lines.forEach((lineText, i) => {
    const m = COMMENT_RE.exec(lineText);
    if (!m) return;
    const hash = lineText.indexOf("#", m.index);
    const [rulesPart, ...reasonParts] = (m[2] ?? "").split(" -- ");
    const rules = splitRules(rulesPart ?? "");
    const reason = reasonParts.join(" -- ").trim() || null;
    const fileWide = m[1] === "-file";
    let targetLine: number | undefined;
    if (!fileWide) {
      if (lineText.slice(0, hash).trim() !== "") targetLine = i + 1;
      else {
        let j = i + 1;
        while (j < lines.length && /^\s*(#.*)?$/.test(lines[j] ?? "")) j++;
        targetLine = j + 1;
      }
    }
    out.push({
      file,
      line: i + 1,
      column: hash + 1,
      endColumn: lineText.trimEnd().length + 1,
      targetLine,
      entries: (rules.length > 0 ? rules : ["all"]).map((rule) => ({ rule, used: false })),
      reason,
    });
  });
  return out;
}

/** Reads `shipshape.dev/ignore` on a resource and on its pod template. */
export function annotationDirectives(resource: Resource, kinds: WorkloadKinds = defaultWorkloadKinds): AnnotationDirective[] {
  const out: AnnotationDirective[] = [];
  const places: Path[] = [["metadata", "annotations"]];
  const podSpec = kinds.podSpecPath(resource);
  if (podSpec && podSpec.length > 1) places.push([...podSpec.slice(0, -1), "metadata", "annotations"]);
  for (const place of places) {
    const value = str(getIn(resource.value, [...place, IGNORE_ANNOTATION]));
    if (value === undefined) continue;
    const reason = str(getIn(resource.value, [...place, IGNORE_REASON_ANNOTATION]))?.trim() || null;
    const rules = splitRules(value);
    out.push({ resource, path: [...place, IGNORE_ANNOTATION], entries: (rules.length > 0 ? rules : ["all"]).map((rule) => ({ rule, used: false })), reason });
  }
  return out;
}

/** Does an entry name this rule? `all` and `*` name every rule. */
export function entryCovers(entry: DirectiveEntry, ruleId: string): boolean {
  return entry.rule === ruleId || entry.rule === "all" || entry.rule === "*";
}
