import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Baseline: the upstream `sysctls` check. */
export default defineRule({
  meta: {
    id: "unsafe-sysctls",
    title: "Only safe sysctls may be set",
    description:
      "Most kernel parameters are shared by every pod on a node or can disable security mechanisms. The Baseline Pod Security Standard allows only a list of namespaced, isolated sysctls, which grows with the Kubernetes version (1.27, 1.29, 1.32, 1.37).",
    remediation:
      "Remove the sysctl from spec.securityContext.sysctls. Node-wide tuning belongs in the node configuration, not in a pod.",
    category: "pod-security",
    level: "error",
    securitySeverity: 6.5,
    precision: "very-high",
    tags: ["pss-baseline", "pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    messages: PSS_MESSAGES.sysctls,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("sysctls", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
