import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import { runCli } from "../src/cli/main.js";

// A plain-JavaScript plugin: defineRule is the identity, so a JS plugin may also write the objects directly.
const PLUGIN_JS = (name: string) => `export default {
  name: ${JSON.stringify(name)},
  rules: [{
    meta: {
      id: "no-default-namespace", title: "t", description: "d", remediation: "r", category: "workload",
      level: "warning", tags: ["acme"], presets: ["recommended"], since: "0.1.0",
      messages: { inDefault: '{{kind}} "{{name}}" is in the default namespace' },
    },
    appliesTo: "resources",
    check(r, ctx) {
      if (r.namespace === "default") ctx.report({ path: ["metadata", "namespace"], messageId: "inDefault", data: { kind: r.kind, name: r.name } });
    },
  }],
};
`;

const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: default\ndata: {}\n";

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "shipshape-plugin-"));
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

describe("plugins", () => {
  it("are refused without --allow-plugins: a configuration error (exit 2) naming the flag, at the plugins line", async () => {
    const dir = repo({ ".shipshape.yaml": "extends: [recommended]\nplugins:\n  - ./policies/acme.mjs\n", "policies/acme.mjs": PLUGIN_JS("acme"), "cm.yaml": CM });
    await expect(lint({ cwd: dir, paths: ["."] })).rejects.toThrow(/^\.shipshape\.yaml:3: .*pass --allow-plugins/);
    const r = await cli(dir, ["cm.yaml", "--format", "json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--allow-plugins");
    expect(r.stdout).toBe("");
  });

  it("load from a path relative to the config file with --allow-plugins; ids are namespaced", async () => {
    const dir = repo({ "conf/.shipshape.yaml": "plugins: [../policies/acme.mjs]\nrules:\n  acme/no-default-namespace: error\n", "policies/acme.mjs": PLUGIN_JS("acme"), "cm.yaml": CM });
    const r = await cli(dir, ["cm.yaml", "-c", "conf/.shipshape.yaml", "--allow-plugins", "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { findings: { ruleId: string; level: string; line: number; message: string }[] };
    expect(json.findings.filter((f) => f.ruleId.startsWith("acme/")).map((f) => [f.ruleId, f.level, f.line, f.message]))
      .toEqual([["acme/no-default-namespace", "error", 5, 'ConfigMap "cm" is in the default namespace']]);
  });

  it("load a package from node_modules (ESM-only exports)", async () => {
    const dir = repo({
      ".shipshape.yaml": "plugins: [shipshape-plugin-foo]\n",
      "node_modules/shipshape-plugin-foo/package.json": JSON.stringify({ name: "shipshape-plugin-foo", type: "module", exports: { ".": { import: "./index.js" } } }),
      "node_modules/shipshape-plugin-foo/index.js": PLUGIN_JS("foo"),
      "cm.yaml": CM,
    });
    const result = await lint({ cwd: dir, paths: ["cm.yaml"], allowPlugins: true, only: ["foo/no-default-namespace"] });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([["foo/no-default-namespace", "cm.yaml", 5]]);
    expect(result.rules.map((r) => r.meta.id)).toEqual(["foo/no-default-namespace"]);
  });

  it("a plugin rule id in rules: is unknown until its plugin is loaded, and a typo names the nearest id", async () => {
    const dir = repo({ ".shipshape.yaml": "plugins: [./acme.mjs]\nrules:\n  acme/no-default-namespaces: error\n", "acme.mjs": PLUGIN_JS("acme"), "cm.yaml": CM });
    await expect(lint({ cwd: dir, paths: ["."], allowPlugins: true })).rejects.toThrow(/\.shipshape\.yaml:3: unknown rule "acme\/no-default-namespaces" \(did you mean "acme\/no-default-namespace"\?\)/);
  });

  it("a missing plugin or a bad export is a configuration error naming the plugin", async () => {
    const missing = repo({ ".shipshape.yaml": "plugins: [./nope.mjs]\n", "cm.yaml": CM });
    await expect(lint({ cwd: missing, paths: ["."], allowPlugins: true })).rejects.toThrow(/^\.shipshape\.yaml:1: plugin "\.\/nope\.mjs": not found/);
    const bad = repo({ ".shipshape.yaml": "plugins: [./bad.mjs]\n", "bad.mjs": "export default { name: 'Bad Name', rules: [] };\n", "cm.yaml": CM });
    await expect(lint({ cwd: bad, paths: ["."], allowPlugins: true })).rejects.toThrow(/plugin "\.\/bad\.mjs": must export a kebab-case `name`/);
  });

  it("a plugin rule that throws is an error of the run (exit 2), not a crash", async () => {
    const throwing = PLUGIN_JS("boom").replace("if (r.namespace", "throw new Error('kaput'); if (r.namespace");
    const dir = repo({ ".shipshape.yaml": "plugins: [./boom.mjs]\n", "boom.mjs": throwing, "cm.yaml": CM });
    const r = await cli(dir, ["cm.yaml", "--allow-plugins", "--format", "json"]);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as { errors: { message: string }[] }).errors.map((e) => e.message)).toEqual(["rule boom/no-default-namespace failed on ConfigMap/default/cm: kaput"]);
  });
});
