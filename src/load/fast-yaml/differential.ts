/**
 * The fast path's own check against `yaml`: parses a text both ways and lists every difference in
 * values, duplicate-key problems, Helm sources and `locate()` ranges (for every path to every node,
 * plus missing keys, out-of-range items and wrong-type segments below each), and the `yaml` side's
 * compact positions against its AST. Used by the tests.
 */
import type { Path } from "../../model/path.js";
import { locate } from "../locate.js";
import { parseYamlFast, parseYamlFull, type ParseResult } from "../parse.js";

export interface Differential {
  /** False when the fast path bailed out (nothing to compare). */
  fast: boolean;
  /** Human-readable differences; empty when both paths agree. */
  differences: string[];
  /** How many paths were located with both. */
  paths: number;
}

export function differential(text: string): Differential {
  const fast = parseYamlFast(text);
  if (!fast) return { fast: false, differences: [], paths: 0 };
  const full = parseYamlFull(text, "1.1");
  const differences: string[] = [];
  let paths = 0;
  const syntax = full.problems.filter((p) => p.ruleId !== "duplicate-key");
  if (syntax.length > 0) differences.push(`yaml reports syntax problems the fast path accepted: ${syntax.map((p) => `${p.message} @${p.range.line}:${p.range.column}`).join("; ")}`);
  if (JSON.stringify(fast.problems) !== JSON.stringify(full.problems.filter((p) => p.ruleId === "duplicate-key"))) {
    differences.push(`problems differ: fast ${JSON.stringify(fast.problems)} yaml ${JSON.stringify(full.problems)}`);
  }
  if (fast.documents.length !== full.documents.length) {
    differences.push(`document count: fast ${fast.documents.length}, yaml ${full.documents.length}`);
    return { fast: true, differences, paths };
  }
  fast.documents.forEach((fd, i) => {
    const yd = full.documents[i] as ParseResult["documents"][number];
    const v = sameValue(fd.value, yd.value, "");
    if (v) differences.push(`doc ${i}: value ${v}`);
    if (fd.helmSource !== yd.helmSource) differences.push(`doc ${i}: helmSource fast ${String(fd.helmSource)} yaml ${String(yd.helmSource)}`);
    const check = (path: Path) => {
      paths++;
      const a = locate(fd, fast.source, path);
      const b = locate(yd.ast, full.source, path);
      if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`doc ${i}: locate ${JSON.stringify(path)}: fast ${JSON.stringify(a)} yaml ${JSON.stringify(b)}`);
      // what a yaml-parsed file keeps instead of its AST must answer as the AST does
      const c = locate(yd, full.source, path);
      if (JSON.stringify(c) !== JSON.stringify(b)) differences.push(`doc ${i}: locate ${JSON.stringify(path)}: yaml's compact positions ${JSON.stringify(c)} yaml ${JSON.stringify(b)}`);
      const ka = fd.positions.topKey(String(path[0] ?? "kind"));
      const kb = yd.positions.topKey(String(path[0] ?? "kind"));
      if (path.length <= 1 && JSON.stringify(ka) !== JSON.stringify(kb)) differences.push(`doc ${i}: topKey ${JSON.stringify(path[0])}: fast ${JSON.stringify(ka)} yaml ${JSON.stringify(kb)}`);
    };
    const walk = (value: unknown, path: Path) => {
      check(path);
      check([...path, "\u0000missing"]);
      if (Array.isArray(value)) {
        check([...path, value.length]);
        check([...path, "0"]);
        value.forEach((item, j) => walk(item, [...path, j]));
      } else if (value !== null && typeof value === "object") {
        check([...path, 0]);
        for (const [k, item] of Object.entries(value)) walk(item, [...path, k]);
      }
    };
    walk(fd.value, []);
    if (fd.positions.contentStart !== yd.positions.contentStart) differences.push(`doc ${i}: contentStart fast ${fd.positions.contentStart} yaml ${yd.positions.contentStart}`);
  });
  return { fast: true, differences, paths };
}

/** Deep equality with types, key order, -0 and NaN; returns a description of the first difference. */
export function sameValue(a: unknown, b: unknown, at: string): string | undefined {
  if (typeof a !== typeof b) return `${at}: ${typeof a} vs ${typeof b} (${String(a)} / ${String(b)})`;
  if (a === null || b === null || typeof a !== "object") {
    return Object.is(a, b) ? undefined : `${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)} (${String(a)} / ${String(b)})`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: array vs object`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: prototypes differ`;
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  if (ka.join("\u0000") !== kb.join("\u0000")) return `${at}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
  for (const k of ka) {
    const d = sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}/${k}`);
    if (d) return d;
  }
  return undefined;
}
