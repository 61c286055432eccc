/**
 * Regenerates the supported-function table in docs/policies.md from CEL_LIBRARY:
 * `node scripts/run-ts.js src/policies/cel-docs.ts`. A test fails when the two drift.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { celSupportTable } from "./cel.js";

const START = "<!-- cel-functions:start -->\n";
const END = "<!-- cel-functions:end -->";

/** docs/policies.md with the table between its markers replaced. */
export function withSupportTable(doc: string): string {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`docs/policies.md has no ${START.trim()} … ${END} block`);
  return doc.slice(0, a + START.length) + celSupportTable() + doc.slice(b);
}

export function main(): number {
  // lib/src/policies/cel-docs.js → repo root
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
  const file = path.join(root, "docs", "policies.md");
  writeFileSync(file, withSupportTable(readFileSync(file, "utf8")));
  return 0;
}
