import { defineRule } from "../../src/rule-api.js";
import { componentsOf } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "apiserver-encryption-at-rest",
    title: "The API server should encrypt Secrets at rest",
    description:
      "Without `--encryption-provider-config` the API server writes Secrets to etcd as plain protobuf: anyone with an etcd backup, a snapshot of the control-plane disk or read access to etcd reads every password and token in the cluster. CIS Kubernetes Benchmark 1.2.27.",
    remediation:
      "Write an EncryptionConfiguration that encrypts `secrets` with `kms` (v2), `aesgcm`, `aescbc` or `secretbox` as the first provider, mount it into the API server and point `--encryption-provider-config` at it (kubeadm: `apiServer.extraArgs` plus `extraVolumes`). Then rewrite existing Secrets so they are stored encrypted.",
    category: "control-plane",
    level: "warning",
    securitySeverity: 6.5,
    precision: "high",
    tags: ["control-plane", "kube-apiserver", "encryption", "secrets", "cis-1.2.27"],
    presets: ["recommended"],
    messages: {
      missing: "{{label}} does not set --encryption-provider-config, so Secrets are stored unencrypted in etcd",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const c of componentsOf(resource, ctx.workloadKinds, "kube-apiserver")) {
      if (!c.flags.has("encryption-provider-config")) ctx.report({ path: c.anchor, messageId: "missing", data: { label: c.label } });
    }
  },
});
