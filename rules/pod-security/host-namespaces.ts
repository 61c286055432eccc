import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Baseline: the upstream `hostNamespaces` check. */
export default defineRule({
  meta: {
    id: "host-namespaces",
    title: "Pods must not share the node's network, PID or IPC namespace",
    description:
      "With hostNetwork, hostPID or hostIPC a pod shares the node's namespaces: it can sniff and bind the node's interfaces, see and signal every process on the node, or read other workloads' shared memory. The Baseline Pod Security Standard forbids all three.",
    remediation:
      "Remove hostNetwork, hostPID and hostIPC from the pod spec, or set them to false. Expose ports through a Service instead of the node's network.",
    category: "pod-security",
    level: "error",
    securitySeverity: 8.5,
    precision: "very-high",
    tags: ["pss-baseline", "pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    messages: PSS_MESSAGES.hostNamespaces,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("hostNamespaces", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
