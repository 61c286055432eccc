import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Restricted: the upstream `runAsUser` check. */
export default defineRule({
  meta: {
    id: "run-as-root-user",
    title: "Containers must not run as user 0",
    description:
      "runAsUser: 0 explicitly runs the container as root, whatever the image says. The Restricted Pod Security Standard forbids it from 1.23; from 1.35 pods in a user namespace (hostUsers: false) are exempt.",
    remediation:
      "Set runAsUser to a non-zero user ID on the pod and containers, or remove it and let the image choose a non-root user.",
    category: "pod-security",
    level: "warning",
    securitySeverity: 6.0,
    precision: "very-high",
    tags: ["pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    presetLevels: { strict: "error" },
    messages: PSS_MESSAGES.runAsUser,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("runAsUser", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
