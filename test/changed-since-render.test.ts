/** `--changed-since` over rendered resources: an overlay's patch or kustomization changes what it renders. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findKustomize } from "../src/render/index.js";
import { runShipshape, tempTree } from "./helpers/cli.js";
import { git } from "./helpers/git.js";

const REPO = path.resolve(import.meta.dirname, "..");
const HAVE_KUSTOMIZE = findKustomize({ baseDir: REPO, repoRoot: REPO }).command !== undefined;

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: nginx:1.27.3
          securityContext:
            privileged: true
`;

const patch = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
`;

const overlay = (extra = "") => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
patches:
  - path: replicas.yaml
${extra}`;

function repo(): string {
  const cwd = tempTree({
    "base/web.yaml": deployment("web"),
    "base/worker.yaml": deployment("worker"),
    "base/kustomization.yaml": "resources:\n  - web.yaml\n  - worker.yaml\n",
    "overlays/prod/kustomization.yaml": overlay(),
    "overlays/prod/replicas.yaml": patch(2),
  });
  git(cwd, "init", "-q", "-b", "main");
  git(cwd, "add", "-A");
  git(cwd, "commit", "-qm", "base");
  return cwd;
}

async function reported(cwd: string, extra: string[] = []): Promise<string[]> {
  const r = await runShipshape([".", "--only", "privileged-container", "--format", "json", ...extra], { cwd, env: { PATH: process.env.PATH } });
  expect(r.stderr).toBe("");
  const out = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; line: number; resource: { name: string } | null }[] };
  return out.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.resource?.name ?? ""}`);
}

describe.skipIf(!HAVE_KUSTOMIZE)("--changed-since with rendered Kustomize resources", () => {
  it("counts a changed patch as changing the resources it applies to, and only those", async () => {
    const cwd = repo();
    // Rendered: both Deployments are privileged in the base file, whatever the overlay does.
    expect(await reported(cwd)).toEqual([
      "privileged-container base/web.yaml:18 web",
      "privileged-container base/worker.yaml:18 worker",
    ]);
    expect(await reported(cwd, ["--changed-since", "HEAD"])).toEqual([]);
    // Only the overlay's patch changes; it targets "web", so the finding on web (located in the base) is in scope.
    writeFileSync(path.join(cwd, "overlays/prod/replicas.yaml"), patch(3));
    expect(await reported(cwd, ["--changed-since", "HEAD"])).toEqual(["privileged-container base/web.yaml:18 web"]);
  });

  it("counts a changed kustomization as changing every resource it renders", async () => {
    const cwd = repo();
    writeFileSync(path.join(cwd, "overlays/prod/kustomization.yaml"), overlay("namePrefix: prod-\n"));
    expect(await reported(cwd, ["--changed-since", "HEAD"])).toEqual([
      "privileged-container base/web.yaml:18 prod-web",
      "privileged-container base/worker.yaml:18 prod-worker",
    ]);
  });
});
