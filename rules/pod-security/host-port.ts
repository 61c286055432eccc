import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Baseline: the upstream `hostPorts` check. */
export default defineRule({
  meta: {
    id: "host-port",
    title: "Containers must not bind host ports",
    description:
      "A hostPort binds a port on the node's own network interfaces. It bypasses NetworkPolicy on many network plugins, exposes the pod outside the cluster's service model and limits scheduling. The Baseline Pod Security Standard forbids host ports.",
    remediation:
      "Remove hostPort from the container's ports (or set it to 0) and expose the port through a Service.",
    category: "pod-security",
    level: "error",
    securitySeverity: 5.5,
    precision: "very-high",
    tags: ["pss-baseline", "pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    messages: PSS_MESSAGES.hostPorts,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("hostPorts", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
