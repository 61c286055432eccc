/**
 * The persistent render cache (`.shipshape/cache/render-*`): kustomize builds and native Helm renders kept
 * across runs by the content of everything they read. A warm run starts no kustomize and renders no chart,
 * and gives the same findings; a changed source renders again; a corrupt entry is a miss, never a failure.
 */
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clearRenderCache, render } from "../src/render/index.js";
import { RenderCache } from "../src/render/cache.js";
import { HAVE_KUSTOMIZE, lintRepo, loadRepo, loggingKustomize, notes, requireKustomizeInCi, ROOT, scratch, shown, tmpRepo } from "./helpers/render-scope.js";

requireKustomizeInCi();

const DAY = 24 * 3600 * 1000;
const entries = (dir: string, kind?: "k" | "h") => readdirSync(dir).filter((n) => n.startsWith(kind ? `render-${kind}-` : "render-")).sort();

describe("RenderCache", () => {
  it("stores one entry per slot, owner-only, in a directory that keeps itself out of git", () => {
    const dir = path.join(scratch("shipshape-rc-"), ".shipshape", "cache");
    const c = new RenderCache(dir);
    expect(c.get("kustomize", "root-a", "k1")).toBeUndefined();
    c.put("kustomize", "root-a", "k1", "payload one");
    expect(c.get("kustomize", "root-a", "k1")).toBe("payload one");
    expect(c.get("kustomize", "root-a", "k2")).toBeUndefined(); // other sources: a miss
    expect(c.get("helm", "root-a", "k1")).toBeUndefined();
    c.put("kustomize", "root-a", "k2", "payload two"); // the slot's sources changed: replaced, not added
    expect(entries(dir)).toHaveLength(1);
    expect(c.get("kustomize", "root-a", "k2")).toBe("payload two");
    expect(c.get("kustomize", "root-a", "k1")).toBeUndefined();
    expect(readFileSync(path.join(dir, ".gitignore"), "utf8")).toBe("*\n");
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, entries(dir)[0] as string)).mode & 0o777).toBe(0o600);
    expect(c.problem).toBeUndefined();
  });

  it("leaves an existing .gitignore alone", () => {
    const dir = scratch("shipshape-rc-");
    writeFileSync(path.join(dir, ".gitignore"), "parse-*\n");
    new RenderCache(dir).put("helm", "s", "k", "x");
    expect(readFileSync(path.join(dir, ".gitignore"), "utf8")).toBe("parse-*\n");
  });

  it("treats a corrupt, truncated or foreign entry as a miss", () => {
    const dir = scratch("shipshape-rc-");
    const c = new RenderCache(dir);
    c.put("kustomize", "s", "key", "the rendered output");
    const file = path.join(dir, entries(dir)[0] as string);
    const good = readFileSync(file, "utf8");
    for (const bad of [
      good.replace("the rendered output", "the rendered outpuT"), // payload changed: its hash no longer matches
      good.slice(0, good.length - 3), // truncated
      good.split("\n")[0] as string, // header only
      "garbage\nthe rendered output",
      "",
      `{"format":99,"key":"key","sha256":"x"}\nthe rendered output`,
    ]) {
      writeFileSync(file, bad);
      expect(new RenderCache(dir).get("kustomize", "s", "key")).toBeUndefined();
    }
  });

  it("prunes its own entries unused for long, then the least recently used past the size limit; never other files", () => {
    const dir = scratch("shipshape-rc-");
    const now = Date.now();
    const setAge = (file: string, days: number) => utimesSync(file, new Date(now - days * DAY), new Date(now - days * DAY));
    const c = new RenderCache(dir, { now: () => now, maxAgeMs: 14 * DAY });
    for (const slot of ["used", "unused-old", "unused-recent"]) c.put("kustomize", slot, "k", "x".repeat(100));
    const other = path.join(dir, "parse-v1.json");
    const temp = `${c.file("kustomize", "used")}.tmp-1-abc`;
    writeFileSync(other, "{}");
    writeFileSync(temp, "half written");
    setAge(c.file("kustomize", "used"), 30);
    setAge(c.file("kustomize", "unused-old"), 30);
    setAge(c.file("kustomize", "unused-recent"), 3);
    setAge(other, 30);
    setAge(temp, 1);
    const next = new RenderCache(dir, { now: () => now, maxAgeMs: 14 * DAY });
    expect(next.get("kustomize", "used", "k")).toBe("x".repeat(100)); // used by this run (and its time renewed)
    next.prune();
    expect(readdirSync(dir).sort()).toEqual([".gitignore", "parse-v1.json", ...[c.file("kustomize", "unused-recent"), c.file("kustomize", "used")].map((f) => path.basename(f))].sort());

    // over the size limit: unused entries go, least recently used first; used ones stay
    const small = scratch("shipshape-rc-");
    const s1 = new RenderCache(small, { now: () => now });
    for (const [slot, days] of [["a", 3], ["b", 2], ["c", 1]] as const) {
      s1.put("kustomize", slot, "k", "y".repeat(200));
      setAge(s1.file("kustomize", slot), days);
    }
    const s2 = new RenderCache(small, { now: () => now, maxTotalBytes: 600 });
    expect(s2.get("kustomize", "a", "k")).toBeDefined(); // the oldest, but used by this run
    s2.prune();
    expect(entries(small)).toEqual(["a", "c"].map((slot) => path.basename(s1.file("kustomize", slot))).sort());
  });
});

describe.skipIf(!HAVE_KUSTOMIZE)("kustomize renders across runs", () => {
  it("a warm run starts no kustomize and reports the same; a changed file builds only its root; a corrupt entry builds again", async () => {
    const repo = tmpRepo();
    const cacheDir = path.join(repo, ".shipshape", "cache");
    const fake = loggingKustomize(repo);
    const run = async (extra = {}) => {
      clearRenderCache(); // this process's cache too: only the persistent one may serve
      const r = await lintRepo(repo, { kustomizeBin: fake.bin, cacheDir, ...extra });
      expect(r.errors).toEqual([]);
      return r;
    };
    const cold = await run();
    expect(fake.calls().sort()).toEqual(["apps/api", "apps/web/overlays/prod"]);
    expect(shown(cold)).toEqual([
      "privileged-container apps/api/deployment.yaml:18",
      "privileged-container apps/web/overlays/prod/debug.yaml:11",
      "privileged-container charts/blog/templates/_helpers.tpl:2",
      "privileged-container charts/shop/templates/_helpers.tpl:2",
    ]);
    expect(entries(cacheDir, "k")).toHaveLength(2);
    expect(entries(cacheDir, "h")).toHaveLength(3); // shop (default values, Argo CD Application), blog

    const warm = await run();
    expect(fake.calls()).toHaveLength(2); // no new build
    expect(warm.findings).toEqual(cold.findings); // locations and related places included
    expect(notes(warm)).toEqual([]);

    // --context over a warm cache: nothing is skipped, nothing is built
    const scoped = await run({ contextOnly: true, reportOnly: [path.join(repo, "apps/web/overlays/prod/debug.yaml")] });
    expect(fake.calls()).toHaveLength(2);
    expect(shown(scoped)).toEqual(["privileged-container apps/web/overlays/prod/debug.yaml:11"]);
    expect(notes(scoped)).toEqual([]);

    const api = path.join(repo, "apps/api/deployment.yaml");
    writeFileSync(api, readFileSync(api, "utf8").replace("privileged: true", "privileged: false"));
    const edited = await run();
    expect(fake.calls().slice(2)).toEqual(["apps/api"]);
    expect(shown(edited)).toEqual([
      "privileged-container apps/web/overlays/prod/debug.yaml:11",
      "privileged-container charts/blog/templates/_helpers.tpl:2",
      "privileged-container charts/shop/templates/_helpers.tpl:2",
    ]);
    expect(entries(cacheDir, "k")).toHaveLength(2); // the root's entry was replaced, not added to

    for (const n of entries(cacheDir)) writeFileSync(path.join(cacheDir, n), "not a cache entry\n{");
    const afterCorruption = await run();
    expect(fake.calls().slice(3).sort()).toEqual(["apps/api", "apps/web/overlays/prod"]);
    expect(afterCorruption.findings).toEqual(edited.findings);
    expect(notes(afterCorruption)).toEqual([]);
    expect(await run().then(() => fake.calls().length)).toBe(5); // rewritten: warm again
  });

  it("--context: a root outside the scope comes from the cache while the changed one builds", async () => {
    const repo = tmpRepo();
    const cacheDir = path.join(repo, ".shipshape", "cache");
    const fake = loggingKustomize(repo);
    await lintRepo(repo, { kustomizeBin: fake.bin, cacheDir });
    const debug = path.join(repo, "apps/web/overlays/prod/debug.yaml");
    writeFileSync(debug, readFileSync(debug, "utf8").replace("privileged: true", "privileged: false\n            allowPrivilegeEscalation: true"));
    clearRenderCache();
    const r = await lintRepo(repo, { kustomizeBin: fake.bin, cacheDir, contextOnly: true, reportOnly: [debug] });
    expect(fake.calls().slice(2)).toEqual(["apps/web/overlays/prod"]);
    expect(shown(r)).toEqual([]);
    expect(notes(r)).toEqual([]);
  });
});

describe.skipIf(!HAVE_KUSTOMIZE)("what a cached kustomize build depends on", () => {
  it("a file named only inside a transformer config counts: editing it builds again", async () => {
    const repo = tmpRepo();
    const root = path.join(repo, "apps/api");
    writeFileSync(path.join(root, "kustomization.yaml"), "resources:\n  - deployment.yaml\ntransformers:\n  - add-label.yaml\n");
    writeFileSync(path.join(root, "add-label.yaml"), [
      "apiVersion: builtin", "kind: PatchTransformer", "metadata:", "  name: add-label", "path: label-patch.yaml", "target:", "  kind: Deployment", "",
    ].join("\n"));
    const patch = (team: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  labels:\n    team: ${team}\n`;
    writeFileSync(path.join(root, "label-patch.yaml"), patch("a"));
    const cacheDir = path.join(repo, ".shipshape", "cache");
    const fake = loggingKustomize(repo);
    const run = () => {
      clearRenderCache();
      return lintRepo(repo, { kustomizeBin: fake.bin, cacheDir, reportOnly: [path.join(root, "deployment.yaml")] });
    };
    await run();
    await run();
    expect(fake.calls().filter((c) => c === "apps/api")).toHaveLength(1);
    writeFileSync(path.join(root, "label-patch.yaml"), patch("b"));
    await run();
    expect(fake.calls().filter((c) => c === "apps/api")).toHaveLength(2);
  });
});

describe("native Helm renders across runs", () => {
  it("a warm render() runs no chart; the same inputs give the same documents", async () => {
    const repo = tmpRepo();
    const cacheDir = path.join(repo, ".shipshape", "cache");
    const once = () => render({
      enabled: true, repoRoot: repo, cwd: repo, loaded: loadRepo(repo), env: { PATH: "" }, cacheDir,
      helm: { mode: "native", helm: undefined, configFile: undefined, configDisplay: undefined, configDir: repo, kubeVersionFor: () => "1.35" },
    });
    const cold = await once();
    expect(cold.stats.helm).toMatchObject({ charts: 2, renders: 3, cached: 0, skipped: 0 });
    const warm = await once();
    expect(warm.stats.helm).toMatchObject({ charts: 2, renders: 0, cached: 3, skipped: 0 });
    expect(warm.outputs.map((o) => [o.file, o.parsed.source.text])).toEqual(cold.outputs.map((o) => [o.file, o.parsed.source.text]));
    const values = path.join(repo, "charts/blog/values.yaml");
    writeFileSync(values, readFileSync(values, "utf8").replace("1.0.0", "1.0.1"));
    expect((await once()).stats.helm).toMatchObject({ renders: 1, cached: 2 });
  });

  it("findings from cached renders equal fresh ones: templates, values lines, Application and HelmRelease values, config", async () => {
    const repo = tmpRepo(path.join(ROOT, "fixtures", "helm-pipeline", "value-sets"));
    const cacheDir = path.join(repo, ".shipshape", "cache");
    const run = async () => {
      const r = await lintRepo(repo, { cacheDir, config: undefined, render: true, kustomizeBin: "/nonexistent/kustomize" });
      expect(r.errors).toEqual([]);
      return r;
    };
    const cold = await run();
    const stamp = () => entries(cacheDir, "h").map((n) => `${n} ${statSync(path.join(cacheDir, n)).ino} ${statSync(path.join(cacheDir, n)).mtimeMs}`);
    const written = stamp();
    expect(written.length).toBeGreaterThanOrEqual(4); // default values, ci/, config, Argo CD, Flux
    expect(cold.findings.length).toBeGreaterThan(0);
    const warm = await run();
    expect(stamp()).toEqual(written); // every render was a hit: nothing was rendered and written again
    expect(warm.findings).toEqual(cold.findings);
  });

  it("an unwritable cache is a note, not a failure", async () => {
    const repo = tmpRepo();
    writeFileSync(path.join(repo, "not-a-dir"), "");
    const r = await lintRepo(repo, { cacheDir: path.join(repo, "not-a-dir", "cache"), kustomizeBin: "/nonexistent/kustomize" });
    expect(r.errors).toEqual([]);
    expect(notes(r).filter((n) => n.startsWith("render-cache-unwritable"))).toHaveLength(1);
    expect(shown(r)).toContain("privileged-container charts/blog/templates/_helpers.tpl:2");
  });
});
