/**
 * Native Helm renders in the persistent render cache: the key of a render's inputs, and the render (documents
 * with their source maps, problems, generated values) as text and back. Only what the render stage reads is
 * kept: not the CRDs, NOTES or the joined manifest.
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { Segment, Origin } from "./template/output.js";
import { documentMap, LineIndex, makeDocument, type NameTable, type RenderedDocument, type RenderProblem, type RenderResult } from "./render.js";

/** Bumped whenever the renderer's output or this format changes in a way the shipshape version does not capture. */
const FORMAT = "helm-native-v1";
/** Charts above these sizes are rendered every time (the renderer refuses most of them anyway). */
const MAX_FILES = 20000;
const MAX_BYTES = 200 * 1024 * 1024;

/** What the render stage reads of a render. */
export type StageRender = Pick<RenderResult, "documents" | "problems" | "generatedValues">;

/**
 * The digest of every file under a chart directory (symlinks followed only inside it), by relative path.
 * Every file counts, `.helmignore`d or not: a change may only ever cause a render, never hide one.
 * Undefined when the chart is too large to key cheaply.
 */
export function chartDigest(dir: string): { digest: string; files: string[] } | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(dir);
  } catch {
    return undefined;
  }
  const h = createHash("sha256");
  const files: string[] = [];
  let bytes = 0;
  let tooLarge = false;
  const walk = (rel: string, depth: number): void => {
    if (depth > 40 || tooLarge) return;
    const abs = path.join(dir, rel);
    let entries: string[];
    try {
      entries = readdirSync(abs).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e}` : e;
      const full = path.join(abs, e);
      let st;
      try {
        st = lstatSync(full);
        if (st.isSymbolicLink()) {
          const target = realpathSync(full);
          if (target !== realRoot && !target.startsWith(realRoot + path.sep)) continue;
          st = statSync(full);
        }
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(r, depth + 1);
      else if (st.isFile()) {
        bytes += st.size;
        if (files.length >= MAX_FILES || bytes > MAX_BYTES) {
          tooLarge = true;
          return;
        }
        let data: Buffer;
        try {
          data = readFileSync(full);
        } catch {
          continue;
        }
        files.push(full);
        h.update(`${r}\u0000${data.length}\u0000`);
        h.update(data);
      }
    }
  };
  walk("", 0);
  return tooLarge ? undefined : { digest: h.digest("hex"), files };
}

/**
 * The key of one render: the tool and format versions, the chart's bytes, and every render input (release,
 * namespace, values texts and their labels, inline values, `--set`s, Kubernetes and API versions). Undefined
 * when the inputs cannot be written as JSON (the render then simply runs).
 */
export function renderKey(parts: { version: string; chartDir: string; chartDigest: string; inputs: unknown }): string | undefined {
  try {
    return createHash("sha256")
      .update(JSON.stringify([`shipshape ${parts.version}`, FORMAT, parts.chartDir, parts.chartDigest, parts.inputs]))
      .digest("hex");
  } catch {
    return undefined;
  }
}

type SerialOrigin = [file: number, offset: number, text: 0 | 1, generated: 0 | 1, value: [string, number, number] | 0, via: [number, number] | 0];

interface Serialized {
  names: [name: string, rel: string, starts: number[]][];
  origins: SerialOrigin[];
  docs: { s: string; t: string; x: string; k: string; h: boolean; m: number[] }[];
  problems: RenderProblem[];
  generated: string[];
}

/** A render as text; undefined when a document has no source map to keep (it is then rendered again next time). */
export function serializeRender(r: StageRender): string | undefined {
  const nameIndex = new Map<string, number>();
  const names: Serialized["names"] = [];
  const originIndex = new Map<Origin, number>();
  const origins: SerialOrigin[] = [];
  const docs: Serialized["docs"] = [];
  for (const d of r.documents) {
    const map = documentMap(d);
    if (!map) return undefined;
    const name = (n: string): number => {
      let i = nameIndex.get(n);
      if (i === undefined) {
        i = names.length;
        nameIndex.set(n, i);
        names.push([n, map.names.rel(n), map.names.index(n).starts]);
      }
      return i;
    };
    const m: number[] = [];
    for (const sg of map.segs) {
      let oi = -1;
      const o = sg.origin;
      if (o) {
        let known = originIndex.get(o);
        if (known === undefined) {
          known = origins.length;
          originIndex.set(o, known);
          origins.push([
            o.file ? name(o.file) : -1, o.offset, o.kind === "text" ? 1 : 0, o.generated ? 1 : 0,
            o.value ? [o.value.file, o.value.line, o.value.column] : 0,
            o.via ? [name(o.via.file), o.via.offset] : 0,
          ]);
        }
        oi = known;
      }
      m.push(sg.start, sg.end, oi);
    }
    docs.push({ s: d.source, t: d.templateFile, x: d.text, k: d.kind, h: d.hook, m });
  }
  const out: Serialized = { names, origins, docs, problems: r.problems, generated: [...r.generatedValues] };
  return JSON.stringify(out);
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === "string";

/** A render back from text; undefined for anything that is not what `serializeRender` wrote. */
export function deserializeRender(text: string): StageRender | undefined {
  let v: Serialized;
  try {
    v = JSON.parse(text) as Serialized;
  } catch {
    return undefined;
  }
  if (!v || typeof v !== "object" || !Array.isArray(v.names) || !Array.isArray(v.origins) || !Array.isArray(v.docs) || !Array.isArray(v.problems) || !Array.isArray(v.generated)) return undefined;
  const byName = new Map<string, { rel: string; index: LineIndex }>();
  const nameAt: string[] = [];
  for (const n of v.names) {
    if (!Array.isArray(n) || !isStr(n[0]) || !isStr(n[1]) || !Array.isArray(n[2]) || !n[2].every(isNum)) return undefined;
    byName.set(n[0], { rel: n[1], index: new LineIndex("", n[2]) });
    nameAt.push(n[0]);
  }
  const fileOf = (i: unknown): string | undefined => (i === -1 ? "" : isNum(i) ? nameAt[i] : undefined);
  const origins: Origin[] = [];
  for (const o of v.origins) {
    if (!Array.isArray(o) || o.length !== 6 || !isNum(o[1])) return undefined;
    const file = fileOf(o[0]);
    if (file === undefined) return undefined;
    const origin: Origin = { file, offset: o[1], kind: o[2] === 1 ? "text" : "action" };
    if (o[3] === 1) origin.generated = true;
    if (o[4] !== 0) {
      const [vf, line, column] = o[4];
      if (!isStr(vf) || !isNum(line) || !isNum(column)) return undefined;
      origin.value = { file: vf, line, column };
    }
    if (o[5] !== 0) {
      const via = fileOf(o[5][0]);
      if (!via || !isNum(o[5][1])) return undefined;
      origin.via = { file: via, offset: o[5][1] };
    }
    origins.push(origin);
  }
  const names: NameTable = {
    rel: (n) => byName.get(n)?.rel ?? n,
    index: (n) => byName.get(n)?.index ?? new LineIndex(""),
  };
  const documents: RenderedDocument[] = [];
  for (const d of v.docs) {
    if (!d || !isStr(d.s) || !isStr(d.t) || !isStr(d.x) || !isStr(d.k) || typeof d.h !== "boolean" || !Array.isArray(d.m) || d.m.length % 3 !== 0) return undefined;
    const segs: Segment[] = [];
    for (let i = 0; i < d.m.length; i += 3) {
      const [start, end, oi] = [d.m[i], d.m[i + 1], d.m[i + 2]];
      if (!isNum(start) || !isNum(end) || !isNum(oi)) return undefined;
      const origin = oi === -1 ? null : origins[oi];
      if (origin === undefined) return undefined;
      segs.push({ start, end, origin });
    }
    documents.push(makeDocument(d.s, d.t, d.x, segs, d.k, d.h, names));
  }
  for (const p of v.problems) if (!p || !isStr(p.code) || !isStr(p.message) || !isStr(p.severity)) return undefined;
  if (!v.generated.every(isStr)) return undefined;
  return { documents, problems: v.problems, generatedValues: new Set(v.generated) };
}
