// The parse floor: read every manifest synchronously and parse every document with `yaml`,
// keeping positions, then to plain values — one thread, nothing else. Usage: node bench/floor.mjs DIR
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out;
}

let documents = 0;
for (const file of walk(process.argv[2], []).sort()) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"), { version: "1.1" })) {
    doc.toJS({ maxAliasCount: 100 });
    documents++;
  }
}
process.stdout.write(`${documents}\n`);
