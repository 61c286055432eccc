import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import { ConfigError } from "../src/engine/config-errors.js";
import { tempTree } from "./helpers/cli.js";

const pod = (name: string, image = "nginx") => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: app
      image: ${image}
`;

const found = async (files: Record<string, string>, opts: Parameters<typeof lint>[0] = {}) => {
  const r = await lint({ cwd: tempTree(files), paths: ["."], ...opts });
  return r.findings.filter((f) => f.ruleId === "image-tag-mutable" || f.ruleId === "privileged-container").map((f) => `${f.ruleId} ${f.level} ${f.file}`);
};

async function configError(config: string): Promise<string> {
  try {
    await lint({ cwd: tempTree({ ".shipshape.yaml": config, "p.yaml": pod("p") }), paths: ["."] });
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return "no error";
}

describe("configuration", () => {
  it("sets levels per rule and per path; the last matching override wins", async () => {
    const config = `rules:
  image-tag-mutable: error
overrides:
  - files: ["dev/**"]
    rules: { image-tag-mutable: note }
  - files: ["dev/legacy/**"]
    rules: { image-tag-mutable: off }
`;
    expect(await found({ ".shipshape.yaml": config, "prod/a.yaml": pod("a"), "dev/b.yaml": pod("b"), "dev/legacy/c.yaml": pod("c") })).toEqual([
      "image-tag-mutable note dev/b.yaml",
      "image-tag-mutable error prod/a.yaml",
    ]);
  });

  it("an override's off is kept under --only", async () => {
    const config = `overrides:\n  - files: ["vendor/**"]\n    rules: { image-tag-mutable: off }\n`;
    expect(await found({ ".shipshape.yaml": config, "a.yaml": pod("a"), "vendor/b.yaml": pod("b") }, { only: ["image-tag-mutable"] })).toEqual([
      "image-tag-mutable error a.yaml",
    ]);
  });

  it("--only runs a rule the config turned off, at its default level", async () => {
    expect(await found({ ".shipshape.yaml": "rules:\n  image-tag-mutable: off\n", "a.yaml": pod("a") }, { only: ["image-tag-mutable"] })).toEqual([
      "image-tag-mutable error a.yaml",
    ]);
  });

  it("passes rule options, validated against the rule's schema", async () => {
    const config = `rules:\n  image-tag-mutable: [warning, { mutableTags: ["1.0"] }]\n`;
    expect(await found({ ".shipshape.yaml": config, "a.yaml": pod("a", "nginx:1.0"), "b.yaml": pod("b", "nginx:1.27") })).toEqual([
      "image-tag-mutable warning a.yaml",
    ]);
    expect(await configError(`rules:\n  image-tag-mutable: [warning, { mutableTag: [] }]\n`)).toBe(
      '.shipshape.yaml:2: rule "image-tag-mutable" has no option "mutableTag" (did you mean "mutableTags"?)',
    );
    expect(await configError(`rules:\n  image-tag-mutable: [warning, { mutableTags: "latest" }]\n`)).toBe(
      '.shipshape.yaml:2: rule "image-tag-mutable": option "mutableTags" must be array',
    );
  });

  it("names unknown keys with their line and the nearest valid key", async () => {
    expect(await configError("extends: [recommended]\nexclud: []\n")).toBe('.shipshape.yaml:2: unknown key "exclud" in the config (did you mean "exclude"?)');
    expect(await configError("overrides:\n  - files: [a]\n    rule: {}\n")).toBe('.shipshape.yaml:3: unknown key "rule" in an override (did you mean "rules"?)');
    expect(await configError("extends: [strickt]\n")).toBe('.shipshape.yaml:1: unknown preset "strickt" (did you mean "strict"?); presets: recommended, strict, pss-baseline, pss-restricted');
    expect(await configError("rules:\n  image-tag-mutable: loud\n")).toBe('.shipshape.yaml:2: rule "image-tag-mutable": level must be one of off, note, warning, error, not "loud"');
    expect(await configError("exceptions:\n  - rule: image-tag-mutable\n    resource: { kind: Pod }\n")).toBe(".shipshape.yaml:2: an exception needs a `reason`");
    expect(await configError("kubeVersion: \"1.x\"\n")).toBe('.shipshape.yaml:1: kubeVersion "1.x" is not a Kubernetes version (use 1.N, v1.N or 1.N.P)');
    expect(await configError("rules: [\n")).toMatch(/^\.shipshape\.yaml:1: invalid YAML/);
  });

  it("presets: strict enables every rule; a later preset wins", async () => {
    const cwd = tempTree({ ".shipshape.yaml": "extends: [strict]\n", "a.yaml": pod("a") });
    const r = await lint({ cwd, paths: ["."] });
    expect(r.rules.length).toBeGreaterThan(5);
  });

  it("include and exclude are relative to the config file; --exclude to the working directory", async () => {
    const files = { ".shipshape.yaml": 'include: ["apps/**"]\nexclude: ["**/testdata/**"]\n', "apps/a.yaml": pod("a"), "apps/testdata/t.yaml": pod("t"), "other/o.yaml": pod("o") };
    expect(await found(files)).toEqual(["image-tag-mutable error apps/a.yaml"]);
    expect(await found({ "a.yaml": pod("a"), "gen/b.yaml": pod("b") }, { exclude: ["gen/"] })).toEqual(["image-tag-mutable error a.yaml"]);
  });

  it("a path named on the command line is linted even if excluded", async () => {
    const cwd = tempTree({ ".shipshape.yaml": 'exclude: ["gen/**"]\n', "gen/b.yaml": pod("b") });
    const r = await lint({ cwd, paths: ["gen/b.yaml"], only: ["image-tag-mutable"] });
    expect(r.findings.map((f) => f.file)).toEqual(["gen/b.yaml"]);
  });

  it("honours .gitignore unless --no-gitignore", async () => {
    const files = { ".git/HEAD": "ref: refs/heads/main\n", ".gitignore": "build/\n", "a.yaml": pod("a"), "build/b.yaml": pod("b") };
    expect(await found(files, { only: ["image-tag-mutable"] })).toEqual(["image-tag-mutable error a.yaml"]);
    expect(await found(files, { only: ["image-tag-mutable"], gitignore: false })).toEqual(["image-tag-mutable error a.yaml", "image-tag-mutable error build/b.yaml"]);
  });

  it("workloadKinds makes pod rules check a CRD's pod template", async () => {
    const cloneSet = `apiVersion: apps.kruise.io/v1alpha1
kind: CloneSet
metadata:
  name: cs
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
`;
    expect(await found({ "c.yaml": cloneSet }, { only: ["image-tag-mutable"] })).toEqual([]);
    const config = "workloadKinds:\n  - { apiVersion: apps.kruise.io/v1alpha1, kind: CloneSet, podSpec: spec.template.spec }\n";
    expect(await found({ ".shipshape.yaml": config, "c.yaml": cloneSet }, { only: ["image-tag-mutable"] })).toEqual(["image-tag-mutable error c.yaml"]);
  });

  it("overrides set kubeVersion per path; the command line wins", async () => {
    const config = 'kubeVersion: "1.30"\noverrides:\n  - files: ["old/**"]\n    kubeVersion: "v1.24.3"\n';
    const seen: string[] = [];
    const probe = {
      meta: { id: "probe", title: "Records the version per file", description: "Test rule that records the kube version it is given.", remediation: "-", category: "workload" as const, level: "note" as const, tags: [], presets: ["recommended" as const], messages: { m: "m" }, since: "0.1.0" },
      appliesTo: "podSpecs" as const,
      check(pod: { resource: { file: string } }, ctx: { kubeVersion: string }) {
        seen.push(`${pod.resource.file}=${ctx.kubeVersion}`);
      },
    };
    const files = { ".shipshape.yaml": config, "old/a.yaml": pod("a"), "new/b.yaml": pod("b") };
    await lint({ cwd: tempTree(files), paths: ["."], rules: [probe as never] });
    expect(seen.sort()).toEqual(["new/b.yaml=1.30", "old/a.yaml=1.24"]);
    seen.length = 0;
    await lint({ cwd: tempTree(files), paths: ["."], rules: [probe as never], kubeVersion: "1.33" });
    expect(seen.sort()).toEqual(["new/b.yaml=1.33", "old/a.yaml=1.33"]);
  });
});
