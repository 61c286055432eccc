import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import type { Finding } from "../src/engine/types.js";
import { FIXTURE_ROOT } from "./helpers/fixtures.js";
import { tempTree } from "./helpers/cli.js";

const GITOPS_RULES = ["argocd-project-wildcard", "argocd-default-project", "flux-no-service-account", "gitops-source-insecure"];

async function run(cwd: string, only = GITOPS_RULES): Promise<Finding[]> {
  const r = await lint({ cwd, paths: ["."], config: false, only, gitignore: false });
  expect(r.errors).toEqual([]);
  return r.findings;
}

/** `file:line level rule: message`, the way a reader checks a finding. */
const show = (f: Finding) => `${f.file}:${f.line} ${f.level} ${f.ruleId}: ${f.message}`;
const showRelated = (f: Finding) => f.related.map((r) => `${r.file}:${r.line} ${r.message}`);

const kustomization = (name: string, ns: string, extra = "") => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  interval: 10m
  path: ./apps/${name}
  sourceRef:
    kind: GitRepository
    name: flux-system
${extra}`;

const controller = (args: string[]) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: kustomize-controller
  namespace: flux-system
spec:
  selector:
    matchLabels: { app: kustomize-controller }
  template:
    metadata:
      labels: { app: kustomize-controller }
    spec:
      serviceAccountName: kustomize-controller
      containers:
        - name: manager
          image: ghcr.io/fluxcd/kustomize-controller:v1.4.0
          args: ${JSON.stringify(args)}
`;

describe("flux-no-service-account", () => {
  it("names the controller's rights from the repo's RBAC, links the binding, and keeps platform-owned objects as notes", async () => {
    const found = await run(path.join(FIXTURE_ROOT, "flux-no-service-account", "fail", "bootstrap"), ["flux-no-service-account"]);
    expect(found.map(show)).toEqual([
      'gotk-sync.yaml:7 note flux-no-service-account: Kustomization "flux-system" sets no spec.serviceAccountName, so kustomize-controller applies it as ServiceAccount flux-system/kustomize-controller, which can do anything in the cluster (cluster-admin); it is in the controller\'s own namespace flux-system, which only platform admins should be able to write to',
      'gotk-sync.yaml:21 warning flux-no-service-account: Kustomization "shop" sets no spec.serviceAccountName, so kustomize-controller applies it as ServiceAccount flux-system/kustomize-controller, which can do anything in the cluster (cluster-admin)',
    ]);
    expect(showRelated(found[1] as Finding)).toEqual([
      "gotk-components.yaml:27 the kustomize-controller Deployment runs as ServiceAccount flux-system/kustomize-controller and sets no --default-service-account",
      'gotk-components.yaml:17 built-in ClusterRole "cluster-admin" gives ServiceAccount flux-system/kustomize-controller this right through ClusterRoleBinding "cluster-reconciler-flux-system"',
    ]);
  });

  it("falls back to what a standard install grants when the repo holds no Flux RBAC", async () => {
    const found = await run(tempTree({ "team-a.yaml": kustomization("web", "team-a") }), ["flux-no-service-account"]);
    expect(found.map(show)).toEqual([
      'team-a.yaml:6 warning flux-no-service-account: Kustomization "web" sets no spec.serviceAccountName, so kustomize-controller applies it as ServiceAccount flux-system/kustomize-controller, which a standard Flux install binds to cluster-admin',
    ]);
  });

  it("follows the nearest controller install: a locked-down cluster is quiet, the other is not", async () => {
    const dir = tempTree({
      "clusters/prod/flux-system/gotk-components.yaml": controller(["--watch-all-namespaces=true", "--default-service-account=default"]),
      "clusters/prod/apps.yaml": kustomization("shop", "shop"),
      "clusters/dev/flux-system/gotk-components.yaml": controller(["--watch-all-namespaces=true"]),
      "clusters/dev/apps.yaml": kustomization("shop", "shop"),
    });
    const found = await run(dir, ["flux-no-service-account"]);
    expect(found.map((f) => `${f.file}:${f.line} ${f.level}`)).toEqual(["clusters/dev/apps.yaml:6 warning"]);
  });

  it("says so when the controller's ServiceAccount holds nothing dangerous here", async () => {
    const dir = tempTree({
      "flux.yaml": `${controller([])}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: kustomize-controller-view
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects:
  - { kind: ServiceAccount, name: kustomize-controller, namespace: flux-system }
`,
      "apps.yaml": kustomization("docs", "docs"),
    });
    const found = await run(dir, ["flux-no-service-account"]);
    expect(found.map(show)).toEqual([
      "apps.yaml:6 note flux-no-service-account: Kustomization \"docs\" sets no spec.serviceAccountName, so kustomize-controller applies it as ServiceAccount flux-system/kustomize-controller, which holds no dangerous rights through this repo's bindings",
    ]);
  });
});

describe("argocd-project-wildcard", () => {
  it("says what the application controller can do, with the controller and its grant as related locations", async () => {
    const found = await run(path.join(FIXTURE_ROOT, "argocd-project-wildcard", "fail", "with-controller"), ["argocd-project-wildcard"]);
    expect(found.map(show)).toEqual([
      'projects.yaml:11 warning argocd-project-wildcard: AppProject "shared" allows every destination namespace (namespace "*"), kube-system included; they are applied as the application controller (ServiceAccount argocd/argocd-application-controller), which can do anything in the cluster (cluster-admin)',
    ]);
    expect(showRelated(found[0] as Finding)).toEqual([
      "argocd-install.yaml:35 the Argo CD application controller runs as ServiceAccount argocd/argocd-application-controller",
      'argocd-install.yaml:15 ClusterRole "argocd-application-controller" gives ServiceAccount argocd/argocd-application-controller this right through ClusterRoleBinding "argocd-application-controller"',
    ]);
  });

  it("does not claim the controller's rights for a project that syncs as destination ServiceAccounts", async () => {
    const dir = tempTree({
      "project.yaml": `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: team-a
  namespace: argocd
spec:
  sourceRepos: ["*"]
  destinations:
    - { server: https://kubernetes.default.svc, namespace: team-a }
  destinationServiceAccounts:
    - { server: https://kubernetes.default.svc, namespace: team-a, defaultServiceAccount: team-a-deployer }
`,
    });
    const found = await run(dir, ["argocd-project-wildcard"]);
    expect(found.map(show)).toEqual([
      'project.yaml:7 warning argocd-project-wildcard: AppProject "team-a" allows every source repository (sourceRepos "*"), so its Applications may deploy manifests from any repository; with sync impersonation enabled its Applications sync as the ServiceAccounts in destinationServiceAccounts, otherwise as the application controller',
    ]);
  });
});

describe("argocd-default-project", () => {
  it("explains an empty project and points at the repo's open default project", async () => {
    const dir = tempTree({
      "project.yaml": `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: default
  namespace: argocd
spec:
  sourceRepos: ["*"]
  destinations: [{ server: "*", namespace: "*" }]
`,
      "app.yaml": `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: wiki
  namespace: argocd
spec:
  project: ""
  source: { repoURL: "https://github.com/acme/wiki.git", path: deploy }
  destination: { server: "https://kubernetes.default.svc", namespace: wiki }
`,
    });
    const found = await run(dir, ["argocd-default-project"]);
    expect(found.map(show)).toEqual([
      'app.yaml:7 warning argocd-default-project: Application "wiki" sets no spec.project, so Argo CD files it under the "default" AppProject, which allows any repository, cluster, namespace and kind; give it a project of its own',
    ]);
    expect(showRelated(found[0] as Finding)).toEqual(['project.yaml:4 the "default" AppProject, which this repo leaves wide open']);
  });

  it("lowers the finding to a note when the repo restricts the default project", async () => {
    const found = await run(path.join(FIXTURE_ROOT, "argocd-default-project", "fail", "restricted-default"), ["argocd-default-project"]);
    expect(found.map((f) => `${f.file}:${f.line} ${f.level}`)).toEqual(["projects.yaml:17 note"]);
  });
});

describe("gitops-source-insecure", () => {
  it("never quotes credentials: URLs with user info and Secret data go through the redactor", async () => {
    const dir = tempTree({
      "sources.yaml": `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: legacy
  namespace: flux-system
spec:
  interval: 5m
  url: http://deploy:s3cr3t-t0ken-value@git.internal.acme/fleet.git
  ref: { commit: 5b5e9f0e8c3f4a1e2d7c6b5a49382716a5b4c3d2 }
---
apiVersion: v1
kind: Secret
metadata:
  name: repo
  namespace: argocd
  labels: { argocd.argoproj.io/secret-type: repository }
stringData:
  url: http://git.internal.acme/platform.git
`,
    });
    const found = await run(dir, ["gitops-source-insecure"]);
    expect(found.map(show)).toEqual([
      'sources.yaml:8 warning gitops-source-insecure: GitRepository "legacy" fetches from the plain http:// URL "http…(60 chars)", so anyone on the network path can read or replace what is deployed; use https://, ssh:// or oci://',
      'sources.yaml:18 warning gitops-source-insecure: Argo CD repository Secret "repo" points at a plain http:// URL (http…(37 chars)), so the repository is fetched unencrypted; use https:// or ssh://',
    ]);
    expect(found.map((f) => f.message).join("\n")).not.toContain("s3cr3t");
  });

  it("drops the verification notes with requireVerification: false", async () => {
    const repo = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: fleet
  namespace: flux-system
spec:
  interval: 1m
  url: https://github.com/acme/fleet
`;
    expect((await run(tempTree({ "repo.yaml": repo }), ["gitops-source-insecure"])).map((f) => `${f.file}:${f.line} ${f.level}`)).toEqual(["repo.yaml:6 note"]);
    const quiet = tempTree({
      "repo.yaml": repo,
      ".shipshape.yaml": "rules:\n  gitops-source-insecure: [warning, { requireVerification: false }]\n",
    });
    const r = await lint({ cwd: quiet, paths: ["."], only: ["gitops-source-insecure"], gitignore: false });
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});
