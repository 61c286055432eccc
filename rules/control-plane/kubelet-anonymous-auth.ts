import { defineRule } from "../../src/rule-api.js";
import { getIn } from "../../src/model/index.js";
import { isKubeletConfiguration, isTrue, kubeletExtraArgs } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "kubelet-anonymous-auth",
    title: "Kubelets should not serve anonymous requests",
    description:
      "The kubelet API on port 10250 runs commands in containers, streams their logs and lists the node's pods. With anonymous authentication on, a request without credentials is served as `system:anonymous`; combined with a permissive authorization mode that is remote code execution on every node for anyone who can reach it. A KubeletConfiguration file (`kubelet.config.k8s.io/v1beta1`) defaults to off, so this rule flags an explicit `true`, and `anonymous-auth` in kubeadm's `kubeletExtraArgs`. CIS Kubernetes Benchmark 4.2.1.",
    remediation: "Set `authentication.anonymous.enabled: false` in the KubeletConfiguration (or remove the `true`), and remove `anonymous-auth` from `nodeRegistration.kubeletExtraArgs`.",
    category: "control-plane",
    level: "error",
    securitySeverity: 8.5,
    precision: "very-high",
    tags: ["control-plane", "kubelet", "authentication", "cis-4.2.1"],
    presets: ["recommended"],
    messages: {
      config: "KubeletConfiguration sets authentication.anonymous.enabled: true, so the kubelet API serves requests without credentials",
      flag: '{{where}} sets the kubelet flag anonymous-auth to "{{value}}"; set it to false',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    if (isKubeletConfiguration(resource)) {
      const path = ["authentication", "anonymous", "enabled"];
      const v = getIn(resource.value, path);
      if (v === true || (typeof v === "string" && isTrue(v))) ctx.report({ path, messageId: "config" });
      return;
    }
    const extra = kubeletExtraArgs(resource);
    const f = extra?.flags.get("anonymous-auth");
    if (f && isTrue(f.value)) ctx.report({ path: f.path, messageId: "flag", data: { where: `${resource.kind} nodeRegistration.kubeletExtraArgs`, value: f.value } });
  },
});
