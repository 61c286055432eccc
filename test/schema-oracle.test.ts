import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import { REPO_ROOT } from "./helpers/fixtures.js";

const dataDir = path.resolve(REPO_ROOT, "../shared/oracles/pss-testdata");
const SCHEMA_RULES = ["unknown-field", "field-type", "required-field-missing", "api-removed", "api-deprecated", "api-version-unknown", "crd-schema"];

/** The 4,537 upstream Pod Security test pods are valid API objects: no schema rule may fire on any of them. */
describe.skipIf(!existsSync(dataDir))("schema rules over the Pod Security oracle pods", () => {
  it("find nothing at the default Kubernetes version", { timeout: 120_000 }, async () => {
    const result = await lint({ cwd: dataDir, paths: ["."], config: false, only: SCHEMA_RULES, gitignore: false, timing: true });
    expect(result.errors).toEqual([]);
    expect(result.stats.resources).toBe(4537);
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
    expect(result.notifications.filter((n) => n.id === "crd-schema-missing")).toEqual([]);
  });
});
