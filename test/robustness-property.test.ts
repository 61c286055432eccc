/**
 * Robustness under load, property-based: randomly shaped manifests (realistic objects of every kind
 * the rules read, with wrong types put at random places at every level, huge arrays, deep nesting,
 * unicode keys and values) go through every rule (`strict`) and the whole pipeline. Nothing throws
 * (`errors` stays empty), no run hangs, a good file beside them is still linted, the JSON output
 * parses and the SARIF log validates against the SARIF 2.1.0 schema. Seeded and bounded in time.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import { formatResult } from "../src/report/index.js";
import { sarifValidator } from "./helpers/sarif-validate.js";

const SEED = 20_251_127;
/** The whole property stops starting new runs after this long (the runs done so far must pass). */
const TIME_LIMIT_MS = 20_000;
/** One run (one small repo through lint and every formatter) longer than this is a hang. */
const RUN_TIMEOUT_MS = 15_000;

const GOOD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: good\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n      securityContext:\n        privileged: true\n";

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const container = (name: string) => ({
  name, image: "registry.example.com/app:1.0", imagePullPolicy: "Always",
  command: ["/app", "--token=s3cr3t", "--insecure-skip-tls-verify"], args: ["--port=8080"],
  ports: [{ name: "http", containerPort: 8080, hostPort: 80, protocol: "TCP" }],
  env: [{ name: "PASSWORD", value: "hunter2" }, { name: "REF", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }],
  envFrom: [{ secretRef: { name: "s" } }, { configMapRef: { name: "cm" } }],
  resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "100m", memory: "64Mi" } },
  securityContext: {
    privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001,
    capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
    procMount: "Default", seLinuxOptions: { type: "container_t" }, appArmorProfile: { type: "RuntimeDefault" },
  },
  livenessProbe: { httpGet: { path: "/healthz", port: 8080 } }, readinessProbe: { tcpSocket: { port: "http" } },
  volumeMounts: [{ name: "data", mountPath: "/data" }, { name: "host", mountPath: "/host", readOnly: false }],
});

const podSpec = () => ({
  serviceAccountName: "app", automountServiceAccountToken: false, hostNetwork: false, hostPID: false, hostIPC: false,
  securityContext: { runAsNonRoot: true, runAsUser: 10001, fsGroup: 2000, sysctls: [{ name: "net.ipv4.ip_forward", value: "1" }], seccompProfile: { type: "RuntimeDefault" } },
  initContainers: [container("init")], containers: [container("app"), container("sidecar")],
  ephemeralContainers: [container("debug")],
  volumes: [{ name: "data", emptyDir: {} }, { name: "host", hostPath: { path: "/var/run/docker.sock" } }, { name: "s", secret: { secretName: "s" } }],
  nodeSelector: { "kubernetes.io/os": "linux" }, tolerations: [{ operator: "Exists" }],
});

const meta = (name: string, extra: object = {}) => ({
  name, namespace: "shop", labels: { app: "web", "app.kubernetes.io/name": "web" },
  annotations: { "shipshape.dev/ignore": "naked-pod", "nginx.ingress.kubernetes.io/server-snippet": "deny all;" }, ...extra,
});
const template = () => ({ metadata: { labels: { app: "web" } }, spec: podSpec() });

/** Realistic objects of every kind the rules read; the mutations below break them anywhere. */
const SKELETONS: (() => Record<string, unknown>)[] = [
  () => ({ apiVersion: "v1", kind: "Pod", metadata: meta("pod"), spec: podSpec() }),
  () => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: meta("web"), spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: template() } }),
  () => ({ apiVersion: "apps/v1", kind: "StatefulSet", metadata: meta("db"), spec: { serviceName: "db", selector: { matchLabels: { app: "web" } }, template: template(), volumeClaimTemplates: [{ metadata: { name: "d" } }] } }),
  () => ({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: meta("agent"), spec: { selector: { matchLabels: { app: "web" } }, template: template() } }),
  () => ({ apiVersion: "batch/v1", kind: "CronJob", metadata: meta("cron"), spec: { schedule: "* * * * *", jobTemplate: { spec: { template: template() } } } }),
  () => ({ apiVersion: "batch/v1", kind: "Job", metadata: meta("job"), spec: { template: template() } }),
  () => ({ apiVersion: "v1", kind: "Service", metadata: meta("web"), spec: { type: "LoadBalancer", selector: { app: "web" }, ports: [{ port: 80, targetPort: "http", nodePort: 30080 }], externalIPs: ["1.2.3.4"] } }),
  () => ({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: meta("web"), spec: { ingressClassName: "nginx", tls: [{ hosts: ["a.example.com"], secretName: "tls" }], rules: [{ host: "a.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] } }] } }),
  () => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta("deny"), spec: { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: "team", operator: "In", values: ["a"] }] } }], ports: [{ port: 80 }] }], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }] }] } }),
  () => ({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", labels: { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "v1.30" } } }),
  () => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "admin-ish" }, rules: [{ apiGroups: ["*"], resources: ["secrets", "pods/exec"], verbs: ["get", "*"] }], aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: "b" } }] } }),
  () => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta("r"), rules: [{ apiGroups: [""], resources: ["pods"], resourceNames: ["x"], verbs: ["create", "escalate", "bind", "impersonate"] }] }),
  () => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "b" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin-ish" }, subjects: [{ kind: "ServiceAccount", name: "app", namespace: "shop" }, { kind: "Group", name: "system:anonymous" }] }),
  () => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: meta("rb"), roleRef: { kind: "Role", name: "r" }, subjects: [{ kind: "User", name: "alice" }] }),
  () => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: meta("app"), automountServiceAccountToken: true, secrets: [{ name: "t" }] }),
  () => ({ apiVersion: "v1", kind: "Secret", metadata: meta("s"), type: "Opaque", data: { password: "aHVudGVyMg==" }, stringData: { token: "AKIAABCDEFGHIJKLMNOP" } }),
  () => ({ apiVersion: "v1", kind: "ConfigMap", metadata: meta("cm"), data: { "config.yaml": "password: hunter2\n", url: "https://user:pw@example.com" } }),
  () => ({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: meta("hpa"), spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 1, maxReplicas: 3 } }),
  () => ({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: meta("pdb"), spec: { minAvailable: 1, selector: { matchLabels: { app: "web" } } } }),
  () => ({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: "app", namespace: "argocd" }, spec: { project: "default", source: { repoURL: "https://github.com/a/b", targetRevision: "HEAD", path: "apps" }, destination: { server: "https://kubernetes.default.svc", namespace: "shop" }, syncPolicy: { automated: { prune: true } } } }),
  () => ({ apiVersion: "source.toolkit.fluxcd.io/v1", kind: "GitRepository", metadata: meta("repo"), spec: { url: "http://example.com/a.git", ref: { branch: "main" }, secretRef: { name: "s" } } }),
  () => ({ apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", metadata: meta("k"), spec: { path: "./apps", targetNamespace: "shop", sourceRef: { kind: "GitRepository", name: "repo" } } }),
  () => ({ apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy", metadata: { name: "vap" }, spec: { matchConstraints: { resourceRules: [{ apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE"], resources: ["deployments"] }] }, validations: [{ expression: "object.spec.replicas <= 5" }] } }),
  () => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "kube-apiserver", namespace: "kube-system", labels: { component: "kube-apiserver", tier: "control-plane" } }, spec: { containers: [{ name: "kube-apiserver", image: "registry.k8s.io/kube-apiserver:v1.30.0", command: ["kube-apiserver", "--anonymous-auth=true", "--authorization-mode=AlwaysAllow"] }] } }),
  () => ({ apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Pod", metadata: meta("listed"), spec: podSpec() }] }),
];

/** Keys with unicode: astral planes, combining marks, right-to-left, zero-width, and the YAML 1.1 booleans. */
const KEY = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom("", "y", "on", "NO", "<<", "~", "null", "kubernetes.io/ünïcode", "𝒦𝓊𝒷ℯ", "ключ", "مفتاح", "a\u200bb", "e\u0301", "🚢", "metadata", "spec", "containers", "name", "image"),
);

const nest = (depth: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 3 === 2 ? [v] : { [i % 2 ? "spec" : "ü"]: v };
  return v;
};

/** Any value a wrong manifest can hold. */
const ANY: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(null, true, false, 0, -1, 65536, 1e308, -0.5, "", "yes", "on", "0755", "*", "ALL", "latest", ":::", "💥", "- a", "{a: b}", "--privileged"),
    fc.integer(),
    fc.double(),
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.string({ unit: "grapheme", maxLength: 30 }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(KEY, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** Huge arrays (of the shapes rules iterate: containers, strings, ports) and deep nesting. */
const HEAVY: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 50, max: 200 }).map((n) => Array.from({ length: n }, (_, i) => container(`c${i}`))),
  fc.integer({ min: 1000, max: 5000 }).map((n) => Array.from({ length: n }, (_, i) => (i % 2 ? `v${i}` : i))),
  fc.integer({ min: 1000, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => ({ name: `p${i}`, port: i, containerPort: i, value: "x" }))),
  fc.tuple(fc.integer({ min: 20, max: 300 }), ANY).map(([d, leaf]) => nest(d, leaf)),
);

type Mutation = { at: number; op: "set" | "delete" | "add"; key: string; value: unknown };
const MUTATION: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom("set", "set", "delete", "add"),
  key: KEY,
  value: fc.oneof({ weight: 15, arbitrary: ANY }, { weight: 1, arbitrary: HEAVY }),
});

/** Every container (object or array) of a value with its parent, in a stable order. */
function slots(v: unknown): { parent: Record<string, unknown> | unknown[]; key: string | number }[] {
  const out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) {
      x.forEach((c, i) => {
        out.push({ parent: x, key: i });
        walk(c);
      });
    } else if (x !== null && typeof x === "object") {
      for (const [k, c] of Object.entries(x)) {
        out.push({ parent: x as Record<string, unknown>, key: k });
        walk(c);
      }
    }
  };
  walk(v);
  return out;
}

function mutate(doc: Record<string, unknown>, mutations: readonly Mutation[]): unknown {
  for (const m of mutations) {
    const all = slots(doc);
    const slot = all[m.at % Math.max(1, all.length)];
    if (!slot) continue;
    const { parent, key } = slot;
    if (m.op === "set") (parent as Record<string | number, unknown>)[key] = m.value;
    else if (m.op === "delete") {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else {
      const target = (parent as Record<string | number, unknown>)[key];
      if (Array.isArray(target)) target.push(m.value);
      else if (target !== null && typeof target === "object") (target as Record<string, unknown>)[m.key] = m.value;
      else (parent as Record<string | number, unknown>)[key] = { [m.key]: m.value };
    }
  }
  return doc;
}

const DOC: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.nat(SKELETONS.length - 1), fc.array(MUTATION, { minLength: 1, maxLength: 6 })).map(([k, ms]) => mutate((SKELETONS[k] as () => Record<string, unknown>)(), ms)) },
  { weight: 1, arbitrary: ANY },
  { weight: 1, arbitrary: fc.record({ apiVersion: ANY, kind: ANY, metadata: ANY, spec: ANY }) },
);

/** One repo: a few files of one or more documents, written as YAML or JSON. */
const REPO = fc.array(fc.record({ json: fc.boolean(), docs: fc.array(DOC, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 4 });

function write(files: { json: boolean; docs: unknown[] }[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-prop-"));
  tmpDirs.push(dir);
  fs.writeFileSync(path.join(dir, "good.yaml"), GOOD);
  files.forEach((f, i) => {
    const text = f.json
      ? f.docs.map((d) => JSON.stringify(d) ?? "null").join("\n")
      : f.docs.map((d) => stringify(d, { version: "1.1", lineWidth: 0 })).join("---\n");
    fs.writeFileSync(path.join(dir, `m${i}.${f.json ? "json" : "yaml"}`), text);
  });
  return dir;
}

describe("robustness: random manifests through every rule and the whole pipeline", () => {
  it("never throws, never hangs, lints the good file, and writes well-formed JSON and a schema-valid SARIF log", { timeout: 60_000 }, async () => {
    const validate = sarifValidator();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(REPO, async (files) => {
        runs++;
        const cwd = write(files);
        const result = await lint({ cwd, paths: ["."], config: false, only: ["strict"] });
        expect(result.errors).toEqual([]);
        expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)).toContain("privileged-container good.yaml:10:9");
        const json = JSON.parse(formatResult("json", result)) as { findings: { line: number; column: number }[] };
        expect(json.findings.length).toBe(result.findings.length);
        for (const f of json.findings) expect(f.line >= 1 && f.column >= 1, JSON.stringify(f)).toBe(true);
        const sarif = JSON.parse(formatResult("sarif", result)) as unknown;
        if (!validate(sarif)) expect.fail(`SARIF invalid: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
        for (const name of ["stylish", "github", "markdown"] as const) expect(typeof formatResult(name, result)).toBe("string");
        fs.rmSync(cwd, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: 150, endOnFailure: true, plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS), fc.timeout(RUN_TIMEOUT_MS)] },
    );
    // The time limit must leave a meaningful number of runs.
    expect(runs).toBeGreaterThanOrEqual(30);
  });
});
