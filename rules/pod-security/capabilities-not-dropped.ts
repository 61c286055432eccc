import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Restricted: the upstream `capabilities_restricted` check. */
export default defineRule({
  meta: {
    id: "capabilities-not-dropped",
    title: "Containers must drop all capabilities",
    description:
      "The runtime's default capabilities are more than almost any application needs. The Restricted Pod Security Standard (from 1.22) requires every container to drop ALL and to add back at most NET_BIND_SERVICE; from 1.25 Windows pods are exempt.",
    remediation:
      "Set securityContext.capabilities.drop: [\"ALL\"] on every container and remove every added capability except NET_BIND_SERVICE.",
    category: "pod-security",
    level: "warning",
    securitySeverity: 5.0,
    precision: "very-high",
    tags: ["pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    presetLevels: { strict: "error" },
    messages: PSS_MESSAGES.capabilities_restricted,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("capabilities_restricted", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
