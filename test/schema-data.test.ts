import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dataLoaded } from "../src/analysis/schema/data.js";
import { lint } from "../src/engine/lint.js";
import { defaultSourceDir, generate, LIFECYCLE_FILE, SCHEMA_FILE } from "../scripts/gen-k8s-data.js";
import { FIXTURE_ROOT, REPO_ROOT } from "./helpers/fixtures.js";

const source = defaultSourceDir(REPO_ROOT);

describe("bundled Kubernetes API data", () => {
  it("is loaded only once a schema or lifecycle rule runs", async () => {
    const cwd = path.join(FIXTURE_ROOT, "unknown-field", "fail");
    await lint({ cwd, paths: ["."], config: false, only: ["image-tag-mutable", "privileged-container"], gitignore: false });
    expect(dataLoaded()).toBe(false);
    const result = await lint({ cwd, paths: ["."], config: false, only: ["unknown-field"], gitignore: false });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(dataLoaded()).toBe(true);
  });

  it("is one merged schema file well under 0.5 MB, plus the lifecycle table", () => {
    expect(statSync(path.join(REPO_ROOT, SCHEMA_FILE)).size).toBeLessThan(500_000);
    expect(statSync(path.join(REPO_ROOT, LIFECYCLE_FILE)).size).toBeLessThan(100_000);
  });

  it.skipIf(!existsSync(source))("matches what npm run build:k8s-data generates from ../shared/k8s-openapi", { timeout: 60_000 }, () => {
    const { schema, lifecycle } = generate(source);
    // Compared as text: any difference (a newer source, a changed generator) must be regenerated and committed.
    expect(schema === readFileSync(path.join(REPO_ROOT, SCHEMA_FILE), "utf8"), `${SCHEMA_FILE} is stale: run npm run build:k8s-data`).toBe(true);
    expect(lifecycle === readFileSync(path.join(REPO_ROOT, LIFECYCLE_FILE), "utf8"), `${LIFECYCLE_FILE} is stale: run npm run build:k8s-data`).toBe(true);
  });
});
