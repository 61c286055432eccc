// Rendered text with a source map: every output range points at the template bytes (text) or the action that
// produced it, plus the values-file line of the value it printed when known.

export interface ValueOrigin { file: string; line: number; column: number }

export interface Origin {
  /** Template file (Helm template name, e.g. `mychart/templates/deployment.yaml`); "" for a `tpl` string. */
  file: string;
  /** Byte offset in that template: the start of the text run (kind "text") or of the action `{{`. */
  offset: number;
  kind: "text" | "action";
  /** Where the printed value came from (values file line), when known. */
  value?: ValueOrigin;
  /** The action printed a value produced by a random, time or key-generating function (or computed from one). */
  generated?: true;
  /** The action that included the helper this output came from (outermost call site). */
  via?: { file: string; offset: number };
}

export interface Segment { start: number; end: number; origin: Origin | null }

export class Out {
  text = "";
  segs: Segment[] = [];
  constructor(private readonly limit: { remaining: number }) {}

  write(s: string, origin: Origin | null): void {
    if (!s) return;
    this.limit.remaining -= s.length;
    if (this.limit.remaining < 0) throw new OutputLimitError();
    const start = this.text.length;
    this.text += s;
    const last = this.segs[this.segs.length - 1];
    if (last && last.end === start && origin && last.origin && origin.kind === "action" && last.origin === origin) { last.end += s.length; return; }
    this.segs.push({ start, end: start + s.length, origin });
  }

  /** Appends a string whose own segments are known (an `include` result), resolving inherited origins to `at`. */
  writeMapped(s: string, segs: Segment[], at: Origin): void {
    if (!s) return;
    this.limit.remaining -= s.length;
    if (this.limit.remaining < 0) throw new OutputLimitError();
    const base = this.text.length;
    this.text += s;
    let covered = 0;
    for (const sg of segs) {
      if (sg.start > covered) this.segs.push({ start: base + covered, end: base + sg.start, origin: at });
      let origin: Origin;
      if (!sg.origin) origin = at;
      else if (sg.origin.file === "" ) origin = { ...at, value: sg.origin.value ?? at.value, ...(sg.origin.generated ? { generated: true as const } : {}) };
      else if (!sg.origin.via) origin = { ...sg.origin, via: { file: at.file, offset: at.offset } };
      else origin = sg.origin;
      if (!sg.origin && at) origin = at;
      this.segs.push({ start: base + sg.start, end: base + sg.end, origin });
      covered = sg.end;
    }
    if (covered < s.length) this.segs.push({ start: base + covered, end: base + s.length, origin: at });
  }
}

export class OutputLimitError extends Error {
  constructor() { super("rendered output exceeds the size limit"); }
}

/** Removes every occurrence of `needle` from a mapped text (Helm's `<no value>` clean-up), keeping the map aligned. */
export function removeAll(text: string, segs: Segment[], needle: string): { text: string; segs: Segment[] } {
  if (!text.includes(needle)) return { text, segs };
  const cuts: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) cuts.push(i);
  const shift = (pos: number, isEnd: boolean): number => {
    let removed = 0;
    for (const c of cuts) {
      if (c + needle.length <= pos) removed += needle.length;
      else if (c < pos) removed += isEnd ? pos - c : pos - c;
    }
    return pos - removed;
  };
  const out: Segment[] = [];
  for (const s of segs) {
    const start = shift(s.start, false);
    const end = shift(s.end, true);
    if (end > start) {
      // a text segment that lost characters in its middle no longer maps char-by-char; treat it as one action
      const lostInside = cuts.some((c) => c >= s.start && c < s.end);
      out.push({ start, end, origin: lostInside && s.origin?.kind === "text" ? { ...s.origin, kind: "action" } : s.origin });
    }
  }
  return { text: text.split(needle).join(""), segs: out };
}

/** Slices a mapped text. */
export function sliceSegs(segs: Segment[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  for (const s of segs) {
    if (s.end <= from || s.start >= to) continue;
    const start = Math.max(s.start, from);
    const end = Math.min(s.end, to);
    let origin = s.origin;
    if (origin && origin.kind === "text" && start > s.start) origin = { ...origin, offset: origin.offset + (start - s.start) };
    out.push({ start: start - from, end: end - from, origin });
  }
  return out;
}

/** The source map of `indent`/`nindent` applied to a mapped string: inserted padding is left unmapped. */
export function reindentSegs(text: string, segs: Segment[], padLen: number, lead: boolean): Segment[] {
  const nl: number[] = [];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) nl.push(i);
  const out: Segment[] = [];
  let k = 0;
  const base = lead ? 1 : 0;
  for (const s of segs) {
    let a = s.start;
    while (k > 0 && nl[k - 1]! >= a) k--;
    while (k < nl.length && nl[k]! < a) k++;
    while (a < s.end) {
      // k = number of newlines before a
      const lineEnd = k < nl.length ? Math.min(nl[k]! + 1, s.end) : s.end;
      const outStart = base + padLen * (k + 1) + a;
      let origin = s.origin;
      if (origin && origin.kind === "text" && a > s.start) origin = { ...origin, offset: origin.offset + (a - s.start) };
      out.push({ start: outStart, end: outStart + (lineEnd - a), origin });
      if (k < nl.length && nl[k]! < lineEnd) k++;
      a = lineEnd;
    }
  }
  return out;
}
