import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import { expectedMarkers, REPO_ROOT } from "./helpers/fixtures.js";

// The documented example plugin (examples/acme-plugin) under the fixture convention: each case is
// a directory whose .shipshape.yaml lists the plugin; findings must equal its # expect: markers.
const EXAMPLE = path.join(REPO_ROOT, "examples", "acme-plugin");
const RULES = ["acme/approved-registries", "acme/require-owner"];

describe("example plugin examples/acme-plugin", () => {
  it("imports the built package (npm run build)", () => {
    expect(existsSync(path.join(REPO_ROOT, "lib", "src", "index.js")), "the example imports \"shipshape\": run npm run build first").toBe(true);
  });
  for (const kind of ["pass", "fail"] as const) {
    const root = path.join(EXAMPLE, "fixtures", kind);
    for (const name of readdirSync(root).sort()) {
      it(`${kind}/${name}`, async () => {
        const abs = path.join(root, name);
        const result = await lint({ cwd: abs, paths: ["."], only: RULES, allowPlugins: true, gitignore: false });
        expect(result.errors).toEqual([]);
        const found = result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();
        if (kind === "pass") expect(found).toEqual([]);
        else {
          const expected = expectedMarkers({ ruleId: RULES[0] as string, kind, abs, name });
          expect(expected.length).toBeGreaterThan(0);
          expect(found).toEqual(expected);
        }
      });
    }
  }
});
