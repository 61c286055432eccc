import { describe, expect, it } from "vitest";
import type { Finding, LintResult } from "../src/engine/types.js";
import { formatJson, formatJsonChunks, formatResult, formatResultChunks, toJsonReport } from "../src/report/index.js";
import { fakeFinding, makeResult, sampleResult } from "./helpers/result-factory.js";

/** The reference: the whole report as one JSON.stringify, as `--format json` always wrote it. */
const whole = (r: LintResult) => `${JSON.stringify(toJsonReport(r), null, 2)}\n`;

/** Findings with every field the JSON carries: escapes, unicode, related locations, suppressions, helmSource. */
function findings(n: number): Finding[] {
  return Array.from({ length: n }, (_, i) =>
    fakeFinding({
      message: `finding ${i}: "quoted", a\nnewline, a tab\t, ✓ and \u2028`,
      line: i + 1,
      related: i % 7 === 0 ? [{ file: "a.yaml", line: 1, column: 2, endLine: 3, endColumn: 4, message: "also here" }] : [],
      suppressions: i % 5 === 0 ? [{ kind: "inSource", source: "comment", justification: i % 10 === 0 ? null : "reviewed" }] : [],
      suppressed: i % 5 === 0,
      ...(i % 11 === 0 ? { helmSource: "chart/templates/deployment.yaml", resource: null, path: null } : {}),
    }),
  );
}

describe("the JSON report in pieces", () => {
  it("is byte for byte the report as one JSON.stringify: no findings, a few, and just under, at and over a piece's hundred", () => {
    const cases = [
      makeResult(),
      sampleResult(),
      makeResult({ findings: findings(1) }),
      makeResult({ findings: findings(99) }),
      makeResult({ findings: findings(100) }),
      makeResult({ findings: findings(101) }),
      makeResult({
        findings: findings(250),
        notifications: [{ level: "note", file: null, line: null, id: "x", message: "a note\nwith a newline" }],
        errors: [{ file: "b.yaml", message: "rule x failed", ruleId: "x" }, { file: null, message: "boom" }],
      }),
    ];
    for (const r of cases) {
      expect([...formatJsonChunks(r)].join("")).toBe(whole(r));
      expect(formatJson(r)).toBe(whole(r));
    }
  });

  it("never holds a large report as one string: 250 findings come in pieces of at most a hundred findings", () => {
    const r = makeResult({ findings: findings(250) });
    const chunks = [...formatResultChunks("json", r)];
    expect(chunks.join("")).toBe(whole(r));
    const perChunk = chunks.map((c) => (c.match(/"ruleId"/g) ?? []).length);
    expect(perChunk.filter((n) => n > 0)).toEqual([100, 100, 50]);
  });

  it("gives the other formats as one piece, equal to formatResult", () => {
    const r = sampleResult();
    for (const name of ["stylish", "sarif", "github", "markdown"] as const) expect([...formatResultChunks(name, r)], name).toEqual([formatResult(name, r)]);
  });
});
