import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import type { Resource } from "../src/model/index.js";
import { defineRule } from "../src/rule-api.js";
import {
  CLUSTER, RbacModel, RbacQueryError, entryAllows, escalationGraph, parseResource, parseSubject, powerOf, rbacReport, roleKey,
} from "../src/analysis/rbac/index.js";
import { FIXTURE_ROOT } from "./helpers/fixtures.js";

/** Resources as the pipeline hands them to rules (namespaces resolved), from a directory or YAML text. */
async function loadResources(input: { dir: string } | { yaml: string }): Promise<Resource[]> {
  let out: Resource[] = [];
  const capture = defineRule({
    meta: {
      id: "capture", title: "captures resources", description: "test helper: keeps the resources a repo rule receives",
      remediation: "none", category: "rbac", level: "note", tags: [], presets: [], messages: { x: "x" }, since: "0.1.0",
    },
    appliesTo: "repo",
    check(index) {
      out = [...index.all];
    },
  });
  if ("dir" in input) await lint({ cwd: input.dir, paths: ["."], config: false, gitignore: false, rules: [capture], only: ["capture"] });
  else await lint({ paths: ["-"], stdin: { text: input.yaml, filename: "input.yaml" }, config: false, rules: [capture], only: ["capture"] });
  return out;
}

const doc = (s: string) => s.trim();
const role = (kind: string, name: string, extra: string) => doc(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
${extra}`);

/** Grants of a subject from repo roles as `scope verb,verb resource,resource (role)` strings, sorted. */
function grantSummary(model: RbacModel, key: string): string[] {
  return model.grantsOf(key).filter((g) => g.entry.role.resource).map((g) => `${g.scope} ${g.entry.verbs.join(",")} ${g.entry.resources.join(",")} (${g.entry.role.name})`).sort();
}

function can(model: RbacModel, key: string, verb: string, group: string, resource: string, subresource: string, ns: string | undefined, name?: string): boolean {
  return model.grantsOf(key).some((g) => (g.scope === CLUSTER || g.scope === ns) && entryAllows(g.entry, { verb, group, resource, subresource, ...(name !== undefined ? { name } : {}) }));
}

describe("RBAC model", () => {
  it("resolves aggregation over built-in and repo ClusterRoles (view → edit → admin)", async () => {
    const model = new RbacModel(await loadResources({ yaml: [
      role("ClusterRole", "widgets-view", `  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
rules:
  - apiGroups: ["example.com"]
    resources: ["widgets"]
    verbs: ["get"]`),
      role("ClusterRole", "widgets-edit", `  labels:
    rbac.authorization.k8s.io/aggregate-to-edit: "true"
rules:
  - apiGroups: ["example.com"]
    resources: ["widgets"]
    verbs: ["create"]`),
      role("ClusterRoleBinding", "alice-edit", `roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: User, name: alice }]`),
    ].join("\n---\n") }));
    const names = (key: string) => [...new Set(model.effectiveEntries(key).map((e) => e.role.name))].sort();
    expect(names(roleKey("ClusterRole", undefined, "view"))).toEqual(["system:aggregate-to-view", "widgets-view"]);
    expect(names(roleKey("ClusterRole", undefined, "edit"))).toEqual(["system:aggregate-to-edit", "system:aggregate-to-view", "widgets-edit", "widgets-view"]);
    expect(names(roleKey("ClusterRole", undefined, "admin"))).toEqual(["system:aggregate-to-admin", "system:aggregate-to-edit", "system:aggregate-to-view", "widgets-edit", "widgets-view"]);
    expect(can(model, "User:alice", "create", "example.com", "widgets", "", "any")).toBe(true);
    expect(can(model, "User:alice", "get", "example.com", "widgets", "", "any")).toBe(true);
    // the built-in part of edit: pods, secrets, and impersonating ServiceAccounts
    expect(can(model, "User:alice", "create", "", "pods", "", "shop")).toBe(true);
    expect(can(model, "User:alice", "list", "", "secrets", "", "shop")).toBe(true);
    expect(can(model, "User:alice", "escalate", "rbac.authorization.k8s.io", "roles", "", "shop")).toBe(false);
    expect(model.receiversOf(roleKey("ClusterRole", undefined, "widgets-view")).map((s) => s.key)).toEqual(["User:alice"]);
  });

  it("scopes a RoleBinding to a ClusterRole to its namespace, cluster-scoped resources excluded", async () => {
    const model = new RbacModel(await loadResources({ yaml: [
      role("ClusterRole", "nodes-and-pods", `rules:
  - apiGroups: [""]
    resources: ["pods", "nodes"]
    verbs: ["get"]`),
      doc(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ci, namespace: ci }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: nodes-and-pods }
subjects:
  - { kind: ServiceAccount, name: deployer }
  - { kind: User, name: "system:serviceaccount:ci:builder" }`),
    ].join("\n---\n") }));
    expect(grantSummary(model, "ServiceAccount:ci:deployer")).toEqual(["ci get pods,nodes (nodes-and-pods)"]);
    // the User form of a ServiceAccount is the ServiceAccount
    expect(grantSummary(model, "ServiceAccount:ci:builder")).toEqual(["ci get pods,nodes (nodes-and-pods)"]);
    expect(can(model, "ServiceAccount:ci:deployer", "get", "", "pods", "", "ci")).toBe(true);
    expect(can(model, "ServiceAccount:ci:deployer", "get", "", "pods", "", "prod")).toBe(false);
    const who = rbacReport([...await loadResources({ yaml: [
      role("ClusterRole", "nodes-and-pods", `rules:
  - apiGroups: [""]
    resources: ["pods", "nodes"]
    verbs: ["get"]`),
      doc(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ci, namespace: ci }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: nodes-and-pods }
subjects: [{ kind: ServiceAccount, name: deployer }]`),
    ].join("\n---\n") })], { query: { type: "who-can", verb: "get", resource: "nodes" } }).json as { subjects: { subject: { name: string } }[] };
    // nodes through a RoleBinding grant nothing: ci/deployer is absent, only built-in bindings remain
    expect(who.subjects.map((s) => s.subject.name)).toEqual(["system:masters", "system:kube-proxy", "system:kube-scheduler"]);
  });

  it("understands wildcards and resourceNames", async () => {
    const model = new RbacModel(await loadResources({ yaml: [
      role("ClusterRole", "mixed", `rules:
  - apiGroups: ["*"]
    resources: ["*/scale"]
    verbs: ["update"]
  - apiGroups: [""]
    resources: ["*"]
    verbs: ["get"]
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["db"]
    verbs: ["*"]
  - apiGroups: [""]
    resources: ["pods"]
    resourceNames: ["one"]
    verbs: ["create"]`),
      role("ClusterRoleBinding", "mixed", `roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: mixed }
subjects: [{ kind: Group, name: team }]`),
    ].join("\n---\n") }));
    const k = "Group:team";
    expect(can(model, k, "update", "apps", "deployments", "scale", "x")).toBe(true);
    expect(can(model, k, "update", "apps", "deployments", "", "x")).toBe(false);
    expect(can(model, k, "get", "", "pods", "exec", "x")).toBe(true); // "*" covers subresources
    expect(can(model, k, "get", "apps", "deployments", "", "x")).toBe(false);
    expect(can(model, k, "delete", "", "secrets", "", "x", "db")).toBe(true);
    expect(can(model, k, "delete", "", "secrets", "", "x", "other")).toBe(false);
    expect(can(model, k, "delete", "", "secrets", "", "x")).toBe(false);
    // "*" verbs on named secrets and a name-limited create are no unlimited power; get on "*" includes every secret
    expect([...powerOf(model.grantsOf(k))].sort()).toEqual(["node-proxy@*", "secrets-read@*"]);
  });

  it("links workloads to their ServiceAccount and honours automountServiceAccountToken", async () => {
    const model = new RbacModel(await loadResources({ yaml: [
      doc(`
apiVersion: v1
kind: ServiceAccount
metadata: { name: quiet, namespace: shop }
automountServiceAccountToken: false`),
      doc(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers: [{ name: web, image: web:1 }]`),
      doc(`
apiVersion: batch/v1
kind: Job
metadata: { name: job, namespace: shop }
spec:
  template:
    spec:
      serviceAccountName: quiet
      containers: [{ name: job, image: job:1 }]`),
    ].join("\n---\n") }));
    expect(model.workloads.map((w) => `${w.resource.name} ${w.saKey} explicit=${w.explicit} mounted=${w.tokenMounted}`)).toEqual([
      "web ServiceAccount:shop:default explicit=false mounted=true",
      "job ServiceAccount:shop:quiet explicit=true mounted=false",
    ]);
  });

  it("gives system:masters cluster-admin through the built-in binding", async () => {
    const model = new RbacModel([]);
    expect(powerOf(model.grantsOf("Group:system:masters")).has(`admin@${CLUSTER}`)).toBe(true);
    expect(powerOf(model.grantsOf("User:system:anonymous")).size).toBe(0);
  });
});

describe("escalation search", () => {
  it("follows two hops and prefers cluster-admin", async () => {
    const model = new RbacModel(await loadResources({ dir: path.join(FIXTURE_ROOT, "rbac-escalation-path", "fail", "two-hops") }));
    const found = escalationGraph(model).search("Group:interns", 4);
    expect(found?.admin).toBe(true);
    expect(found?.hops.map((h) => h.action)).toEqual([
      "create deployments in namespace build → run as build/builder",
      "create a token for prod/deployer",
    ]);
    // with one hop allowed, interns only reach builder, which holds a dangerous grant interns do not
    const short = escalationGraph(model).search("Group:interns", 1);
    expect(short?.admin).toBe(false);
    expect(short?.gains).toEqual(["token-create@prod"]);
  });
});

describe("rbac queries (end to end on a fixture tree)", () => {
  const tree = path.join(FIXTURE_ROOT, "rbac-escalation-path", "fail", "two-hops");

  it("who-can create serviceaccounts/token in prod", async () => {
    const out = rbacReport(await loadResources({ dir: tree }), { query: { type: "who-can", verb: "create", resource: "serviceaccounts/token", namespace: "prod" } });
    expect(out.json).toEqual({
      schemaVersion: 1,
      query: { type: "who-can", verb: "create", resource: "serviceaccounts", subresource: "token", apiGroup: "", namespace: "prod" },
      subjects: [
        {
          subject: { kind: "Group", name: "system:masters" },
          grants: [{
            scope: "*", resourceNames: [],
            binding: { kind: "ClusterRoleBinding", name: "cluster-admin", namespace: null, builtIn: true, file: null, path: null, line: null },
            role: { kind: "ClusterRole", name: "cluster-admin", namespace: null, builtIn: true, rule: 0, file: null, path: null, line: null },
          }],
        },
        {
          subject: { kind: "ServiceAccount", namespace: "build", name: "builder" },
          grants: [{
            scope: "prod", resourceNames: [],
            binding: { kind: "RoleBinding", name: "builder-tokens", namespace: "prod", builtIn: false, file: "rbac.yaml", path: "subjects[0]", line: null },
            role: { kind: "Role", name: "prod-tokens", namespace: "prod", builtIn: false, rule: 0, file: "rbac.yaml", path: "rules[0]", line: null },
          }],
        },
        {
          subject: { kind: "ServiceAccount", namespace: "prod", name: "deployer" },
          grants: [{
            scope: "*", resourceNames: [],
            binding: { kind: "ClusterRoleBinding", name: "prod-deployer", namespace: null, builtIn: false, file: "rbac.yaml", path: "subjects[0]", line: null },
            role: { kind: "ClusterRole", name: "cluster-admin", namespace: null, builtIn: true, rule: 0, file: null, path: null, line: null },
          }],
        },
        {
          subject: { kind: "User", name: "system:kube-controller-manager" },
          grants: [{
            scope: "*", resourceNames: [],
            binding: { kind: "ClusterRoleBinding", name: "system:kube-controller-manager", namespace: null, builtIn: true, file: null, path: null, line: null },
            role: { kind: "ClusterRole", name: "system:kube-controller-manager", namespace: null, builtIn: true, rule: 10, file: null, path: null, line: null },
          }],
        },
      ],
    });
    expect(out.text.split("\n")[0]).toBe("who can create serviceaccounts/token in namespace prod: 4 subjects");
  });

  it("can SUBJECT lists permissions, dangerous grants and the escalation path", async () => {
    const out = rbacReport(await loadResources({ dir: tree }), { query: { type: "can", subject: "group:interns" } });
    const json = out.json as { permissions: { scope: string; verbs: string[]; resources: string[]; via: { binding: { name: string } } }[]; dangerous: { id: string; scope: string }[]; escalation: unknown; groups: string[] };
    expect(json.groups).toEqual([]);
    expect(json.permissions.map((p) => `${p.scope} ${p.verbs.join(",")} ${p.resources.join(",")} via ${p.via.binding.name}`)).toEqual(["build create deployments via interns"]);
    expect(json.dangerous).toEqual([{ id: "create-workloads", scope: "build", description: "create pods or workloads in namespace build" }]);
    expect(json.escalation).toEqual({
      target: "ServiceAccount prod/deployer", admin: true, gains: ["cluster-admin"],
      steps: ["create deployments in namespace build → run as build/builder", "create a token for prod/deployer"],
    });
    expect(out.text).toContain("escalation: can become cluster-admin: create deployments in namespace build → run as build/builder → create a token for prod/deployer");
    const sa = rbacReport(await loadResources({ dir: tree }), { query: { type: "can", subject: "serviceaccount:build:builder" } }).json as { groups: string[] };
    expect(sa.groups).toEqual(["system:serviceaccounts", "system:serviceaccounts:build", "system:authenticated"]);
  });

  it("reads subjects and resources like kubectl", () => {
    expect(parseSubject("sa:ci:deployer")).toBe("ServiceAccount:ci:deployer");
    expect(parseSubject("group:system:masters")).toBe("Group:system:masters");
    expect(() => parseSubject("deployer")).toThrow(RbacQueryError);
    expect(parseResource("deployments.apps/scale")).toEqual({ resource: "deployments", group: "apps", subresource: "scale" });
    expect(parseResource("pods/exec")).toEqual({ resource: "pods", group: "", subresource: "exec" });
    expect(parseResource("widgets")).toEqual({ resource: "widgets", group: undefined, subresource: "" });
  });
});

describe("scale", () => {
  it("builds the model and searches every subject of 1,500 namespaces in near-linear time", () => {
    let id = 0;
    const res = (kind: string, apiVersion: string, namespace: string | undefined, name: string, value: Record<string, unknown>): Resource => ({
      id: id++, apiVersion, kind, group: apiVersion.includes("/") ? apiVersion.split("/")[0] as string : "", name, namespace,
      namespaceSource: namespace ? "metadata" : undefined, labels: {}, annotations: {}, file: `ns/${namespace ?? "cluster"}.yaml`,
      docIndex: 0, listIndex: undefined, value: { apiVersion, kind, metadata: { name, namespace }, ...value }, helmSource: undefined, scope: ".",
    });
    const rbac = "rbac.authorization.k8s.io/v1";
    const resources: Resource[] = [];
    for (let i = 0; i < 1500; i++) {
      const ns = `team-${i}`;
      resources.push(
        res("RoleBinding", rbac, ns, "devs", { roleRef: { kind: "ClusterRole", name: "edit" }, subjects: [{ kind: "Group", name: `devs-${i}` }] }),
        res("ServiceAccount", "v1", ns, "app", {}),
        res("RoleBinding", rbac, ns, "app", { roleRef: { kind: "ClusterRole", name: "view" }, subjects: [{ kind: "ServiceAccount", name: "app" }] }),
        res("Deployment", "apps/v1", ns, "app", { spec: { template: { spec: { serviceAccountName: "app", containers: [{ name: "app", image: "app:1" }] } } } }),
      );
    }
    // one namespace holds a cluster-admin ServiceAccount
    resources.push(res("ClusterRoleBinding", rbac, undefined, "ops", { roleRef: { kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "ServiceAccount", name: "app", namespace: "team-7" }] }));
    const started = performance.now();
    const model = new RbacModel(resources);
    const graph = escalationGraph(model);
    const escalating = model.subjectKeys().filter((k) => model.subjectEntriesOf(k).some((s) => s.binding.resource) && graph.search(k, 4));
    expect(escalating).toEqual(["Group:devs-7"]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
