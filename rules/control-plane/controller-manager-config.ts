import { defineRule } from "../../src/rule-api.js";
import { componentsOf, isLoopback, isTrue } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "controller-manager-config",
    title: "kube-controller-manager should use per-controller credentials and listen on loopback only",
    description:
      "Without `--use-service-account-credentials=true` every controller acts with the controller manager's own, very broad identity, so a bug or compromise in one controller gets the rights of all of them. `--service-account-private-key-file` signs service-account tokens and `--root-ca-file` puts the cluster CA into each service account's token volume, so pods can verify the API server. The controller manager's HTTPS port (10257) serves metrics and health; bound to all interfaces it is reachable from the pod network. CIS Kubernetes Benchmark 1.3.3, 1.3.4, 1.3.5 and 1.3.7.",
    remediation:
      "Set `--use-service-account-credentials=true`, `--service-account-private-key-file`, `--root-ca-file` and `--bind-address=127.0.0.1` (kubeadm sets all four; keep them when overriding `controllerManager.extraArgs`).",
    category: "control-plane",
    level: "warning",
    securitySeverity: 6.0,
    precision: "high",
    tags: ["control-plane", "kube-controller-manager", "service-accounts", "cis-1.3.3", "cis-1.3.4", "cis-1.3.5", "cis-1.3.7"],
    presets: ["recommended"],
    messages: {
      sharedCredentials: "{{label}} does not set --use-service-account-credentials=true, so all controllers share one identity",
      noPrivateKey: "{{label}} does not set --service-account-private-key-file to sign service-account tokens",
      noRootCa: "{{label}} does not set --root-ca-file, so pods cannot verify the API server's certificate",
      bindAll: "{{label}} does not bind to loopback (--bind-address={{value}}); set --bind-address=127.0.0.1",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const c of componentsOf(resource, ctx.workloadKinds, "kube-controller-manager")) {
      const creds = c.flags.get("use-service-account-credentials");
      if (!creds || !isTrue(creds.value)) ctx.report({ path: creds?.path ?? c.anchor, messageId: "sharedCredentials", data: { label: c.label } });
      if (!c.flags.has("service-account-private-key-file")) ctx.report({ path: c.anchor, messageId: "noPrivateKey", data: { label: c.label } });
      if (!c.flags.has("root-ca-file")) ctx.report({ path: c.anchor, messageId: "noRootCa", data: { label: c.label } });
      const bind = c.flags.get("bind-address");
      if (!bind || !isLoopback(bind.value)) ctx.report({ path: bind?.path ?? c.anchor, messageId: "bindAll", data: { label: c.label, value: bind ? bind.value : "0.0.0.0 (default)" } });
    }
  },
});
