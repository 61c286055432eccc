import { defineRule } from "../../src/rule-api.js";
import { getIn, str } from "../../src/model/index.js";
import { isKubeletConfiguration, kubeletExtraArgs } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "kubelet-authorization-mode",
    title: "Kubelets should authorize requests through the API server",
    description:
      "With `authorization.mode: AlwaysAllow` every authenticated caller of the kubelet API — any client certificate the kubelet's CA signed, any valid token — may exec into every container on the node. `Webhook` mode asks the API server (SubjectAccessReview), so RBAC decides who may use `nodes/proxy` and friends. CIS Kubernetes Benchmark 4.2.2.",
    remediation: "Set `authorization.mode: Webhook` in the KubeletConfiguration (the v1beta1 default) and keep `authentication.webhook.enabled: true`; remove `authorization-mode` from `nodeRegistration.kubeletExtraArgs`.",
    category: "control-plane",
    level: "error",
    securitySeverity: 9.0,
    precision: "very-high",
    tags: ["control-plane", "kubelet", "authorization", "cis-4.2.2"],
    presets: ["recommended"],
    messages: {
      config: "KubeletConfiguration sets authorization.mode: AlwaysAllow, so every authenticated caller may use the kubelet API; use Webhook",
      flag: "{{where}} sets the kubelet flag authorization-mode to AlwaysAllow; use Webhook",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    if (isKubeletConfiguration(resource)) {
      const path = ["authorization", "mode"];
      if (str(getIn(resource.value, path))?.trim() === "AlwaysAllow") ctx.report({ path, messageId: "config" });
      return;
    }
    const f = kubeletExtraArgs(resource)?.flags.get("authorization-mode");
    if (f && f.value.trim() === "AlwaysAllow") ctx.report({ path: f.path, messageId: "flag", data: { where: `${resource.kind} nodeRegistration.kubeletExtraArgs` } });
  },
});
