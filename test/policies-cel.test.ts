import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import { runCli } from "../src/cli/main.js";
import { expectedMarkers, REPO_ROOT } from "./helpers/fixtures.js";

const POLICY_FIXTURES = path.join(REPO_ROOT, "fixtures", "policies");

async function found(dir: string): Promise<{ found: string[]; levels: Record<string, string>; errors: string[] }> {
  const result = await lint({ cwd: dir, paths: ["."], only: ["policy"], gitignore: false });
  const levels: Record<string, string> = {};
  for (const f of result.findings) levels[`${f.ruleId} ${f.file}:${f.line}`] = f.level;
  return { found: result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort(), levels, errors: result.errors.map((e) => e.message) };
}

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "shipshape-policy-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
`;

describe("CEL policies: fixtures (# expect markers)", () => {
  for (const name of readdirSync(POLICY_FIXTURES).sort()) {
    it(name, async () => {
      const dir = path.join(POLICY_FIXTURES, name);
      const r = await found(dir);
      expect(r.errors).toEqual([]);
      expect(r.found).toEqual(expectedMarkers({ ruleId: "policy", kind: "fail", abs: dir, name }));
    });
  }

  it("uses the policy's level, messageExpression and path; evaluation errors are notes", async () => {
    const match = await found(path.join(POLICY_FIXTURES, "match"));
    expect(match.levels["acme/max-replicas apps/shop/web.yaml:9"]).toBe("error");
    expect(match.levels["acme/no-latest-in-prod apps/shop/web.yaml:14"]).toBe("warning");
    const result = await lint({ cwd: path.join(POLICY_FIXTURES, "variables"), paths: ["."], only: ["policy"], gitignore: false });
    const byLine = Object.fromEntries(result.findings.map((f) => [`${f.file}:${f.line}`, f]));
    expect(byLine["apps.yaml:17"]?.message).toBe('team "Payments_Team" is not a lower-case name');
    expect(byLine["apps.yaml:17"]?.path).toBe('metadata.labels.team');
    expect(byLine["apps.yaml:44"]?.message).toBe("hosts outside acme.io: shop.example.com");
    expect(byLine["apps.yaml:52"]?.level).toBe("note");
    expect(byLine["apps.yaml:52"]?.message).toMatch(/^policy "ingress-hosts" \(\.shipshape\.yaml:\d+\) could not decide Ingress\/default-backend: validation 1 failed to evaluate: No such key: rules$/);
  });
});

describe("CEL policies: configuration", () => {
  it("a policy that does not compile is a configuration error at its file and line (inside a block scalar)", async () => {
    const dir = repo({
      ".shipshape.yaml": "policies: [policies/*.policy.yaml]\n",
      "policies/bad.policy.yaml": "id: bad\nvalidations:\n  - expression: |\n      object.spec.replicas <= 5 &&\n      object.spec.replicas >\n    message: broken\n",
      "app.yaml": DEPLOYMENT,
    });
    await expect(lint({ cwd: dir, paths: ["."] })).rejects.toThrow(/^policies\/bad\.policy\.yaml:5: policy "bad": validation 1 does not compile: /);
    const err: string[] = [];
    const code = await runCli(["app.yaml"], { cwd: dir, env: {}, stdout: () => {}, stderr: (s) => err.push(s), readStdin: async () => new Uint8Array(), stdoutIsTTY: false });
    expect(code).toBe(2);
    expect(err.join("")).toContain("policies/bad.policy.yaml:5:");
  });

  it("an inline policy's compile error points into the config", async () => {
    const dir = repo({ ".shipshape.yaml": "policies:\n  - id: inline\n    validations:\n      - expression: \"object.kind ==\"\n", "app.yaml": DEPLOYMENT });
    await expect(lint({ cwd: dir, paths: ["."] })).rejects.toThrow(/^\.shipshape\.yaml:4: policy "inline": validation 1 does not compile/);
  });

  it("an unsupported function is a note at the expression's line, and the other validations still run", async () => {
    const dir = repo({
      ".shipshape.yaml": "policies:\n  - id: mixed\n    validations:\n      - expression: \"object.metadata.name.sizeInBytes() < 10\"\n      - expression: \"object.spec.replicas < 2\"\n        message: too many\n",
      "app.yaml": DEPLOYMENT,
    });
    const result = await lint({ cwd: dir, paths: ["."], only: ["mixed"] });
    expect(result.notifications.filter((n) => n.id === "policy-unsupported-function").map((n) => [n.file, n.line, n.level])).toEqual([[".shipshape.yaml", 4, "note"]]);
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line, f.message])).toEqual([["mixed", "app.yaml", 4, "too many"]]);
  });

  it("policy ids validate in rules:, and a level there applies", async () => {
    const dir = repo({
      ".shipshape.yaml": "rules:\n  small: note\npolicies:\n  - id: small\n    validations: [{ expression: \"object.spec.replicas < 2\" }]\n",
      "app.yaml": DEPLOYMENT,
    });
    const result = await lint({ cwd: dir, paths: ["."], only: ["small"] });
    expect(result.findings.map((f) => [f.ruleId, f.level, f.line, f.message])).toEqual([["small", "note", 4, "failed expression: object.spec.replicas < 2"]]);
    const typo = repo({ ".shipshape.yaml": "rules:\n  smal: note\npolicies:\n  - id: small\n    validations: [{ expression: \"true\" }]\n", "app.yaml": DEPLOYMENT });
    await expect(lint({ cwd: typo, paths: ["."] })).rejects.toThrow(/\.shipshape\.yaml:2: unknown rule "smal" \(did you mean "small"\?\)/);
  });

  it("a policy id may not take a built-in rule's id, and unknown keys name the nearest one", async () => {
    const clash = repo({ ".shipshape.yaml": "policies:\n  - id: privileged-container\n    validations: [{ expression: \"true\" }]\n", "app.yaml": DEPLOYMENT });
    await expect(lint({ cwd: clash, paths: ["."] })).rejects.toThrow(/rule id "privileged-container" .* already taken/);
    const typo = repo({ ".shipshape.yaml": "policies:\n  - id: x\n    validation: []\n", "app.yaml": DEPLOYMENT });
    await expect(lint({ cwd: typo, paths: ["."] })).rejects.toThrow(/^\.shipshape\.yaml:3: unknown key "validation" in a policy \(did you mean "validations"\?\)/);
  });

  it("needs no --allow-plugins", async () => {
    const dir = repo({ ".shipshape.yaml": "policies:\n  - id: fine\n    validations: [{ expression: \"true\" }]\n", "app.yaml": DEPLOYMENT });
    const result = await lint({ cwd: dir, paths: ["."], only: ["fine"] });
    expect(result.findings).toEqual([]);
  });

  it("a costly expression stops at the step limit and says so as a note, quickly", async () => {
    const items = Array.from({ length: 200 }, (_, i) => `    - "${i}"`).join("\n");
    const dir = repo({
      ".shipshape.yaml": "policies:\n  - id: costly\n    validations:\n      - expression: \"object.data.items.map(a, object.data.items.map(b, object.data.items.map(c, a + b + c))).size() > 0\"\n",
      "cm.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  items:\n${items}\n`,
    });
    const t = performance.now();
    const result = await lint({ cwd: dir, paths: ["."], only: ["costly"] });
    expect(performance.now() - t).toBeLessThan(5000);
    expect(result.findings.map((f) => [f.level, f.line])).toEqual([["note", 4]]);
    expect(result.findings[0]?.message).toMatch(/exceeded 1000000 steps \(cost limit\)/);
  });
});
