import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import type { LintResult } from "../src/engine/types.js";

/** The rules of issue 4 (workload hardening beyond the Pod Security Standards). */
const WORKLOAD_RULES = [
  "capability-name-invalid", "cpu-limit-missing", "default-namespace", "default-service-account",
  "deprecated-service-account-field", "duplicate-env-var", "image-digest-missing", "image-pull-policy",
  "image-registry-allowed", "image-tag-mutable", "kube-system-workload", "memory-limit-missing", "naked-pod",
  "probe-missing", "probe-port-undeclared", "read-only-root-filesystem", "reference-missing",
  "resource-requests-missing", "root-group", "run-as-high-uid", "selector-template-mismatch",
  "sensitive-host-mount", "service-account-token-automount", "share-process-namespace", "ssh-port",
  "writable-host-mount",
];

const DIGEST = "sha256:4b9e2a1f0c3d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f";

/** Restricted-compliant, pinned, probed and limited: what a careful team commits. */
const WELL_WRITTEN = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: storefront
  namespace: shop
automountServiceAccountToken: false
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: storefront
  namespace: shop
data:
  LOG_LEVEL: info
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: storefront
  namespace: shop
  labels:
    app.kubernetes.io/name: storefront
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: storefront
  template:
    metadata:
      labels:
        app.kubernetes.io/name: storefront
    spec:
      serviceAccountName: storefront
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      initContainers:
        - name: migrate
          image: ghcr.io/acme/storefront-migrate:2.14.1@${DIGEST}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          resources:
            requests: { cpu: 50m, memory: 64Mi }
            limits: { cpu: 200m, memory: 128Mi }
      containers:
        - name: web
          image: ghcr.io/acme/storefront:2.14.1@${DIGEST}
          ports:
            - name: http
              containerPort: 8080
          envFrom:
            - configMapRef:
                name: storefront
          env:
            - name: PORT
              value: "8080"
          readinessProbe:
            httpGet: { path: /ready, port: http }
          livenessProbe:
            httpGet: { path: /live, port: http }
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: "1", memory: 256Mi }
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: storefront
  namespace: shop
spec:
  selector:
    app.kubernetes.io/name: storefront
  ports:
    - name: http
      port: 80
      targetPort: http
`;

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const show = (r: LintResult) => r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);

describe("workload rules raise no noise", () => {
  it("on a well-written, restricted-compliant Deployment with its ServiceAccount: nothing, strict rules included", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-noise-"));
    tmpDirs.push(dir);
    fs.writeFileSync(path.join(dir, "storefront.yaml"), WELL_WRITTEN);
    const r = await lint({ cwd: dir, paths: ["."], config: false, only: WORKLOAD_RULES, gitignore: false });
    expect(r.errors).toEqual([]);
    expect(show(r)).toEqual([]);
    // Not vacuous: the same manifest with a floating image and no ServiceAccount setting is reported.
    const worse = WELL_WRITTEN.replace(`storefront:2.14.1@${DIGEST}`, "storefront:main").replace("automountServiceAccountToken: false\n", "");
    fs.writeFileSync(path.join(dir, "storefront.yaml"), worse);
    const w = await lint({ cwd: dir, paths: ["."], config: false, only: WORKLOAD_RULES, gitignore: false });
    expect(show(w)).toEqual([
      "service-account-token-automount storefront.yaml:38", // the pod template's spec: (the ServiceAccount lost its line above)
      "image-pull-policy storefront.yaml:59", // no imagePullPolicy: the container item
      "image-digest-missing storefront.yaml:60",
      "image-tag-mutable storefront.yaml:60",
    ]);
  });

  it("on the demo repo: only the planted problems, in recommended", async () => {
    const demo = path.resolve(import.meta.dirname, "../fixtures/demo-repo");
    const r = await lint({ cwd: demo, paths: ["."] });
    const mine = new Set(WORKLOAD_RULES);
    expect(r.findings.filter((f) => mine.has(f.ruleId)).map((f) => `${f.ruleId} ${f.level} ${f.file}:${f.line}`)).toEqual(DEMO_EXPECTED);
  });
});

const DEMO_EXPECTED = [
  // node-exporter: the chart sets no memory limit; it reads the host's /proc, /sys and / (read-only, in a privileged namespace)
  "memory-limit-missing warning apps/monitoring/rendered/node-exporter.yaml:100",
  "sensitive-host-mount error apps/monitoring/rendered/node-exporter.yaml:126",
  "sensitive-host-mount error apps/monitoring/rendered/node-exporter.yaml:129",
  "sensitive-host-mount error apps/monitoring/rendered/node-exporter.yaml:132",
  // storefront: the web container has no probes; the hurried log-shipper sidecar has nothing
  "probe-missing note apps/shop/base/deployment.yaml:24",
  "memory-limit-missing warning apps/shop/base/deployment.yaml:41",
  "probe-missing note apps/shop/base/deployment.yaml:41",
  "read-only-root-filesystem warning apps/shop/base/deployment.yaml:41",
  "resource-requests-missing warning apps/shop/base/deployment.yaml:41",
  "image-tag-mutable error apps/shop/base/deployment.yaml:42",
  // redis: untagged, default ServiceAccount with a token, no resources or probes
  "default-service-account note apps/shop/overlays/prod/redis.yaml:15",
  "service-account-token-automount warning apps/shop/overlays/prod/redis.yaml:15",
  "memory-limit-missing warning apps/shop/overlays/prod/redis.yaml:17",
  "probe-missing note apps/shop/overlays/prod/redis.yaml:17",
  "read-only-root-filesystem warning apps/shop/overlays/prod/redis.yaml:17",
  "resource-requests-missing warning apps/shop/overlays/prod/redis.yaml:17",
  "image-tag-mutable error apps/shop/overlays/prod/redis.yaml:18",
  // debug-shell: a bare, untagged Pod
  "naked-pod note apps/tools/debug-shell.yaml:4",
  "default-service-account note apps/tools/debug-shell.yaml:5",
  "service-account-token-automount warning apps/tools/debug-shell.yaml:5",
  "memory-limit-missing warning apps/tools/debug-shell.yaml:7",
  "probe-missing note apps/tools/debug-shell.yaml:7",
  "read-only-root-filesystem warning apps/tools/debug-shell.yaml:7",
  "resource-requests-missing warning apps/tools/debug-shell.yaml:7",
  "image-tag-mutable error apps/tools/debug-shell.yaml:8",
  // image-pruner: the containerd socket, writable
  "default-service-account note apps/tools/image-pruner.yaml:14",
  "service-account-token-automount warning apps/tools/image-pruner.yaml:14",
  "memory-limit-missing warning apps/tools/image-pruner.yaml:16",
  "probe-missing note apps/tools/image-pruner.yaml:16",
  "resource-requests-missing warning apps/tools/image-pruner.yaml:16",
  "image-tag-mutable error apps/tools/image-pruner.yaml:17",
  "read-only-root-filesystem warning apps/tools/image-pruner.yaml:21",
  "writable-host-mount error apps/tools/image-pruner.yaml:24",
  "sensitive-host-mount error apps/tools/image-pruner.yaml:29",
];
