/**
 * `--context` rendering: only the kustomization roots and Helm renders whose sources include a reported file
 * are rendered; the others are linted as written (or come from the render cache, see render-cache.test.ts).
 * And the sources of a Helm-rendered resource (templates, values, Application), which decide whether it is
 * in the report scope of `--context` and `--changed-since`.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HAVE_KUSTOMIZE, lintRepo, loggingKustomize, notes, requireKustomizeInCi, shown, tmpRepo } from "./helpers/render-scope.js";

requireKustomizeInCi();

/** A `--context . FILE…` run as the pre-commit hook makes it (through lint(), without the persistent cache). */
async function context(repo: string, files: string[]) {
  const fake = loggingKustomize(repo);
  const r = await lintRepo(repo, { contextOnly: true, reportOnly: files.map((f) => path.join(repo, f)), kustomizeBin: fake.bin });
  expect(r.errors).toEqual([]);
  return { r, calls: fake.calls() };
}

describe.skipIf(!HAVE_KUSTOMIZE)("--context renders only what includes a reported file", () => {
  it("a patch file: only its root is built, and the finding it causes is at the patch", async () => {
    const repo = tmpRepo();
    const { r, calls } = await context(repo, ["apps/web/overlays/prod/debug.yaml"]);
    expect(calls).toEqual(["apps/web/overlays/prod"]);
    expect(shown(r)).toEqual(["privileged-container apps/web/overlays/prod/debug.yaml:11"]);
    expect(notes(r)).toEqual([
      "render-context-skipped: --context: 1 kustomization and 3 Helm renders not including a reported file were not rendered (no cached render of their current sources); cross-resource rules saw their files as written",
    ]);
  });

  it("a base file: every root whose closure holds it is built", async () => {
    const repo = tmpRepo();
    const { r, calls } = await context(repo, ["apps/web/base/deployment.yaml"]);
    expect(calls).toEqual(["apps/web/overlays/prod"]);
    // located at the overlay's patch, reported because the resource comes from the base file
    expect(shown(r)).toEqual(["privileged-container apps/web/overlays/prod/debug.yaml:11"]);
  });

  it("a chart's values file: only that chart's renders run, no kustomize build", async () => {
    const repo = tmpRepo();
    const { r, calls } = await context(repo, ["charts/blog/values.yaml"]);
    expect(calls).toEqual([]);
    expect(shown(r)).toEqual(["privileged-container charts/blog/templates/_helpers.tpl:2"]);
    expect(notes(r)).toEqual([
      "render-context-skipped: --context: 2 kustomizations and 2 Helm renders not including a reported file were not rendered (no cached render of their current sources); cross-resource rules saw their files as written",
    ]);
  });

  it("an Argo CD Application: only the render it configures runs, not the chart's other value sets", async () => {
    const repo = tmpRepo();
    const { r, calls } = await context(repo, ["argocd/shop-staging.yaml"]);
    expect(calls).toEqual([]);
    expect(shown(r)).toEqual(["privileged-container charts/shop/templates/_helpers.tpl:2"]);
    // shop with its default values and blog were not rendered; the two kustomizations neither
    expect(notes(r)).toEqual([
      "render-context-skipped: --context: 2 kustomizations and 2 Helm renders not including a reported file were not rendered (no cached render of their current sources); cross-resource rules saw their files as written",
    ]);
  });

  it("a file of a root that reads nothing else: only that root is built", async () => {
    const repo = tmpRepo();
    const { r, calls } = await context(repo, ["apps/api/deployment.yaml"]);
    expect(calls).toEqual(["apps/api"]);
    expect(shown(r)).toEqual(["privileged-container apps/api/deployment.yaml:18"]);
  });

  it("without --context every root and chart renders, with no note", async () => {
    const repo = tmpRepo();
    const fake = loggingKustomize(repo);
    const r = await lintRepo(repo, { kustomizeBin: fake.bin });
    expect(fake.calls().sort()).toEqual(["apps/api", "apps/web/overlays/prod"]);
    expect(shown(r)).toEqual([
      "privileged-container apps/api/deployment.yaml:18",
      "privileged-container apps/web/overlays/prod/debug.yaml:11",
      "privileged-container charts/blog/templates/_helpers.tpl:2",
      "privileged-container charts/shop/templates/_helpers.tpl:2",
    ]);
    expect(notes(r)).toEqual([]);
  });
});

describe("the sources of Helm-rendered resources (--changed-since)", () => {
  // No --context: everything renders; only the report scope is the changed files.
  const changed = async (files: string[]) => {
    const repo = tmpRepo();
    const r = await lintRepo(repo, { render: true, kustomizeBin: "/nonexistent/kustomize", reportOnly: files.map((f) => path.join(repo, f)) });
    return shown(r);
  };

  it("a changed values file puts the chart's resources in scope, wherever their findings are", async () => {
    expect(await changed(["charts/blog/values.yaml"])).toEqual(["privileged-container charts/blog/templates/_helpers.tpl:2"]);
  });

  it("the chart's own values feed every render of it, an Application's values only its own", async () => {
    expect(await changed(["charts/shop/values.yaml"])).toEqual(["privileged-container charts/shop/templates/_helpers.tpl:2"]);
    expect(await changed(["argocd/shop-staging.yaml"])).toEqual(["privileged-container charts/shop/templates/_helpers.tpl:2"]);
  });

  it("a changed template counts for the resources it printed into, the document's own template too", async () => {
    expect(await changed(["charts/blog/templates/deployment.yaml"])).toEqual(["privileged-container charts/blog/templates/_helpers.tpl:2"]);
    expect(await changed(["charts/shop/templates/_helpers.tpl"])).toEqual(["privileged-container charts/shop/templates/_helpers.tpl:2"]);
  });

  it("Chart.yaml counts for every render of its chart; a file no render reads changes nothing rendered", async () => {
    expect(await changed(["charts/shop/Chart.yaml"])).toEqual(["privileged-container charts/shop/templates/_helpers.tpl:2"]);
    expect(await changed(["apps/api/deployment.yaml"])).toEqual(["privileged-container apps/api/deployment.yaml:18"]);
  });
});
