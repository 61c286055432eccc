import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Baseline: the upstream `seLinuxOptions` check. */
export default defineRule({
  meta: {
    id: "selinux-options",
    title: "SELinux options must not loosen container confinement",
    description:
      "A custom SELinux type, user or role can lift the label that keeps a container away from the node's files and other containers. The Baseline Pod Security Standard allows only the container types (container_t, container_init_t, container_kvm_t, and from 1.31 container_engine_t) and no custom user or role.",
    remediation:
      "Remove seLinuxOptions.user and seLinuxOptions.role, and use one of the allowed container types or leave type empty.",
    category: "pod-security",
    level: "error",
    securitySeverity: 6.5,
    precision: "very-high",
    tags: ["pss-baseline", "pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    messages: PSS_MESSAGES.seLinuxOptions,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("seLinuxOptions", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
