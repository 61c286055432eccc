import { describe, expect, it } from "vitest";
import { actualFindings, expectedMarkers, fixtureCases } from "./helpers/fixtures.js";

// One table-driven test for every rule: each fixture's findings equal its `# expect:` markers exactly.
describe("rule fixtures", () => {
  const cases = fixtureCases();
  it("has fixtures", () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const c of cases) {
    it(c.name, async () => {
      const { found, errors } = await actualFindings(c);
      expect(errors).toEqual([]);
      if (c.kind === "pass") {
        expect(found).toEqual([]);
      } else {
        const expected = expectedMarkers(c);
        expect(expected.length, "a fail fixture needs at least one # expect: marker").toBeGreaterThan(0);
        expect(found).toEqual(expected);
      }
    });
  }
});
