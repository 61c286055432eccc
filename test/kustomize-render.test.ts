import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lint, type LintOptions } from "../src/engine/lint.js";
import type { Finding, LintResult } from "../src/engine/types.js";
import { parseCliArgs } from "../src/cli/args.js";
import { defineRule, type Rule } from "../src/rule-api.js";
import { clearRenderCache, findKustomize, render } from "../src/render/index.js";
import { looksRemote } from "../src/render/kustomize/tree.js";
import { builtInRules } from "../rules/index.js";

const REPO = path.resolve(import.meta.dirname, "..");
const TREES = path.join(REPO, "fixtures", "kustomize");
const lookup = findKustomize({ baseDir: REPO, repoRoot: REPO });
const HAVE_KUSTOMIZE = lookup.command !== undefined;

// CI machines have kubectl with its built-in kustomize: there, a missing binary is a failure, not a skip.
if (!HAVE_KUSTOMIZE && process.env.CI === "true") {
  describe("kustomize binary", () => {
    it("is on PATH in CI (kubectl or kustomize)", () => {
      throw new Error(`CI=true but no kustomize binary was found: ${lookup.command ? "" : lookup.reason}`);
    });
  });
}

/** A rule that reports every key of a ConfigMap's data: generated objects must point at their generator entries. */
const configMapKeys = defineRule({
  meta: {
    id: "test-configmap-keys",
    title: "Test rule: every ConfigMap data key",
    description: "Reports each key of a ConfigMap's data so tests can see where generated objects are located.",
    remediation: "Nothing; test only.",
    category: "secrets",
    level: "warning",
    tags: [],
    presets: ["recommended"],
    messages: { key: 'ConfigMap key "{{key}}"' },
    since: "0.1.0",
  },
  appliesTo: { kinds: ["ConfigMap"] },
  check(r, ctx) {
    const data = r.value.data;
    if (typeof data !== "object" || data === null) return;
    for (const key of Object.keys(data)) ctx.report({ path: ["data", key], messageId: "key", data: { key } });
  },
});

const RULE_IDS = [
  "added-capabilities", "host-namespaces", "image-tag-mutable", "privileged-container",
  "kustomize-build-failed", "kustomize-helm-charts", "kustomize-remote-base", "yaml-syntax",
];
const RULES: readonly Rule[] = [...builtInRules.filter((r) => RULE_IDS.includes(r.meta.id)), configMapKeys];

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

/** A scratch repository (a directory with `.git`) holding a copy of a fixture tree. */
function tmpRepo(tree?: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "shipshape-kz-"));
  tmpDirs.push(dir);
  mkdirSync(path.join(dir, ".git"));
  if (tree) cpSync(path.join(TREES, tree), dir, { recursive: true });
  return dir;
}

function lintTree(cwd: string, extra: Partial<LintOptions> = {}): Promise<LintResult> {
  return lint({ cwd, paths: ["."], config: false, rules: RULES, gitignore: false, ...extra });
}

const show = (f: Finding) => `${f.ruleId} ${f.file}:${f.line}`;
const shown = (r: LintResult) => r.findings.map(show);

describe.skipIf(!HAVE_KUSTOMIZE)("kustomize rendering: a base, two overlays and a component", () => {
  const shop = path.join(TREES, "shop");
  let cached: Promise<LintResult> | undefined;
  const rendered = () => (cached ??= lintTree(shop));

  it("reports each finding once, at the base line, patch line, transformer field or generator entry that produced it", async () => {
    expect(shown(await rendered())).toEqual([
      "image-tag-mutable base/deployment.yaml:32", // prom/statsd-exporter:latest: in both overlays, reported once
      "test-configmap-keys base/kustomization.yaml:8", // LOG_LEVEL=debug: generated in both overlays, reported once
      "host-namespaces components/host-debug/patch-host-pid.yaml:9", // the component's strategic-merge patch (dev only)
      "image-tag-mutable overlays/dev/kustomization.yaml:11", // images transformer: newTag: latest (dev only)
      "privileged-container overlays/dev/patch-privileged.yaml:11", // strategic-merge patch (dev only)
      "added-capabilities overlays/prod/add-capability.yaml:3", // JSON6902 patch file (prod only)
      "added-capabilities overlays/prod/kustomization.yaml:18", // inline JSON6902 patch in a block scalar (prod only)
      "test-configmap-keys overlays/prod/kustomization.yaml:22", // prod's generator: REGION literal
      "test-configmap-keys overlays/prod/kustomization.yaml:23", // FEATURE_FLAGS literal
    ]);
  });

  it("names both overlays and their namespaces on a base finding, and only its own overlay on a patch finding", async () => {
    const r = await rendered();
    const base = r.findings.find((f) => f.ruleId === "image-tag-mutable" && f.file === "base/deployment.yaml");
    expect(base?.message).toMatch(/\[in 2 renders: overlays\/dev \(namespace shop-dev\), overlays\/prod \(namespace shop-prod\)\]$/);
    expect(base?.related.map((x) => `${x.file}:${x.line} ${x.message}`)).toEqual([
      "overlays/dev/kustomization.yaml:1 rendered by overlays/dev (namespace shop-dev)",
      "overlays/prod/kustomization.yaml:1 rendered by overlays/prod (namespace shop-prod)",
    ]);
    const patch = r.findings.find((f) => f.ruleId === "privileged-container");
    expect(patch?.message).not.toMatch(/renders/);
    expect(patch?.related.map((x) => `${x.file}:${x.line}`)).toEqual(["base/deployment.yaml:4", "overlays/dev/kustomization.yaml:1"]);
    expect(patch?.resource).toEqual({ apiVersion: "apps/v1", kind: "Deployment", namespace: "shop-dev", name: "dev-web" });
    expect(patch?.path).toBe("spec.template.spec.containers[0].securityContext.privileged");
  });

  it("locates the exact columns in patch files and in block-scalar patches", async () => {
    const r = await rendered();
    const at = (file: string, line: number) => r.findings.find((f) => f.file === file && f.line === line);
    expect(at("overlays/prod/add-capability.yaml", 3)).toMatchObject({ column: 11, endColumn: 22 }); // "NET_ADMIN" in [..]
    expect(at("overlays/prod/kustomization.yaml", 18)).toMatchObject({ column: 13, endColumn: 23 }); // - SYS_PTRACE
    expect(at("overlays/dev/kustomization.yaml", 11)).toMatchObject({ column: 5, endColumn: 19 }); // newTag: latest
    expect(at("base/kustomization.yaml", 8)).toMatchObject({ column: 9, endColumn: 24 }); // - LOG_LEVEL=debug
  });

  it("lints the rendered objects, not the raw files of the tree (no double reporting)", async () => {
    const r = await rendered();
    // dev: Deployment + ConfigMap; prod: Deployment + two ConfigMaps
    expect(r.stats.resources).toBe(5);
    expect(r.findings.map((f) => f.fingerprint).length).toBe(new Set(r.findings.map((f) => f.fingerprint)).size);
    expect(r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.path}`).length)
      .toBe(new Set(r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.path}`)).size);
    expect(r.notifications).toEqual([]);
  });

  it("with --render none, lints the files as written, as before", async () => {
    const r = await lintTree(shop, { render: false });
    expect(shown(r)).toEqual(["image-tag-mutable base/deployment.yaml:32"]);
    expect(r.stats.resources).toBe(1);
  });

  it("lints the base of an overlay named on the command line through that overlay", async () => {
    const r = await lintTree(shop, { paths: ["overlays/prod"] });
    expect(shown(r)).toEqual([
      "image-tag-mutable base/deployment.yaml:32",
      "test-configmap-keys base/kustomization.yaml:8",
      "added-capabilities overlays/prod/add-capability.yaml:3",
      "added-capabilities overlays/prod/kustomization.yaml:18",
      "test-configmap-keys overlays/prod/kustomization.yaml:22",
      "test-configmap-keys overlays/prod/kustomization.yaml:23",
    ]);
    expect(r.findings[0]?.message).not.toMatch(/renders/);
  });

  it("does not render the tree around a patch file named on its own, nor lint the patch as a resource", async () => {
    const r = await lintTree(shop, { paths: ["overlays/dev/patch-privileged.yaml"] });
    expect(r.findings).toEqual([]);
    expect(r.stats.resources).toBe(0);
  });

  it("finds a kustomization named Kustomization (no extension)", async () => {
    const repo = tmpRepo("shop");
    cpSync(path.join(repo, "overlays/dev/kustomization.yaml"), path.join(repo, "overlays/dev/Kustomization"));
    rmSync(path.join(repo, "overlays/dev/kustomization.yaml"));
    const r = await lintTree(repo, { paths: ["overlays/dev"] });
    expect(shown(r)).toEqual([
      "image-tag-mutable base/deployment.yaml:32",
      "test-configmap-keys base/kustomization.yaml:8",
      "host-namespaces components/host-debug/patch-host-pid.yaml:9",
      "image-tag-mutable overlays/dev/Kustomization:11",
      "privileged-container overlays/dev/patch-privileged.yaml:11",
    ]);
  });

  it("reports a finding in a base once even when one overlay patches a sibling field", async () => {
    // Both overlays render the base's "metrics" container; prod adds a capability to it. The base
    // finding (its image) stays one finding; the capability belongs to prod's inline patch alone.
    const r = await rendered();
    expect(r.findings.filter((f) => f.path === "spec.template.spec.containers[1].image").map(show)).toEqual(["image-tag-mutable base/deployment.yaml:32"]);
  });
});

describe.skipIf(!HAVE_KUSTOMIZE)("kustomize rendering: remote bases, broken and Helm kustomizations", () => {
  it("reports every remote entry, never renders that tree, and lints its local files as written", async () => {
    const r = await lintTree(path.join(TREES, "remote"));
    expect(shown(r)).toEqual([
      "privileged-container base/deployment.yaml:18", // linted raw: its overlay was not rendered
      "kustomize-remote-base base/kustomization.yaml:5", // github.com/acme/platform//deploy/base?ref=v1.2.0
      "kustomize-remote-base overlays/prod/kustomization.yaml:6", // https://raw.githubusercontent.com/…
      "kustomize-remote-base overlays/prod/kustomization.yaml:8", // git@github.com:acme/platform.git//…
    ]);
    const base = r.findings.find((f) => f.file === "base/kustomization.yaml");
    expect(base?.message).toBe('base "github.com/acme/platform//deploy/base?ref=v1.2.0" is remote and shipshape never fetches, so the kustomization "overlays/prod" is not rendered and its files are linted as written');
    expect(base).toMatchObject({ level: "warning", resource: null, path: null, column: 5 });
    // Raw linting as before: the overlay's namespace applies to what it lists, its patch is not a resource.
    expect(r.findings.find((f) => f.ruleId === "privileged-container")?.resource?.namespace).toBeNull();
    expect(r.stats.resources).toBe(1);
  });

  it("never passes a remote tree to kustomize", async () => {
    const { bin, log } = fakeKustomize("echo 'apiVersion: v1'; echo 'kind: ConfigMap'; echo 'metadata: {name: x}'");
    const r = await lintTree(path.join(TREES, "remote"), { kustomizeBin: bin });
    expect(existsSync(log) ? readFileSync(log, "utf8") : "").toBe("");
    expect(shown(r).filter((s) => s.startsWith("kustomize-remote-base"))).toHaveLength(3);
  });

  it("reports kustomize's error for a broken kustomization and lints its files as written", async () => {
    const r = await lintTree(path.join(TREES, "broken"));
    expect(shown(r)).toEqual([
      "privileged-container app/deployment.yaml:18", // raw: app failed to render
      "kustomize-build-failed app/kustomization.yaml:6", // the patch whose target does not exist
      "host-namespaces patchless/cronjob.yaml:12", // raw: its kustomization is not valid YAML
      "kustomize-build-failed patchless/kustomization.yaml:1",
      "yaml-syntax patchless/kustomization.yaml:7",
      "yaml-syntax patchless/kustomization.yaml:7",
      "yaml-syntax patchless/kustomization.yaml:7",
      "kustomize-build-failed typo/kustomization.yaml:5", // ../nowhere: refused before kustomize runs
    ]);
    const failed = r.findings.find((f) => f.file === "app/kustomization.yaml");
    expect(failed?.message).toMatch(/^`(kubectl kustomize|kustomize build) app` failed: no resource matches strategic merge patch "Deployment\.v1\.apps\/workr\.\[noNs\]"/);
    expect(failed?.message).not.toContain(REPO);
    expect(failed?.message).not.toContain(os.tmpdir());
    expect(r.findings.find((f) => f.file === "typo/kustomization.yaml")?.message)
      .toBe('base "../nowhere" does not exist in the repository (kustomize would try to fetch it), so the kustomization "typo" is not rendered and its files are linted as written');
  });

  it("gives a helmCharts entry its own note, not a build failure", async () => {
    const r = await lintTree(path.join(TREES, "helm"));
    expect(r.findings.map((f) => `${f.ruleId} ${f.level} ${f.file}:${f.line}`)).toEqual(["kustomize-helm-charts note kustomization.yaml:7"]);
    expect(r.findings[0]?.message).toBe('Helm chart "ingress-nginx" needs Helm inflation, which shipshape does not run inside kustomize, so the kustomization "." is not rendered and its files are linted as written');
  });
});

describe.skipIf(!HAVE_KUSTOMIZE)("kustomize rendering: safety and cost", () => {
  it("refuses a resource outside the repository, also through a symbolic link", async () => {
    const outside = tmpRepo("shop");
    const repo = tmpRepo();
    mkdirSync(path.join(repo, "app"));
    symlinkSync(path.join(outside, "base"), path.join(repo, "linked-base"));
    writeFileSync(path.join(repo, "app", "kustomization.yaml"), `resources:\n  - ${path.join(outside, "overlays", "dev")}\n  - ../linked-base\n`);
    const r = await lintTree(repo);
    expect(r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)).toEqual([
      "kustomize-remote-base app/kustomization.yaml:2:5",
      "kustomize-remote-base app/kustomization.yaml:3:5",
    ]);
    expect(r.findings[1]?.message).toMatch(/^base "\.\.\/linked-base" is outside the repository/);
  });

  it("does not run a kustomize that the repository's own config points into the repository", async () => {
    const repo = tmpRepo("shop");
    const marker = path.join(repo, "ran");
    writeFileSync(path.join(repo, "evil.sh"), `#!/bin/sh\ntouch "${marker}"\n`);
    chmodSync(path.join(repo, "evil.sh"), 0o755);
    writeFileSync(path.join(repo, ".shipshape.yaml"), "render:\n  kustomizeBin: ./evil.sh\n");
    const r = await lint({ cwd: repo, paths: ["."], rules: RULES, gitignore: false });
    expect(existsSync(marker)).toBe(false);
    expect(r.notifications.map((n) => `${n.level} ${n.id}`)).toEqual(["warning kustomize-not-found"]);
    expect(r.notifications[0]?.message).toContain("render.kustomizeBin \"./evil.sh\" is inside the repository");
    // Unrendered, the tree is linted as written.
    expect(shown(r)).toEqual(["image-tag-mutable base/deployment.yaml:32"]);
  });

  it("stops a build at the timeout, kills it, and reports it", async () => {
    const { bin } = fakeKustomize("sleep 20");
    const started = performance.now();
    const r = await lintTree(path.join(TREES, "helm", ".."), { paths: ["shop/overlays/dev"], kustomizeBin: bin, renderTimeoutMs: 500 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(r.findings.filter((f) => f.ruleId === "kustomize-build-failed").map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      "shop/overlays/dev/kustomization.yaml:1 `kustomize build shop/overlays/dev` did not finish within 0.5s and was stopped; its files are linted as written",
    ]);
  });

  it("renders each root once per content: an unchanged tree comes from the cache, a changed one is rendered again", async () => {
    clearRenderCache();
    const repo = tmpRepo("shop");
    const once = async () => {
      const { loadFile } = await import("../src/load/read.js");
      const files = ["base/kustomization.yaml", "overlays/dev/kustomization.yaml", "overlays/prod/kustomization.yaml"];
      const loaded = [];
      for (const f of files) {
        const o = await loadFile(f, path.join(repo, f));
        if (o.loaded) loaded.push(o.loaded);
      }
      return render({ enabled: true, repoRoot: repo, cwd: repo, loaded });
    };
    expect((await once()).stats).toMatchObject({ roots: 2, rendered: 2, cached: 0, notRendered: 0 });
    expect((await once()).stats).toMatchObject({ roots: 2, rendered: 2, cached: 2 });
    writeFileSync(path.join(repo, "overlays/dev/patch-privileged.yaml"), readFileSync(path.join(repo, "overlays/dev/patch-privileged.yaml"), "utf8").replace("true", "false"));
    expect((await once()).stats).toMatchObject({ roots: 2, rendered: 2, cached: 1 });
  });
});

describe("kustomize rendering without a binary", () => {
  it("says so once and lints the files as written", async () => {
    const r = await lintTree(path.join(TREES, "shop"), { kustomizeBin: "/nonexistent/kustomize" });
    expect(r.notifications.map((n) => `${n.level} ${n.id} ${n.message}`)).toEqual([
      'warning kustomize-not-found 2 kustomizations were linted as written, not rendered: the configured kustomize "/nonexistent/kustomize" was not found or is not executable',
    ]);
    expect(shown(r)).toEqual(["image-tag-mutable base/deployment.yaml:32"]);
  });

  it("finds no kustomize on an empty PATH: a note, and nothing rendered", async () => {
    const shop = path.join(TREES, "shop");
    const { loadFile } = await import("../src/load/read.js");
    const dev = (await loadFile("overlays/dev/kustomization.yaml", path.join(shop, "overlays/dev/kustomization.yaml"))).loaded;
    const stage = await render({ enabled: true, repoRoot: REPO, cwd: shop, loaded: dev ? [dev] : [], env: { PATH: "" } });
    expect(stage.notifications).toEqual([{ level: "note", id: "kustomize-not-found", message: "1 kustomization was linted as written, not rendered: neither kustomize nor kubectl was found on PATH" }]);
    expect(stage.outputs).toEqual([]);
  });

  it("still reports remote bases (no binary is needed to see them)", async () => {
    const r = await lintTree(path.join(TREES, "remote"), { kustomizeBin: "/nonexistent/kustomize" });
    expect(shown(r).filter((s) => s.startsWith("kustomize-remote-base"))).toHaveLength(3);
  });
});

describe("kustomize entries that would be fetched", () => {
  it.each([
    "github.com/org/repo//path?ref=x", "github.com/org/repo", "https://github.com/org/repo//base?ref=v1", "ssh://git@github.com/org/repo.git",
    "git@github.com:org/repo.git//base", "git::https://example.com/repo.git", "gitlab.com/org/repo/base?ref=main", "http://example.com/deploy.yaml",
    "example.com/org/repo", "file:///etc/passwd",
  ])("%s looks remote", (entry) => {
    expect(looksRemote(entry)).toBe(true);
  });
  it.each(["../base", "deployment.yaml", "./overlays/prod", "base/v1.2"])("%s does not", (entry) => {
    expect(looksRemote(entry)).toBe(false);
  });
});

describe("CLI flags for rendering", () => {
  it("parses --render and --kustomize-bin", () => {
    expect(parseCliArgs(["--render", "none", "--kustomize-bin", "/usr/bin/kubectl"])).toMatchObject({ render: false, kustomizeBin: "/usr/bin/kubectl", unsupported: [] });
    expect(parseCliArgs(["--render=auto"]).render).toBe(true);
    expect(() => parseCliArgs(["--render", "always"])).toThrow(/--render: use auto or none/);
  });
});

/** A stand-in kustomize (outside the repository) that logs each call and runs `body`. */
function fakeKustomize(body: string): { bin: string; log: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "shipshape-fake-kz-"));
  tmpDirs.push(dir);
  const bin = path.join(dir, "kustomize");
  const log = path.join(dir, "calls.log");
  writeFileSync(bin, `#!/bin/sh\necho "$@" >> "${log}"\n${body}\n`);
  chmodSync(bin, 0o755);
  return { bin, log };
}
