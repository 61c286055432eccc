import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import type { Finding, LintResult } from "../src/engine/types.js";

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh temp repo with these files (paths relative to it). */
function repo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-"));
  tmpDirs.push(dir);
  write(dir, files);
  return dir;
}
function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

const ONLY = ["privileged-container", "host-path-volume", "image-tag-mutable", "yaml-syntax"];
const run = (dir: string): Promise<LintResult> => lint({ cwd: dir, paths: ["."], config: false, only: ONLY });

function deployment(name: string, opts: { namespace?: string; apiVersion?: string; image?: string } = {}): string {
  return `apiVersion: ${opts.apiVersion ?? "apps/v1"}
kind: Deployment
metadata:
  name: ${name}
${opts.namespace ? `  namespace: ${opts.namespace}\n` : ""}spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: ${opts.image ?? "registry.example.com/app:1.0"}
          securityContext:
            privileged: true
        - name: sidecar
          image: registry.example.com/sidecar:2.0
          securityContext:
            privileged: true
      volumes:
        - name: sock
          hostPath:
            path: /var/run/docker.sock
`;
}

/** `ruleId path` → fingerprint, for one resource's findings. */
function byRulePath(r: LintResult, name?: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of r.findings) {
    if (name !== undefined && f.resource?.name !== name) continue;
    const key = `${f.ruleId} ${f.resource?.kind ?? ""}/${f.resource?.namespace ?? "-"}/${f.resource?.name ?? ""} ${f.path ?? ""}`;
    expect(out.has(key), `two findings share ${key}`).toBe(false);
    out.set(key, f.fingerprint);
  }
  return out;
}

const fingerprintsOf = (r: LintResult) => r.findings.map((f: Finding) => f.fingerprint);

describe("fingerprints", () => {
  it("are 32 hex digits and unique within a run", async () => {
    const r = await run(repo({ "a.yaml": `${deployment("web")}---\n${deployment("api")}` }));
    expect(r.findings.length).toBe(6);
    for (const fp of fingerprintsOf(r)) expect(fp).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(fingerprintsOf(r)).size).toBe(r.findings.length);
  });

  it("survive lines inserted above the finding", async () => {
    const dir = repo({ "a.yaml": deployment("web") });
    const before = await run(dir);
    write(dir, { "a.yaml": `# a comment\n# another one\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  k: v\n---\n${deployment("web").replace("spec:\n", "spec:\n  replicas: 3\n  # more\n")}` });
    const after = await run(dir);
    expect(after.findings[0]?.line).not.toBe(before.findings[0]?.line);
    expect(byRulePath(after)).toEqual(byRulePath(before));
  });

  it("survive reordering the documents of a file", async () => {
    const dir = repo({ "a.yaml": `${deployment("web")}---\n${deployment("api")}` });
    const before = await run(dir);
    write(dir, { "a.yaml": `${deployment("api")}---\n${deployment("web")}` });
    const after = await run(dir);
    expect(byRulePath(after)).toEqual(byRulePath(before));
    expect(byRulePath(after).size).toBe(6);
  });

  it("survive moving a document to another file, in the same directory or another one (identity is not the file)", async () => {
    const dir = repo({ "apps/a.yaml": `${deployment("web")}---\n${deployment("api")}` });
    const before = await run(dir);
    fs.rmSync(path.join(dir, "apps/a.yaml"));
    write(dir, { "apps/web.yaml": deployment("web"), "other/api.yaml": deployment("api") });
    const after = await run(dir);
    expect(byRulePath(after)).toEqual(byRulePath(before));
  });

  it("survive a change of API version within the group, and of other fields", async () => {
    const dir = repo({ "a.yaml": deployment("web") });
    const before = await run(dir);
    write(dir, { "a.yaml": deployment("web", { apiVersion: "apps/v1beta2", image: "registry.example.com/app:1.1" }) });
    const after = await run(dir);
    expect(byRulePath(after)).toEqual(byRulePath(before));
  });

  it("differ between rules, paths, names and namespaces", async () => {
    const r = await run(repo({
      "a.yaml": [deployment("web"), deployment("api"), deployment("web", { namespace: "prod" })].join("---\n"),
    }));
    expect(r.findings.length).toBe(9);
    expect(new Set(fingerprintsOf(r)).size).toBe(9);
    const fp = byRulePath(r);
    const c0 = "spec.template.spec.containers[0].securityContext.privileged";
    const c1 = "spec.template.spec.containers[1].securityContext.privileged";
    const vol = "spec.template.spec.volumes[0].hostPath";
    const distinct = [
      fp.get(`privileged-container Deployment/-/web ${c0}`), // the base case
      fp.get(`privileged-container Deployment/-/web ${c1}`), // another path
      fp.get(`host-path-volume Deployment/-/web ${vol}`), // another rule
      fp.get(`privileged-container Deployment/-/api ${c0}`), // another name
      fp.get(`privileged-container Deployment/prod/web ${c0}`), // another namespace
    ];
    expect(distinct.every((x) => typeof x === "string")).toBe(true);
    expect(new Set(distinct).size).toBe(5);
  });

  it("differ between the same finding under clusters/dev/ and clusters/prod/, and stay stable across runs", async () => {
    const same = deployment("web", { namespace: "shop" });
    const dir = repo({ "clusters/dev/web.yaml": same, "clusters/prod/web.yaml": same });
    const first = await run(dir);
    expect(first.findings.length).toBe(6);
    expect(new Set(fingerprintsOf(first)).size).toBe(6);
    const dev = first.findings.filter((f) => f.file.startsWith("clusters/dev/"));
    const prod = first.findings.filter((f) => f.file.startsWith("clusters/prod/"));
    expect(dev.map((f) => f.path)).toEqual(prod.map((f) => f.path));
    dev.forEach((f, i) => expect(f.fingerprint).not.toBe(prod[i]?.fingerprint));
    // An unrelated edit in one copy changes neither copy's fingerprints.
    write(dir, { "clusters/prod/web.yaml": `# prod\n${same.replace("spec:\n", "spec:\n  replicas: 6\n")}` });
    const second = await run(dir);
    expect(fingerprintsOf(second).sort()).toEqual(fingerprintsOf(first).sort());
  });

  it("stay unique when one resource appears twice in a directory or a file", async () => {
    const same = deployment("web");
    const r = await run(repo({ "dup/a.yaml": same, "dup/b.yaml": same, "twice.yaml": `${same}---\n${same}` }));
    expect(r.findings.length).toBe(12);
    expect(new Set(fingerprintsOf(r)).size).toBe(12);
  });

  it("of file-level findings survive lines inserted above and differ between files", async () => {
    const broken = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n";
    const dir = repo({ "a.yaml": broken, "b.yaml": broken });
    const before = await run(dir);
    expect(before.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(["yaml-syntax a.yaml:4", "yaml-syntax b.yaml:4"]);
    expect(before.findings[0]?.fingerprint).not.toBe(before.findings[1]?.fingerprint);
    write(dir, { "a.yaml": `# header\n# header\n${broken}` });
    const after = await run(dir);
    expect(after.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(["yaml-syntax a.yaml:6", "yaml-syntax b.yaml:4"]);
    expect(fingerprintsOf(after)).toEqual(fingerprintsOf(before));
  });
});
