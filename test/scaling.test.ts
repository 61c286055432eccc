/**
 * Cross-resource work grows linearly with the repo: label selectors are evaluated against indexed
 * candidates, never all resources pairwise. Counted, not timed: at 4× the documents a linear run
 * evaluates about 4× the selectors, a pairwise one about 16×.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../bench/corpus.js";
import { lint } from "../src/engine/lint.js";
import { resetSelectorEvaluations, selectorEvaluations } from "../src/model/selectors.js";

const work = mkdtempSync(path.join(os.tmpdir(), "shipshape-scaling-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const config = path.join(work, "strict.shipshape.yaml");
writeFileSync(config, "extends: [strict]\n");

/**
 * The benchmark corpus's NetworkPolicies are ingress-only; one egress policy per 10 documents adds named
 * ports reached through a podSelector and through a namespaceSelector, whose destinations a rule resolves.
 */
function egressPolicies(dir: string, documents: number): number {
  const count = documents / 10;
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: egress-${i}
  namespace: team-${i % 40}
spec:
  podSelector:
    matchLabels: { app: app-${i} }
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector:
            matchLabels: { app: app-${i} }
      ports:
        - port: http
    - to:
        - namespaceSelector:
            matchLabels: { kubernetes.io/metadata.name: team-${(i + 1) % 40} }
          podSelector:
            matchLabels: { app: app-${i + 1}, tier: web }
      ports:
        - port: metrics
`);
  }
  writeFileSync(path.join(dir, "egress.yaml"), docs.map((d) => `---\n${d}`).join(""));
  return count;
}

async function evaluationsAt(documents: number): Promise<{ evaluations: number; resources: number }> {
  const dir = path.join(work, String(documents));
  generateCorpus(dir, documents);
  const extra = egressPolicies(dir, documents);
  resetSelectorEvaluations();
  const r = await lint({ cwd: dir, paths: ["."], config, gitignore: false, render: false });
  return { evaluations: selectorEvaluations(), resources: r.stats.resources - extra };
}

describe("scaling of cross-resource work", () => {
  it("evaluates about 4× the label selectors on a corpus 4× the size (strict: every repo rule)", { timeout: 120_000 }, async () => {
    const small = await evaluationsAt(1000);
    const large = await evaluationsAt(4000);
    console.log(`selector evaluations: ${small.evaluations} at ${small.resources} resources, ${large.evaluations} at ${large.resources} resources (×${(large.evaluations / small.evaluations).toFixed(2)})`);
    expect(small.resources).toBe(1000);
    expect(large.resources).toBe(4000);
    // The repo rules do evaluate selectors here (Services and NetworkPolicies of the corpus, the egress policies).
    expect(small.evaluations).toBeGreaterThan(100);
    expect(large.evaluations).toBeLessThanOrEqual(5 * small.evaluations);
  });
});
