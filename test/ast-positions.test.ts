import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node } from "yaml";
import { fastParse } from "../src/load/fast-yaml.js";
import { AstPositions, astSpan, astTopKey } from "../src/load/locate.js";
import { parseYamlFull } from "../src/load/parse.js";
import { TO_JS_OPTIONS, YAML_OPTIONS } from "../src/load/yaml-options.js";
import type { Path } from "../src/model/path.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const ORACLES = "/work/shared/oracles";

/** Texts where positions over the AST take every turn: aliases, merge keys, complex and odd keys, pairs in sequences. */
const TRICKY = [
  "base: &b {a: 1, b: [x, y]}\nmid: &m\n  <<: *b\n  c: 3\ntop:\n  <<: [*m, {d: 4}]\n  a: own\nalias: *b\nlist: [*b, *m]\n",
  "x: &a\n  k: v\ny:\n  <<: *a\n  <<: {k2: v2}\nz:\n  <<: [*a, [nested], 3, *missing]\n",
  "? &k [a, b]\n: v\nref: *k\n? {c: d}\n: complex\n1: one\ntrue: yes\n~: null key\n\"q\": quoted\n'': empty\n",
  "seq:\n  - [a: 1, b]\n  - !!omap\n    - one: 1\n    - two: 2\n  - !!set\n    ? p\n    ? q\n  -\n  - &s scalar\n  - *s\n",
  "a: 1\na: 2\nb:\n  c: 1\n  c:\n    d: 2\n",
  "--- # empty\n---\nkind: Pod\n...\n--- |\n  text\n---\n- &r {kind: Pod, apiVersion: v1}\n- *r\n",
  "self: &loop\n  <<: *loop\n  k: 1\n",
  "m:\n  <<: *undefined\n  k: v\n",
  "[a, {b: c}, [d]]\n",
  "key: [unclosed\nnext: 1\n---\nok: 2\n",
];

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Paths to check: every path the AST spells (through aliases), every path of the plain value, and wrong turns below each. */
function pathsOf(doc: Document): Path[] {
  const out = new Map<string, Path>();
  const add = (p: Path) => {
    if (out.size < 300) out.set(JSON.stringify(p), p);
  };
  const wrong = (p: Path) => {
    for (const seg of ["\u0000missing", "<<", 0, 1, -1, 1.5, 99, "0"]) add([...p, seg]);
  };
  const walkAst = (n: unknown, p: Path, depth: number) => {
    add(p);
    wrong(p);
    if (depth > 12) return;
    const node = isAlias(n) ? n.resolve(doc) : n;
    if (isMap(node)) {
      for (const item of node.items) if (isPair(item) && isScalar(item.key)) walkAst(item.value, [...p, String(item.key.value)], depth + 1);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walkAst(isPair(item) ? item.value : item, [...p, i], depth + 1));
    }
  };
  walkAst(doc.contents as Node | null, [], 0);
  let value: unknown;
  try {
    doc.options.logLevel = "error"; // no warnings about template keys
    value = doc.toJS(TO_JS_OPTIONS);
  } catch {
    value = undefined;
  }
  const walkValue = (v: unknown, p: Path, depth: number) => {
    add(p);
    wrong(p);
    if (depth > 12 || v === null || typeof v !== "object") return;
    if (Array.isArray(v)) v.forEach((item, i) => walkValue(item, [...p, i], depth + 1));
    else if (!(v instanceof Map) && !(v instanceof Set)) for (const [k, item] of Object.entries(v)) walkValue(item, [...p, k], depth + 1);
  };
  walkValue(value, [], 0);
  return [...out.values()];
}

/** Every difference between the compact index and the AST it was built from. */
function differences(text: string, label: string): { differences: string[]; paths: number } {
  const found: string[] = [];
  let paths = 0;
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, YAML_OPTIONS) as Document[];
    if (!Array.isArray(docs)) docs = [docs];
  } catch {
    return { differences: found, paths };
  }
  docs.forEach((doc, i) => {
    const index = new AstPositions(doc);
    const where = `${label} doc ${i}`;
    const contentStart = (doc.contents as Node | null)?.range?.[0] ?? 0;
    if (index.contentStart !== contentStart) found.push(`${where}: contentStart ${index.contentStart} vs ${contentStart}`);
    const names = new Set(["apiVersion", "kind", "x", "", "1", "true", "<<"]);
    if (isMap(doc.contents)) for (const item of doc.contents.items) if (isScalar(item.key)) names.add(String(item.key.value));
    for (const name of names) {
      const a = JSON.stringify(index.topKey(name));
      const b = JSON.stringify(astTopKey(doc, name));
      if (a !== b) found.push(`${where}: topKey ${JSON.stringify(name)}: ${a} vs ${b}`);
    }
    for (const p of pathsOf(doc)) {
      paths++;
      const a = JSON.stringify(index.span(p));
      const b = JSON.stringify(astSpan(doc, p));
      if (a !== b) found.push(`${where}: span ${JSON.stringify(p)}: ${a} vs ${b}`);
    }
  });
  return { differences: found, paths };
}

describe("positions of yaml-parsed documents without their AST", () => {
  it("equal the AST's on aliases, merge keys, complex keys, pairs in sequences, duplicates and broken documents", () => {
    const all = TRICKY.map((t, i) => differences(t, `tricky ${i}`));
    expect(all.flatMap((r) => r.differences)).toEqual([]);
    expect(all.reduce((n, r) => n + r.paths, 0)).toBeGreaterThan(500);
  });

  it("equal the AST's on every fixture file the fast path leaves to yaml, and every oracle file with anchors", () => {
    const fixtures = yamlFiles(path.join(ROOT, "fixtures")).filter((f) => fastParse(readFileSync(f, "utf8")) === undefined);
    const oracles = existsSync(ORACLES) ? yamlFiles(ORACLES).filter((f) => /[&*][\w-]/.test(readFileSync(f, "utf8"))) : [];
    const files = [...fixtures, ...oracles];
    const found: string[] = [];
    let paths = 0;
    for (const f of files) {
      const r = differences(readFileSync(f, "utf8"), path.relative(ROOT, f));
      found.push(...r.differences);
      paths += r.paths;
    }
    expect(found.slice(0, 20)).toEqual([]);
    expect(fixtures.length).toBeGreaterThan(20);
    expect(paths).toBeGreaterThan(5_000);
  });

  it("are what a yaml-parsed file keeps; its AST is parsed again on first use, once", () => {
    const text = "a: &x {b: 1}\nc: *x\n---\nd: [1, 2]\n";
    const parsed = parseYamlFull(text);
    const [first, second] = parsed.documents;
    expect(first?.positions).toBeInstanceOf(AstPositions);
    // through the alias, at the anchored map's key: the AST's answer
    expect(first?.positions.span(["c", "b"])).toEqual({ start: 7, end: 11, depth: 2 });
    expect(first && astSpan(first.ast, ["c", "b"])).toEqual({ start: 7, end: 11, depth: 2 });
    expect(second?.ast.toJS()).toEqual({ d: [1, 2] });
    expect(first?.ast).toBe(first?.ast);
    expect(first?.ast.toJS()).toEqual({ a: { b: 1 }, c: { b: 1 } });
  });
});
