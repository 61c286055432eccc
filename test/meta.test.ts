import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtInRules } from "../rules/index.js";
import { CATEGORIES } from "../src/rule-api.js";
import { generatedDocs } from "../scripts/gen-docs.js";
import { FIXTURE_ROOT, REPO_ROOT, expectedMarkers, fixtureCases } from "./helpers/fixtures.js";

const ids = builtInRules.map((r) => r.meta.id);

describe("rule registry", () => {
  it("lists rules sorted by id, each id unique", () => {
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const rule of builtInRules) {
    const m = rule.meta;
    it(`${m.id}: file name, category folder and metadata agree`, () => {
      expect(m.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(CATEGORIES).toContain(m.category);
      const folder = m.category === "syntax" ? "syntax" : m.category;
      expect(existsSync(path.join(REPO_ROOT, "rules", folder, `${m.id}.ts`))).toBe(true);
      expect(m.title.length).toBeGreaterThan(10);
      expect(m.description.length).toBeGreaterThan(40);
      expect(m.remediation.length).toBeGreaterThan(10);
      if (m.securitySeverity !== undefined) {
        expect(m.securitySeverity).toBeGreaterThanOrEqual(0.1);
        expect(m.securitySeverity).toBeLessThanOrEqual(10);
      }
      expect(m.tags.length).toBeLessThanOrEqual(19);
      for (const [k, s] of Object.entries(m.options ?? {})) expect(s.default, `option ${k} needs a default`).not.toBeUndefined();
    });

    it(`${m.id}: has pass and fail fixtures with markers`, () => {
      const cases = fixtureCases().filter((c) => c.ruleId === m.id);
      expect(cases.some((c) => c.kind === "pass"), "pass fixture").toBe(true);
      const fails = cases.filter((c) => c.kind === "fail");
      expect(fails.length, "fail fixture").toBeGreaterThan(0);
      for (const c of fails) expect(expectedMarkers(c).some((x) => x.startsWith(`${m.id} `)), c.name).toBe(true);
    });
  }

  it("every fixture folder names a registered rule", () => {
    for (const dir of readdirSync(FIXTURE_ROOT)) expect(ids, `fixtures/rules/${dir}`).toContain(dir);
  });
});

describe("generated docs", () => {
  it("docs/ and schema/ match `npm run docs`", () => {
    const files = generatedDocs(REPO_ROOT);
    const stale: string[] = [];
    for (const [rel, text] of files) {
      const abs = path.join(REPO_ROOT, rel);
      if (!existsSync(abs) || readFileSync(abs, "utf8") !== text) stale.push(rel);
    }
    const docDir = path.join(REPO_ROOT, "docs", "rules");
    for (const f of existsSync(docDir) ? readdirSync(docDir) : []) if (!files.has(`docs/rules/${f}`)) stale.push(`docs/rules/${f} (not generated)`);
    expect(stale, "run `npm run docs` and commit the result").toEqual([]);
  });
});
