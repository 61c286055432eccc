import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listFixtures } from "../src/analysis/pss/conformance.js";
import { PSS_CHECKS } from "../src/analysis/pss/index.js";
import { lint } from "../src/engine/lint.js";
import { REPO_ROOT } from "./helpers/fixtures.js";

const dataDir = path.resolve(REPO_ROOT, "../shared/oracles/pss-testdata");

/**
 * The same oracle as pss-conformance.test.ts, but through the whole pipeline: each level/version
 * folder is linted as a repo with `--only pss-<level> --kube-version <version>`, so the rules, the
 * engine and the locator are what is judged. A fail fixture must raise its check's rule (others
 * may come too); a pass fixture must raise nothing.
 */
describe.skipIf(!existsSync(dataDir))("Pod Security conformance through lint()", () => {
  it("agrees with every fixture at every level and version", { timeout: 240_000 }, async () => {
    const ruleOf = new Map(PSS_CHECKS.map((c) => [c.id, c.ruleId]));
    const cases = listFixtures(dataDir);
    const groups = new Map<string, typeof cases>();
    for (const c of cases) {
      const key = `${c.level}|${c.version}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const figures = new Map<string, { agree: number; total: number }>();
    const disagreements: string[] = [];
    for (const [key, list] of groups) {
      const [level, version] = key.split("|") as [string, string];
      const cwd = path.join(dataDir, level, `v${version}`);
      const result = await lint({ cwd, paths: ["."], config: false, only: [`pss-${level}`], kubeVersion: version, gitignore: false });
      expect(result.errors).toEqual([]);
      const byFile = new Map<string, Set<string>>();
      for (const f of result.findings) byFile.set(f.file, (byFile.get(f.file) ?? new Set()).add(f.ruleId));
      const fig = figures.get(level) ?? { agree: 0, total: 0 };
      for (const c of list) {
        const rel = path.relative(cwd, path.resolve(dataDir, c.file)).split(path.sep).join("/");
        const found = byFile.get(rel) ?? new Set<string>();
        const want = c.check ? ruleOf.get(c.check) : undefined;
        const ok = c.expect === "pass" ? found.size === 0 : want !== undefined && found.has(want);
        fig.total++;
        if (ok) fig.agree++;
        else disagreements.push(`${level} ${version} ${rel}: expected ${c.expect === "pass" ? "nothing" : want}, found ${[...found].join(",") || "nothing"}`);
      }
      figures.set(level, fig);
    }
    for (const [level, f] of figures) console.log(`pss conformance via lint(): ${level} ${f.agree}/${f.total}`);
    expect(disagreements.slice(0, 20)).toEqual([]);
    expect([...figures.values()].reduce((n, f) => n + f.total, 0)).toBe(cases.length);
  });
});
