import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Restricted: the upstream `procMount_restricted` check. */
export default defineRule({
  meta: {
    id: "proc-mount-restricted",
    title: "The default /proc masking must be kept, even in a user namespace",
    description:
      "From 1.35 the Baseline standard allows an unmasked /proc for pods in a user namespace. The Restricted Pod Security Standard still requires the default mount for every pod.",
    remediation:
      "Remove securityContext.procMount or set it to Default.",
    category: "pod-security",
    level: "warning",
    securitySeverity: 5.0,
    precision: "very-high",
    tags: ["pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    presetLevels: { strict: "error" },
    messages: PSS_MESSAGES.procMount_restricted,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("procMount_restricted", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
