import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { builtInRules } from "../rules/index.js";

const PLUGIN = `export default {
  name: "acme",
  rules: [{
    meta: {
      id: "no-default-namespace", title: "Nothing in the default namespace", description: "d", remediation: "r", category: "workload",
      level: "warning", tags: ["acme"], presets: ["recommended"], since: "0.1.0", messages: { m: "m" },
    },
    appliesTo: "resources",
    check() {},
  }],
};
`;

const POLICY = `policies:
  - id: acme/max-replicas
    title: Deployments run at most 5 replicas
    match:
      kinds: [{ apiGroups: [apps], kinds: [Deployment] }]
    validations:
      - expression: "object.spec.replicas <= 5"
        message: too many replicas
`;

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "shipshape-rules-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function cli(dir: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { cwd: dir, env: {}, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: async () => new Uint8Array(), stdoutIsTTY: false });
  return { code, stdout, stderr };
}

const ids = (stdout: string) => (JSON.parse(stdout) as { rules: { id: string }[] }).rules.map((r) => r.id);
const builtIn = builtInRules.map((r) => r.meta.id);

describe("shipshape rules / explain with the config's extensions", () => {
  it("list and explain the config's CEL policies (no flag needed: CEL runs no code)", async () => {
    const dir = repo({ ".shipshape.yaml": POLICY });
    const r = await cli(dir, ["rules", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(ids(r.stdout).sort()).toEqual([...builtIn, "acme/max-replicas"].sort());
    const e = await cli(dir, ["explain", "acme/max-replicas"]);
    expect(e.code).toBe(0);
    expect(e.stdout.split("\n")[0]).toBe("acme/max-replicas: Deployments run at most 5 replicas");
  });

  it("list and explain plugin rules with --allow-plugins, from the config given by -c", async () => {
    const dir = repo({ "conf/.shipshape.yaml": `plugins: [../acme.mjs]\n${POLICY}`, "acme.mjs": PLUGIN });
    const r = await cli(dir, ["rules", "-c", "conf/.shipshape.yaml", "--allow-plugins", "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(ids(r.stdout).sort()).toEqual([...builtIn, "acme/max-replicas", "acme/no-default-namespace"].sort());
    const e = await cli(dir, ["explain", "acme/no-default-namespace", "-c", "conf/.shipshape.yaml", "--allow-plugins"]);
    expect(e.code).toBe(0);
    expect(e.stdout.split("\n")[0]).toBe("acme/no-default-namespace: Nothing in the default namespace");
  });

  it("refuse a config with plugins without --allow-plugins, as lint does (exit 2 naming the flag)", async () => {
    const dir = repo({ ".shipshape.yaml": "plugins: [./acme.mjs]\n", "acme.mjs": PLUGIN });
    for (const argv of [["rules"], ["explain", "acme/no-default-namespace"]]) {
      const r = await cli(dir, argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--allow-plugins");
      expect(r.stdout).toBe("");
    }
  });

  it("without a config, list exactly the built-in rules", async () => {
    const r = await cli(repo({ "x.yaml": "a: 1\n" }), ["rules", "--format", "json"]);
    expect(ids(r.stdout).sort()).toEqual([...builtIn].sort());
  });
});
