import { defineRule } from "../../src/rule-api.js";
import { componentsOf } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "apiserver-kubelet-tls",
    title: "The API server should authenticate to kubelets and verify their certificates",
    description:
      "The API server calls every kubelet for `exec`, `attach`, `logs` and `port-forward`. Without a client certificate (`--kubelet-client-certificate`, `--kubelet-client-key`) it cannot prove who it is, so kubelets must allow unauthenticated access; without `--kubelet-certificate-authority` it does not verify the kubelet's serving certificate, so anyone on the path can impersonate a node and read the commands and output of `kubectl exec`. CIS Kubernetes Benchmark 1.2.4 and 1.2.5.",
    remediation:
      "Set `--kubelet-client-certificate` and `--kubelet-client-key` (kubeadm does), and `--kubelet-certificate-authority` to the CA that signs kubelet serving certificates — with kubeadm, enable `serverTLSBootstrap: true` in the KubeletConfiguration so those certificates are signed by the cluster CA, then add the flag in `apiServer.extraArgs`.",
    category: "control-plane",
    level: "error",
    securitySeverity: 7.0,
    precision: "high",
    tags: ["control-plane", "kube-apiserver", "kubelet", "tls", "cis-1.2.4", "cis-1.2.5"],
    presets: ["recommended"],
    messages: {
      clientCert: "{{label}} does not set {{flags}}, so it cannot authenticate to kubelets",
      kubeletCa: "{{label}} does not set --kubelet-certificate-authority, so it does not verify kubelet serving certificates",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const c of componentsOf(resource, ctx.workloadKinds, "kube-apiserver")) {
      const missing = ["kubelet-client-certificate", "kubelet-client-key"].filter((f) => !c.flags.has(f));
      if (missing.length > 0) ctx.report({ path: c.anchor, messageId: "clientCert", data: { label: c.label, flags: missing.map((f) => `--${f}`).join(" and ") } });
      if (!c.flags.has("kubelet-certificate-authority")) ctx.report({ path: c.anchor, messageId: "kubeletCa", data: { label: c.label } });
    }
  },
});
