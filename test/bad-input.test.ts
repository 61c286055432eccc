import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { lint, type LintOptions } from "../src/engine/lint.js";
import type { Finding, LintResult } from "../src/engine/types.js";
import { defineRule, type Rule } from "../src/rule-api.js";
import { builtInRules } from "../rules/index.js";
import type * as RulesModule from "../rules/index.js";
import type { CliIO } from "../src/cli/main.js";

/** Beside every bad file: a Pod whose privileged container must still be found at 10:9. */
const GOOD = `apiVersion: v1
kind: Pod
metadata:
  name: good
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext:
        privileged: true
`;
const GOOD_FINDING = "privileged-container good.yaml:10:9";

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-"));
  tmpDirs.push(d);
  return d;
}

/** A temp repo holding good.yaml plus the given files (paths relative to the repo). */
function repo(files: Record<string, string | Uint8Array>): string {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, "good.yaml"), GOOD);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** The file-level rules and two pod rules with one finding each in GOOD; other rules would only add noise. */
const ONLY = ["yaml-syntax", "duplicate-key", "not-a-resource", "privileged-container", "image-tag-mutable"];

async function run(dir: string, extra: LintOptions = {}): Promise<LintResult> {
  return lint({ cwd: dir, paths: ["."], config: false, only: ONLY, ...extra });
}

const at = (f: Finding) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`;
const of = (r: LintResult, file: string) => r.findings.filter((f) => f.file === file).map(at);
const notes = (r: LintResult, file: string) => r.notifications.filter((n) => n.file === file).map((n) => `${n.level} ${n.id}`);

/** The run went on: no internal error, and the good file beside the bad one was still linted. */
function expectGoodStillLinted(r: LintResult): void {
  expect(r.errors).toEqual([]);
  expect(of(r, "good.yaml")).toContain(GOOD_FINDING);
}

describe("bad input: a finding or a notification, no crash, the rest still linted", () => {
  it("invalid YAML is a yaml-syntax finding at the error", async () => {
    const r = await run(repo({ "invalid.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n" }));
    expectGoodStillLinted(r);
    const found = of(r, "invalid.yaml");
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set(["yaml-syntax invalid.yaml:3:26"]));
  });

  it("a tab-indented file is a yaml-syntax finding on the tab", async () => {
    const r = await run(repo({ "tabs.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tabbed\n" }));
    expectGoodStillLinted(r);
    expect(of(r, "tabs.yaml")).toEqual(["yaml-syntax tabs.yaml:4:1"]);
  });

  // src/load/parse.ts clamps an end-of-input error to the last text of the *file*; for an unclosed bracket in
  // a middle document the yaml package points at the next `---`, so the finding lands on 13:1, not on 12:7.
  it("a syntax error in one document leaves the file's other documents linted", async () => {
    const text = `${GOOD}---\nkind: [\n---\n${GOOD.replace("name: good", "name: third")}`;
    const r = await run(repo({ "multi.yaml": text }));
    expectGoodStillLinted(r);
    expect(of(r, "multi.yaml")).toEqual(["privileged-container multi.yaml:10:9", "yaml-syntax multi.yaml:12:7", "privileged-container multi.yaml:23:9"]);
  });

  it("`containers: \"x\"` and `spec: null` do not make any rule throw", async () => {
    const r = await run(repo({
      "containers-string.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: s\nspec:\n  containers: \"x\"\n  initContainers: [1, null, \"y\"]\n",
      "spec-null.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: n\nspec: null\n",
      "template-spec-string.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: t\nspec:\n  template:\n    spec: x\n",
      "metadata-list.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: [a, b]\n",
    }));
    expectGoodStillLinted(r);
    expect(r.stats.resources).toBe(5);
  });
  it("`containers: \"x\"` and `spec: null` are malformed-pod-spec findings at the field", async () => {
    const r = await lint({
      cwd: repo({
        "containers-string.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: s\nspec:\n  containers: \"x\"\n",
        "spec-null.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: n\nspec:\n  template:\n    spec: null\n",
      }),
      paths: ["."], config: false, only: [...ONLY, "malformed-pod-spec"],
    });
    expectGoodStillLinted(r);
    expect(of(r, "containers-string.yaml")).toEqual(["malformed-pod-spec containers-string.yaml:6:3"]);
    expect(of(r, "spec-null.yaml")).toEqual(["malformed-pod-spec spec-null.yaml:7:5"]);
  });

  it("scalar documents and an empty file are not Kubernetes: skipped silently, the run goes on", async () => {
    const r = await run(repo({ "scalar.yaml": "just a string\n---\n42\n---\n- a\n- list\n", "empty.yaml": "", "blank.yml": "\n\n# only a comment\n" }));
    expectGoodStillLinted(r);
    for (const f of ["scalar.yaml", "empty.yaml", "blank.yml"]) {
      expect(of(r, f)).toEqual([]);
      expect(notes(r, f)).toEqual([]);
    }
    expect(r.stats.files).toBe(4);
  });

  // src/load/assemble.ts reports every document with apiVersion but no kind; a Helm chart's Chart.yaml
  // (apiVersion: v2, name, version) is one, so every chart in a repo raises a not-a-resource note.
  it("a Helm Chart.yaml (apiVersion but no kind) is tool metadata, not a half resource", async () => {
    const r = await run(repo({
      "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.2.0\nappVersion: \"2.0\"\n",
      "charts/web/values.yaml": "replicaCount: 2\nimage:\n  tag: latest\n",
    }));
    expectGoodStillLinted(r);
    expect(of(r, "charts/web/Chart.yaml")).toEqual([]);
    expect(of(r, "charts/web/values.yaml")).toEqual([]);
  });

  // The yaml package's error covers one character of the key: the message must still name the whole key.
  it("a duplicated key is reported at its second occurrence, named in full", async () => {
    const text = `${GOOD.replace("name: good", "name: dup").replace("      securityContext:\n        privileged: true\n", "      securityContext:\n        privileged: false\n      securityContext:\n        privileged: true\n")}`;
    const r = await run(repo({ "dup.yaml": text }));
    expectGoodStillLinted(r);
    expect(of(r, "dup.yaml")).toEqual(["duplicate-key dup.yaml:11:7", "privileged-container dup.yaml:12:9"]);
    const f = r.findings.find((x) => x.ruleId === "duplicate-key");
    expect(f?.message).toContain('"securityContext"');
  });

  it("an alias bomb (billion laughs) ends fast with a yaml-syntax finding", async () => {
    const levels = "abcdefghij".split("");
    const lines = [`apiVersion: v1`, `kind: ConfigMap`, `metadata:`, `  name: lol`, `lol:`, `  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
    for (let i = 1; i < levels.length; i++) lines.push(`  ${levels[i]}: &${levels[i]} [${Array(10).fill(`*${levels[i - 1]}`).join(",")}]`);
    const merge = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: merge", "x0: &x0 {k: v}"];
    for (let i = 1; i < 30; i++) merge.push(`x${i}: &x${i}\n  <<: [*x${i - 1}, *x${i - 1}]\n  k${i}: v`);
    const dir = repo({ "bomb.yaml": `${lines.join("\n")}\n`, "merge-bomb.yaml": `${merge.join("\n")}\n` });
    const started = performance.now();
    const r = await run(dir);
    expect(performance.now() - started).toBeLessThan(1000);
    expectGoodStillLinted(r);
    expect(of(r, "bomb.yaml")).toEqual(["yaml-syntax bomb.yaml:1:1"]);
    expect(r.findings.find((f) => f.file === "bomb.yaml")?.message).toMatch(/billion laughs/);
    expect(of(r, "merge-bomb.yaml").map((s) => s.split(" ")[0])).toEqual(["yaml-syntax"]);
  });

  it("a binary file is skipped with a notification", async () => {
    const r = await run(repo({ "logo.yaml": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]) }));
    expectGoodStillLinted(r);
    expect(of(r, "logo.yaml")).toEqual([]);
    expect(notes(r, "logo.yaml")).toEqual(["note binary-file"]);
  });

  it("invalid UTF-8 is a yaml-syntax finding on the line of the bad byte", async () => {
    const latin1 = Buffer.concat([Buffer.from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf"), Buffer.from([0xe9]), Buffer.from("\n")]);
    const r = await run(repo({ "latin1.yaml": latin1 }));
    expectGoodStillLinted(r);
    const found = r.findings.filter((f) => f.file === "latin1.yaml");
    expect(found.map((f) => [f.ruleId, f.line])).toEqual([["yaml-syntax", 4]]);
    expect(found[0]?.message).toContain("UTF-8");
  });

  // ED A0 80 is a UTF-16 surrogate written as UTF-8: the decoder rejects it, but firstInvalidUtf8
  // (src/load/read.ts) accepts every 0xE0–0xEF lead byte, finds nothing, and returns offset 0 → line 1.
  it("invalid UTF-8 that is well-formed by lead bytes (an encoded surrogate) is still reported on its line", async () => {
    const surrogate = Buffer.concat([Buffer.from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x"), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from("\n")]);
    const r = await run(repo({ "surrogate.yaml": surrogate }));
    expectGoodStillLinted(r);
    expect(r.findings.filter((f) => f.file === "surrogate.yaml").map((f) => [f.ruleId, f.line])).toEqual([["yaml-syntax", 4]]);
  });

  it("a symlink loop is skipped with a notification", async () => {
    const dir = repo({});
    fs.symlinkSync("b.yaml", path.join(dir, "a.yaml"));
    fs.symlinkSync("a.yaml", path.join(dir, "b.yaml"));
    fs.mkdirSync(path.join(dir, "sub"));
    fs.symlinkSync("..", path.join(dir, "sub", "up.yaml")); // a directory loop that looks like a manifest
    fs.symlinkSync("..", path.join(dir, "sub", "up"));
    const r = await run(dir);
    expectGoodStillLinted(r);
    expect(notes(r, "a.yaml")).toEqual(["note symlink-skipped"]);
    expect(notes(r, "b.yaml")).toEqual(["note symlink-skipped"]);
    expect(r.findings.map((f) => f.file)).toEqual(["good.yaml"]);
  });

  it("a symlink out of the linted directory is not followed", async () => {
    const outside = tmpDir();
    fs.writeFileSync(path.join(outside, "secret.yaml"), GOOD.replace("name: good", "name: outside"));
    const dir = repo({});
    fs.symlinkSync(path.join(outside, "secret.yaml"), path.join(dir, "linked.yaml"));
    fs.symlinkSync(outside, path.join(dir, "linked-dir"));
    const r = await run(dir);
    expectGoodStillLinted(r);
    expect(notes(r, "linked.yaml")).toEqual(["note symlink-skipped"]);
    expect(r.findings.map((f) => f.file)).toEqual(["good.yaml"]);
    // A symlink inside the root that points inside it is linted.
    fs.symlinkSync("good.yaml", path.join(dir, "alias.yaml"));
    const again = await run(dir);
    expect(of(again, "alias.yaml")).toEqual(["privileged-container alias.yaml:10:9"]);
  });

  it("a file over maxFileSize is skipped with a notification", async () => {
    const big = `${GOOD.replace("name: good", "name: big")}# ${"x".repeat(2000)}\n`;
    const r = await run(repo({ "big.yaml": big }), { maxFileSize: 1000 });
    expectGoodStillLinted(r);
    expect(of(r, "big.yaml")).toEqual([]);
    expect(notes(r, "big.yaml")).toEqual(["warning file-too-large"]);
    expect(r.notifications.find((n) => n.file === "big.yaml")?.message).toContain("1000");
  });

  it("a real 11 MB file is skipped under the default 10 MB limit, quickly", async () => {
    const dir = repo({});
    const size = 11 * 1024 * 1024;
    const buf = Buffer.alloc(size, 0x61);
    buf.write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  blob: ", 0);
    buf.write("\n", size - 1);
    fs.writeFileSync(path.join(dir, "huge.yaml"), buf);
    const started = performance.now();
    const r = await run(dir);
    expect(performance.now() - started).toBeLessThan(2000);
    expectGoodStillLinted(r);
    expect(notes(r, "huge.yaml")).toEqual(["warning file-too-large"]);
    expect(r.stats.files).toBe(1);
  });

  it("a BOM and CRLF line ends keep exact lines and columns", async () => {
    const crlf = `\uFEFF${GOOD.replace(/\n/g, "\r\n")}`;
    const firstLine = `\uFEFF{apiVersion: v1, kind: Pod, metadata: {name: one}, spec: {containers: [{name: a, image: "nginx:latest"}]}}\r\n`;
    const broken = "\uFEFFapiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n\tname: tabbed\r\n";
    const r = await run(repo({ "crlf.yaml": crlf, "first-line.yaml": firstLine, "broken.yaml": broken }));
    expectGoodStillLinted(r);
    expect(of(r, "crlf.yaml")).toEqual(["privileged-container crlf.yaml:10:9"]);
    const f = r.findings.find((x) => x.file === "crlf.yaml");
    expect(f && [f.endLine, f.endColumn]).toEqual([10, 25]);
    // Columns count characters after the BOM: the BOM is not a column.
    const imageColumn = firstLine.slice(1).indexOf("image:") + 1;
    expect(r.findings.filter((x) => x.file === "first-line.yaml" && x.ruleId === "image-tag-mutable").map(at)).toEqual([`image-tag-mutable first-line.yaml:1:${imageColumn}`]);
    expect(of(r, "broken.yaml")).toEqual(["yaml-syntax broken.yaml:4:1"]);
  });

  it("columns after non-ASCII text are in UTF-16 code units", async () => {
    const line = `    - {name: "café-😀-日本", image: "nginx:latest"}`;
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ünïcødé\n  annotations: {note: "😀😀"}\nspec:\n  containers:\n${line}\n`;
    const r = await run(repo({ "unicode.yaml": text }), { only: ["image-tag-mutable"] });
    expect(r.errors).toEqual([]);
    expect(line.indexOf("image:")).toBe(27); // "😀" is two UTF-16 units, "é" and "日" one each
    expect(of(r, "unicode.yaml")).toEqual(["image-tag-mutable unicode.yaml:8:28"]);
    const f = r.findings.find((x) => x.file === "unicode.yaml");
    expect(f?.endColumn).toBe(line.length + 1 - 1);
    expect(f?.resource?.name).toBe("ünïcødé");
  });
});

const throwing: Rule = defineRule({
  meta: {
    id: "always-throws",
    title: "A rule that throws on one resource",
    description: "Test rule.",
    remediation: "None.",
    category: "workload",
    level: "error",
    tags: ["test"],
    presets: ["recommended"],
    messages: {},
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(r) {
    if (r.name === "boom") throw new TypeError("kaboom");
  },
});
const BOOM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: boom\n";

describe("a rule that throws", () => {
  it("is caught: the run goes on, errors holds it, and a notification says so", async () => {
    const dir = repo({ "boom.yaml": BOOM });
    const r = await lint({ cwd: dir, paths: ["."], config: false, rules: [...builtInRules, throwing] });
    expect(r.errors).toEqual([{ file: "boom.yaml", ruleId: "always-throws", message: expect.stringContaining("kaboom") as string }]);
    expect(r.errors[0]?.message).toContain("ConfigMap/boom");
    expect(notes(r, "boom.yaml")).toEqual(["error rule-error"]);
    expect(of(r, "good.yaml")).toContain(GOOD_FINDING);
    expect(r.rules.map((x) => x.meta.id)).toContain("always-throws");
  });

  it("through the CLI: exit code 2 with the report still written", async () => {
    // runCli has no way to inject rules: put the throwing rule into the built-in list for a fresh module graph.
    vi.resetModules();
    vi.doMock("../rules/index.js", async (importOriginal) => {
      const mod = await importOriginal<typeof RulesModule>();
      return { ...mod, builtInRules: [...mod.builtInRules, throwing] };
    });
    try {
      const { runCli } = await import("../src/cli/main.js");
      const dir = repo({ "boom.yaml": BOOM });
      let stderr = "";
      let stdout = "";
      const io: CliIO = {
        cwd: dir, env: {}, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s),
        readStdin: () => Promise.resolve(new Uint8Array()), stdoutIsTTY: false,
      };
      const code = await runCli([".", "--format", "json", "-o", "out/report.json", "--format", "sarif", "-o", "out/report.sarif"], io);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/internal error/);
      const json = JSON.parse(fs.readFileSync(path.join(dir, "out/report.json"), "utf8")) as { findings: { ruleId: string; file: string }[]; errors: { ruleId?: string }[] };
      expect(json.findings.map((f) => `${f.ruleId} ${f.file}`)).toContain("privileged-container good.yaml");
      expect(json.errors.map((e) => e.ruleId)).toEqual(["always-throws"]);
      const sarif = JSON.parse(fs.readFileSync(path.join(dir, "out/report.sarif"), "utf8")) as { runs: { invocations: { executionSuccessful: boolean }[] }[] };
      expect(sarif.runs[0]?.invocations[0]?.executionSuccessful).toBe(false);
    } finally {
      vi.doUnmock("../rules/index.js");
      vi.resetModules();
    }
  });
});

describe("bad input through the CLI", () => {
  it("problems in linted files are findings (exit 1), never an internal error (exit 2)", async () => {
    const { runCli } = await import("../src/cli/main.js");
    const dir = repo({
      "invalid.yaml": "a: [\n", "tabs.yaml": "a:\n\tb: c\n", "containers-string.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: s\nspec:\n  containers: \"x\"\n",
      "spec-null.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: n\nspec: null\n", "scalar.yaml": "42\n", "empty.yaml": "",
      "binary.yaml": new Uint8Array([0, 1, 2, 3]), "latin1.yaml": new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a]),
    });
    fs.symlinkSync("loop-b.yaml", path.join(dir, "loop-a.yaml"));
    fs.symlinkSync("loop-a.yaml", path.join(dir, "loop-b.yaml"));
    let stderr = "";
    const code = await runCli([".", "--only", ONLY.join(","), "--format", "json", "-o", "report.json"], {
      cwd: dir, env: {}, stdout: () => undefined, stderr: (s) => (stderr += s),
      readStdin: () => Promise.resolve(new Uint8Array()), stdoutIsTTY: false,
    });
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    const json = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8")) as { findings: { ruleId: string; file: string }[]; notifications: { id: string; file: string }[] };
    expect([...new Set(json.findings.map((f) => `${f.ruleId} ${f.file}`))].sort()).toEqual([
      "privileged-container good.yaml", "yaml-syntax invalid.yaml", "yaml-syntax latin1.yaml", "yaml-syntax tabs.yaml",
    ]);
    expect(json.notifications.map((n) => `${n.id} ${n.file}`).sort()).toEqual(["binary-file binary.yaml", "symlink-skipped loop-a.yaml", "symlink-skipped loop-b.yaml"]);
  });
});
