import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { differential } from "../src/load/fast-yaml/differential.js";

const ROOT = path.resolve(import.meta.dirname, "..");

/** xorshift32, seeded: the same edits every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

const INSERTS = [":", ": ", "-", "- ", "'", '"', "\t", " ", "  ", "#", " #", "\n", "\n  ", "[", "]", "{", "}", ",", "|", ">", "&a ", "*a", "!", "? ", "...", "---\n", "\r\n", "\\", "~", "0", "yes"];

/** One random edit: delete a few characters, insert a YAML-significant string, or change an indentation. */
function mutate(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  const kind = r();
  if (kind < 0.3) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
  if (kind < 0.75) return text.slice(0, at) + (INSERTS[Math.floor(r() * INSERTS.length)] as string) + text.slice(at);
  // indentation: add or remove spaces at the start of a random line
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  if (r() < 0.5) return text.slice(0, lineStart) + " ".repeat(1 + Math.floor(r() * 3)) + text.slice(lineStart);
  return text.slice(0, lineStart) + text.slice(lineStart).replace(/^ {1,2}/, "");
}

describe("fast YAML path: mutation fuzz", () => {
  it("either refuses a mutated fixture or agrees with yaml exactly", () => {
    const files = yamlFiles(path.join(ROOT, "fixtures", "rules")).sort();
    const r = rng(20240610);
    const failures: string[] = [];
    let accepted = 0;
    let cases = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = round; i < files.length; i += 3) {
        const original = readFileSync(files[i] as string, "utf8");
        let text = original;
        const edits = 1 + Math.floor(r() * 3);
        for (let e = 0; e < edits; e++) text = mutate(text, r);
        cases++;
        const d = differential(text);
        if (d.fast) accepted++;
        if (d.differences.length > 0) failures.push(`${path.relative(ROOT, files[i] as string)} edited to ${JSON.stringify(text)}: ${d.differences.slice(0, 3).join(" | ")}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    // the edits keep many texts inside the subset, so agreement is really tested
    expect(accepted).toBeGreaterThan(cases / 4);
  });
});
