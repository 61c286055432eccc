/**
 * Deterministic synthetic GitOps corpora for the benchmark: a realistic mix of workloads of every
 * kind, Services, Ingresses, ConfigMaps, Secrets, RBAC, NetworkPolicies, HPAs and PDBs, several
 * documents per file, about 1 KB per document, and some documents with problems. Seeded: the same
 * size gives the same bytes.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  next(): number {
    // xorshift32: small, fast and the same everywhere.
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x100000000;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const IMAGES = ["nginx:1.27.3", "ghcr.io/acme/api:v2.4.1", "redis:7.2.4", "registry.example.com/shop/web:1.9.0", "busybox", "postgres:latest", "quay.io/prometheus/node-exporter:v1.8.1"];

function container(r: Random, name: string, hardened: boolean): string {
  const image = hardened ? r.pick(IMAGES.slice(0, 4)) : r.pick(IMAGES);
  const sc = hardened
    ? `          securityContext:
            runAsNonRoot: true
            runAsUser: ${10000 + r.int(5000)}
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
            seccompProfile:
              type: RuntimeDefault`
    : r.chance(0.3)
      ? `          securityContext:
            privileged: ${r.chance(0.5) ? "true" : "false"}`
      : "";
  return `        - name: ${name}
          image: ${image}
          ports:
            - containerPort: ${8000 + r.int(1000)}
              name: http
          env:
            - name: LOG_LEVEL
              value: info
            - name: REGION
              value: eu-west-${1 + r.int(3)}
          resources:
            requests: { cpu: ${50 + r.int(200)}m, memory: ${64 + r.int(512)}Mi }
            limits: { memory: ${256 + r.int(1024)}Mi }
          readinessProbe:
            httpGet: { path: /healthz, port: http }
${sc}
`.replace(/\n\n$/, "\n");
}

function workload(r: Random, kind: string, ns: string, name: string): string {
  const hardened = r.chance(0.6);
  const apiVersion = kind === "Job" || kind === "CronJob" ? "batch/v1" : "apps/v1";
  const podSpec = `      serviceAccountName: ${name}
      automountServiceAccountToken: false
      containers:
${container(r, "app", hardened)}${r.chance(0.3) ? container(r, "sidecar", hardened) : ""}${r.chance(0.1) ? "      hostNetwork: true\n" : ""}${r.chance(0.1) ? `      volumes:
        - name: host
          hostPath: { path: /var/run/docker.sock }
` : ""}`;
  const template = `    metadata:
      labels: { app: ${name}, tier: ${r.pick(["web", "api", "worker"])} }
    spec:
${podSpec}`;
  if (kind === "CronJob") {
    return `apiVersion: ${apiVersion}
kind: CronJob
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  schedule: "${r.int(60)} ${r.int(24)} * * *"
  jobTemplate:
    spec:
      template:
${template.replace(/^(?=.)/gm, "    ")}`;
  }
  const selector = kind === "Job" ? "" : `  selector:\n    matchLabels: { app: ${name} }\n`;
  const replicas = kind === "Deployment" || kind === "StatefulSet" ? `  replicas: ${1 + r.int(5)}\n` : "";
  return `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${ns}
  labels: { app: ${name}, team: ${r.pick(["shop", "data", "platform"])} }
spec:
${replicas}${selector}  template:
${template}`;
}

function other(r: Random, kind: string, ns: string, name: string): string {
  switch (kind) {
    case "Service":
      return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  type: ${r.chance(0.1) ? "LoadBalancer" : "ClusterIP"}
  selector: { app: ${name} }
  ports:
    - name: http
      port: 80
      targetPort: http
`;
    case "Ingress":
      return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  ingressClassName: nginx
  tls:
    - hosts: [${name}.example.com]
      secretName: ${name}-tls
  rules:
    - host: ${name}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: { name: ${name}, port: { name: http } }
`;
    case "ConfigMap":
      return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: ${ns}
data:
  app.properties: |
    server.port=8080
    feature.flags=${r.int(1000)}
    cache.ttl=${r.int(3600)}
  LOG_FORMAT: json
`;
    case "Secret":
      return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: ${ns}
type: Opaque
data:
  username: ${Buffer.from(`user-${r.int(1000)}`).toString("base64")}
`;
    case "Role":
      return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}
  namespace: ${ns}
rules:
  - apiGroups: [""]
    resources: [configmaps, ${r.chance(0.1) ? "secrets" : "pods"}]
    verbs: [get, list, watch${r.chance(0.1) ? ", create" : ""}]
`;
    case "RoleBinding":
      return `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: ${ns}
subjects:
  - kind: ServiceAccount
    name: ${name}
    namespace: ${ns}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${name}
`;
    case "NetworkPolicy":
      return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels: { app: ${name} }
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: { kubernetes.io/metadata.name: ingress-nginx }
      ports:
        - port: http
`;
    case "HorizontalPodAutoscaler":
      return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${name} }
  minReplicas: 2
  maxReplicas: ${3 + r.int(10)}
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
`;
    case "PodDisruptionBudget":
      return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  minAvailable: 1
  selector:
    matchLabels: { app: ${name} }
`;
    default:
      return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${ns}
automountServiceAccountToken: false
`;
  }
}

const WORKLOADS = ["Deployment", "Deployment", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];
const OTHERS = ["Service", "Service", "Ingress", "ConfigMap", "ConfigMap", "Secret", "Role", "RoleBinding", "NetworkPolicy", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceAccount"];

/** Annotations of the kind GitOps tooling leaves everywhere; they bring documents to realistic sizes. */
function annotations(r: Random, name: string): string {
  const sha = Array.from({ length: 40 }, () => "0123456789abcdef"[r.int(16)]).join("");
  return `  annotations:
    acme.io/owner: team-${r.pick(["shop", "data", "platform", "payments"])}@example.com
    acme.io/description: "${name} serves the ${r.pick(["checkout", "catalog", "search", "billing"])} flow; see the runbook before changing replicas"
    acme.io/runbook: https://runbooks.example.com/${name}
    argocd.argoproj.io/sync-wave: "${r.int(5)}"
    config.kubernetes.io/origin: "path: apps/${name}/base/resources.yaml, commit: ${sha}"
`;
}

/** Inserts annotations after a document's first `namespace:` line. */
function annotate(r: Random, doc: string, name: string): string {
  return doc.replace(/^( {2}namespace: .*\n)/m, `$1${annotations(r, name)}`);
}

export interface CorpusInfo {
  dir: string;
  documents: number;
  files: number;
  bytes: number;
}

/** Writes a corpus of `documents` documents under `dir` (emptied first). */
export function generateCorpus(dir: string, documents: number, seed = 42): CorpusInfo {
  rmSync(dir, { recursive: true, force: true });
  const r = new Random(seed + documents);
  let written = 0;
  let files = 0;
  let bytes = 0;
  let app = 0;
  while (written < documents) {
    const ns = `team-${app % 40}`;
    const name = `app-${app}`;
    const docs: string[] = [annotate(r, workload(r, r.pick(WORKLOADS), ns, name), name)];
    const extra = 2 + r.int(5);
    for (let i = 0; i < extra; i++) {
      const n = `${name}-${i}`.replace(/-0$/, "");
      docs.push(annotate(r, other(r, r.pick(OTHERS), ns, n), n));
    }
    const take = docs.slice(0, documents - written);
    const text = take.map((d) => `---\n${d}`).join("");
    const file = path.join(dir, "clusters", `cluster-${app % 5}`, ns, `${name}.yaml`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    written += take.length;
    files++;
    bytes += Buffer.byteLength(text);
    app++;
  }
  return { dir, documents: written, files, bytes };
}
