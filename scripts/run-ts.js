#!/usr/bin/env node
// Runs a TypeScript script of this repo from its compiled form: builds lib/ first, then
// imports lib/<script>.js and calls its main(argv). Usage: node scripts/run-ts.js scripts/x.ts [args…]
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node scripts/run-ts.js scripts/<name>.ts [args…]");
  process.exit(2);
}
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit", cwd: root });
const compiled = path.join(root, "lib", script.replace(/\.ts$/, ".js"));
const mod = await import(pathToFileURL(compiled).href);
process.exitCode = (await mod.main(args)) ?? 0;
