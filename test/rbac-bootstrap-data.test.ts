import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OUTPUT_FROM_ROOT, SOURCE_DIR_FROM_ROOT, generateBootstrapData } from "../scripts/gen-rbac-data.js";
import { BOOTSTRAP_CLUSTER_ROLES, BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_ROLES, BOOTSTRAP_ROLE_BINDINGS, BOOTSTRAP_SOURCE } from "../src/analysis/rbac/bootstrap-data.js";
import { REPO_ROOT } from "./helpers/fixtures.js";

const source = path.resolve(REPO_ROOT, SOURCE_DIR_FROM_ROOT);

describe("bundled bootstrap policy", () => {
  it.runIf(existsSync(source))("matches what scripts/gen-rbac-data.ts makes from ../shared/k8s-rbac", () => {
    expect(readFileSync(path.join(REPO_ROOT, OUTPUT_FROM_ROOT), "utf8"), "run: node scripts/run-ts.js scripts/gen-rbac-data.ts").toBe(generateBootstrapData(source));
  });

  it("records its source and holds the documented objects", () => {
    expect(BOOTSTRAP_SOURCE.repository).toBe("github.com/kubernetes/kubernetes");
    expect(BOOTSTRAP_SOURCE.files.map((f) => f.blob)).toEqual([
      "7ac613ead38e37e55d117d232e9d94396e3f0ffc", "05e333f5d732ca74b6c64fed605670bbc82a811a",
      "3e9480680cbb3c553f1826c7d24f214d2e7a84df", "08c1d883b8a21ee5501f9feac3e192cbad98e934",
    ]);
    expect(BOOTSTRAP_CLUSTER_ROLES).toHaveLength(32);
    expect(BOOTSTRAP_ROLES).toHaveLength(7);
    expect(BOOTSTRAP_ROLE_BINDINGS).toHaveLength(7);
    // 10 from the file, 2 supplemented
    expect(BOOTSTRAP_CLUSTER_ROLE_BINDINGS.map((b) => b.name).filter((n) => ["cluster-admin", "system:monitoring", "system:service-account-issuer-discovery"].includes(n))).toEqual(["cluster-admin", "system:monitoring", "system:service-account-issuer-discovery"]);
    expect(BOOTSTRAP_CLUSTER_ROLE_BINDINGS.filter((b) => b.supplement).map((b) => b.name)).toEqual(["system:monitoring", "system:service-account-issuer-discovery"]);
    expect(BOOTSTRAP_CLUSTER_ROLES.filter((r) => r.aggregationRule).map((r) => r.name)).toEqual(["admin", "edit", "view"]);
  });
});
