import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateCorpus } from "../bench/corpus.js";
import { resultsMarkdown, runBench } from "../bench/run.js";

// A smoke test of `npm run bench` at 1k documents: it runs and reports; it asserts no timings.
describe("benchmark smoke test", () => {
  it("generates the same corpus for the same seed", () => {
    const a = mkdtempSync(path.join(os.tmpdir(), "shipshape-corpus-"));
    const b = mkdtempSync(path.join(os.tmpdir(), "shipshape-corpus-"));
    try {
      const x = generateCorpus(a, 300);
      const y = generateCorpus(b, 300);
      expect(x.documents).toBe(300);
      expect({ ...x, dir: "" }).toEqual({ ...y, dir: "" });
      // Realistic sizes: about 1 KB per document.
      expect(x.bytes / x.documents).toBeGreaterThan(700);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  it("measures the floor, recommended and strict at 1k documents", { timeout: 120_000 }, () => {
    const work = mkdtempSync(path.join(os.tmpdir(), "shipshape-bench-"));
    writeFileSync(path.join(work, "none.yaml"), "extends: [recommended]\n");
    try {
      const lines: string[] = [];
      const ms = runBench({ sizes: [1000], work, log: (l) => lines.push(l) });
      expect(ms.map((m) => `${m.corpus}/${m.name}`)).toEqual([
        "1000/parse-floor", "1000/recommended", "1000/strict", "1000/context-cold", "1000/context-warm",
        "tiny/node-e-0", "tiny/version", "tiny/one-small-file", "tiny/context-one-file-repo",
      ]);
      for (const m of ms) expect(m.exitCode, m.name).not.toBe(null);
      expect(ms.every((m) => m.exitCode === 0)).toBe(true);
      expect(ms.filter((m) => m.corpus === "1000").every((m) => m.documents === 1000)).toBe(true);
      expect(lines.map((l) => JSON.parse(l) as { name: string }).map((m) => m.name)).toHaveLength(9);
      expect(resultsMarkdown(ms)).toContain("| 1000 | strict | 1000 |");
      expect(resultsMarkdown(ms)).toMatch(/Pre-commit hook, one passed file in the 1000-document corpus: \d+ ms with a warm cache/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
