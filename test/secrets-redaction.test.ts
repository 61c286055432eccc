import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import { FORMAT_NAMES, formatResult } from "../src/report/index.js";
import { FIXTURE_ROOT } from "./helpers/fixtures.js";

/** Every secret planted in the secrets rules' fail fixtures (the credential part of each). */
const PLANTED = [
  "aHVudGVyMi1mb3ItdGVzdHM=", // secret-plaintext data
  "hunter2-for-tests",
  "fixture-token-value",
  "sk_test_FAKEFAKEFAKEFAKEFAKE0000",
  "AKIAIOSFODNN7EXAMPLE",
  "Sh0p-Fixture-Pass",
  "R3port-Fixture-Pass",
  "ghp_FAKE0fixture0token0not0real000000000",
  "Zx8vQ2mLp4R7tY1wK9sB3nF6hJ0cD5gA",
  "Qm9vdHN0cmFwLTRmOGEtYjJjMS05ZDNlLWZpeHR1cmU",
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmaXh0dXJlIn0.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz",
  "MIIEowIBAAKCAQEAfixturefixturefixturefixturefixturefixturefixture",
  "NvM8ORsM5mwpW86q/i3Ctew4Pf/7IEBxpkj477Qegwg=",
];

/** Every 8-character window of a secret: the redactor may show 4 leading characters, never 8 in a row. */
function windows(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) out.push(secret.slice(i, i + 8));
  return out;
}

const RULES = ["secret-plaintext", "secret-literal-in-env", "secret-in-configmap", "hardcoded-credential", "secret-service-account-token", "secret-env-var"];

describe("secret values never reach the output", () => {
  it("in stylish, json, sarif, github and markdown output of the secrets fail fixtures", async () => {
    const paths = RULES.map((r) => path.join(FIXTURE_ROOT, r, "fail"));
    // Every rule runs (not just the secrets rules), so no other rule's message may quote a secret either.
    const result = await lint({ cwd: FIXTURE_ROOT, paths, config: false, only: ["strict"], gitignore: false });
    const secretFindings = result.findings.filter((f) => RULES.includes(f.ruleId));
    expect(new Set(secretFindings.map((f) => f.ruleId))).toEqual(new Set(RULES));
    for (const format of FORMAT_NAMES) {
      const out = formatResult(format, result, { color: false });
      // The output did get the findings, with their redacted hints.
      expect(out, format).toContain("AKIA…(20 chars)");
      for (const secret of PLANTED) {
        for (const w of windows(secret)) expect(out.includes(w), `${format} shows "${w}" of a planted secret`).toBe(false);
      }
    }
  });
});
