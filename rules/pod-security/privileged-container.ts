import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Baseline: the upstream `privileged` check. */
export default defineRule({
  meta: {
    id: "privileged-container",
    title: "Privileged containers are disallowed",
    description:
      "A privileged container gets every capability, every device of the node and no seccomp, AppArmor or SELinux confinement: escaping to the node is trivial. The Baseline Pod Security Standard forbids it for containers, init containers and ephemeral containers.",
    remediation:
      "Remove securityContext.privileged or set it to false. If the container needs one specific power, add only that capability, or run it in a namespace that enforces the privileged level.",
    category: "pod-security",
    level: "error",
    securitySeverity: 9.5,
    precision: "very-high",
    tags: ["pss-baseline", "pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    messages: PSS_MESSAGES.privileged,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("privileged", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
