import { defineRule } from "../../src/rule-api.js";
import { isKubeletConfiguration, kubeletExtraArgs, scalarText } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "kubelet-read-only-port",
    title: "Kubelets should not open the unauthenticated read-only port",
    description:
      "The kubelet's read-only port (historically 10255) serves the node's pod specs — environment variables included — and metrics over plain HTTP with no authentication or authorization at all. The KubeletConfiguration default is 0 (closed). CIS Kubernetes Benchmark 4.2.4.",
    remediation: "Set `readOnlyPort: 0` or delete the field, remove `read-only-port` from `nodeRegistration.kubeletExtraArgs`, and scrape metrics from the authenticated port 10250.",
    category: "control-plane",
    level: "error",
    securitySeverity: 7.0,
    precision: "very-high",
    tags: ["control-plane", "kubelet", "authentication", "cis-4.2.4"],
    presets: ["recommended"],
    messages: {
      config: 'KubeletConfiguration sets readOnlyPort: "{{value}}", which serves pod specs and metrics without authentication; set it to 0',
      flag: '{{where}} sets the kubelet flag read-only-port to "{{value}}"; set it to 0',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    if (isKubeletConfiguration(resource)) {
      const v = scalarText(resource.value.readOnlyPort);
      if (v !== undefined && v.trim() !== "0") ctx.report({ path: ["readOnlyPort"], messageId: "config", data: { value: v } });
      return;
    }
    const f = kubeletExtraArgs(resource)?.flags.get("read-only-port");
    if (f && f.value.trim() !== "0") ctx.report({ path: f.path, messageId: "flag", data: { where: `${resource.kind} nodeRegistration.kubeletExtraArgs`, value: f.value } });
  },
});
