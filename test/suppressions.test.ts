import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import { applySuppressions } from "../src/engine/suppress.js";
import { tempTree } from "./helpers/cli.js";

const ONLY = ["image-tag-mutable", "unused-suppression"];

const pod = (name: string, extra = "", image = "nginx") => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}${extra}
spec:
  containers:
    - name: app
      image: ${image}
`;

async function run(files: Record<string, string>) {
  const cwd = tempTree(files);
  const r = await lint({ cwd, paths: ["."], only: ONLY, gitignore: false });
  return r.findings.map((f) => ({ rule: f.ruleId, at: `${f.file}:${f.line}`, suppressed: f.suppressed, by: f.suppressions.map((s) => `${s.kind}/${s.source}:${s.justification ?? ""}`) }));
}

describe("suppressions", () => {
  it("an annotation on the resource suppresses and keeps the finding", async () => {
    const out = await run({ "a.yaml": pod("a", `\n  annotations:\n    shipshape.dev/ignore: image-tag-mutable\n    shipshape.dev/ignore-reason: "vendored image, pinned upstream"`) });
    expect(out).toEqual([{ rule: "image-tag-mutable", at: "a.yaml:11", suppressed: true, by: ["inSource/annotation:vendored image, pinned upstream"] }]);
  });

  it("an annotation on the pod template suppresses findings of the workload", async () => {
    const deploy = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    metadata:
      annotations:
        shipshape.dev/ignore: "image-tag-mutable"
    spec:
      containers:
        - name: app
          image: nginx
`;
    expect(await run({ "d.yaml": deploy })).toEqual([{ rule: "image-tag-mutable", at: "d.yaml:13", suppressed: true, by: ["inSource/annotation:"] }]);
  });

  it("a comment on the line before, or at the end of the line, suppresses that line only", async () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: c
spec:
  containers:
    - name: a
      # shipshape-ignore image-tag-mutable -- mirrored internally
      image: nginx
    - name: b
      image: busybox # shipshape-ignore image-tag-mutable
    - name: c
      image: redis
`;
    expect(await run({ "c.yaml": text })).toEqual([
      { rule: "image-tag-mutable", at: "c.yaml:9", suppressed: true, by: ["inSource/comment:mirrored internally"] },
      { rule: "image-tag-mutable", at: "c.yaml:11", suppressed: true, by: ["inSource/comment:"] },
      { rule: "image-tag-mutable", at: "c.yaml:13", suppressed: false, by: [] },
    ]);
  });

  it("a file comment suppresses the whole file", async () => {
    const out = await run({ "f.yaml": `# shipshape-ignore-file image-tag-mutable -- test data\n${pod("f")}---\n${pod("g")}` });
    expect(out.map((o) => [o.at, o.suppressed])).toEqual([["f.yaml:9", true], ["f.yaml:18", true]]);
  });

  it("config exceptions apply by resource, until they expire", async () => {
    const config = `exceptions:
  - rule: image-tag-mutable
    resource: { kind: Pod, name: vendor }
    reason: third-party chart
  - rule: image-tag-mutable
    resource: { kind: Pod, name: old }
    reason: was fine once
    expires: "2001-01-01"
`;
    const cwd = tempTree({ ".shipshape.yaml": config, "v.yaml": pod("vendor"), "o.yaml": pod("old") });
    const r = await lint({ cwd, paths: ["."], only: ONLY });
    expect(r.findings.map((f) => [f.file, f.suppressed, f.suppressions.map((s) => s.kind)])).toEqual([
      ["o.yaml", false, []],
      ["v.yaml", true, ["external"]],
    ]);
    expect(r.notifications.filter((n) => n.id === "exception-expired").map((n) => [n.file, n.line, n.message])).toEqual([
      [".shipshape.yaml", 5, "the exception for rule image-tag-mutable (Pod/old) expired on 2001-01-01 and no longer applies"],
    ]);
  });

  it("reports suppressions that match nothing, and exceptions whose resource has no finding", async () => {
    const config = `exceptions:
  - rule: image-tag-mutable
    resource: { kind: Pod, name: pinned }
    reason: stale
`;
    const cwd = tempTree({
      ".shipshape.yaml": config,
      "p.yaml": pod("pinned", `\n  annotations:\n    shipshape.dev/ignore: image-tag-mutable`, "nginx:1.27.3"),
      "q.yaml": `# shipshape-ignore image-tag-mutable\n${pod("q", "", "nginx:1.27.3")}`,
    });
    const r = await lint({ cwd, paths: ["."], only: ONLY });
    expect(r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      "unused-suppression .shipshape.yaml:2",
      "unused-suppression p.yaml:6",
      "unused-suppression q.yaml:1",
    ]);
  });

  it("keeps suppressed findings out of the exit decision but in the JSON", async () => {
    const cwd = tempTree({ "a.yaml": `# shipshape-ignore-file image-tag-mutable\n${pod("a")}` });
    const r = await lint({ cwd, paths: ["."], only: ["image-tag-mutable"] });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.suppressed).toBe(true);
  });

  it("uses the given date for expiry: an exception applies through its last day", () => {
    const config = { exceptions: [{ rule: "x", resource: { kind: "Pod" }, files: [], reason: "r", expires: "2026-03-31", line: 1, column: 1 }], display: "c.yaml", dir: "/" };
    const input = {
      drafts: [], loaded: [], resources: [], cwd: "/", workloadKinds: undefined as never,
      ruleEnabled: () => true, knownRule: () => true, locateIn: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }),
      config: config as never,
    };
    expect(applySuppressions({ ...input, today: "2026-03-31" }).notifications).toEqual([]);
    expect(applySuppressions({ ...input, today: "2026-04-01" }).notifications).toHaveLength(1);
  });
});
