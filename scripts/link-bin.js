#!/usr/bin/env node
// After `npm ci` builds lib/, expose this package's own CLI as node_modules/.bin/shipshape, so
// tools that look there (pre-commit hooks, editor integrations, scripts) find it in a checkout.
import { existsSync, mkdirSync, symlinkSync, lstatSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const binDir = path.join(root, "node_modules", ".bin");
const link = path.join(binDir, "shipshape");
if (existsSync(path.join(root, "node_modules"))) {
  mkdirSync(binDir, { recursive: true });
  let present = false;
  try {
    lstatSync(link);
    present = true;
  } catch {
    present = false;
  }
  if (!present) symlinkSync(path.relative(binDir, path.join(root, "bin", "shipshape.js")), link);
}
