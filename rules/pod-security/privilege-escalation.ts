import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Restricted: the upstream `allowPrivilegeEscalation` check. */
export default defineRule({
  meta: {
    id: "privilege-escalation",
    title: "Containers must forbid privilege escalation",
    description:
      "Unless allowPrivilegeEscalation is false, a process in the container can gain more privileges than its parent, through setuid binaries or file capabilities. The Restricted Pod Security Standard requires every container to set it to false; from 1.25 Windows pods are exempt.",
    remediation:
      "Set securityContext.allowPrivilegeEscalation: false on every container, init container and ephemeral container.",
    category: "pod-security",
    level: "warning",
    securitySeverity: 6.0,
    precision: "very-high",
    tags: ["pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    presetLevels: { strict: "error" },
    messages: PSS_MESSAGES.allowPrivilegeEscalation,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("allowPrivilegeEscalation", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
