import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Restricted: the upstream `seccompProfile_restricted` check. */
export default defineRule({
  meta: {
    id: "seccomp-profile-missing",
    title: "A seccomp profile must be set",
    description:
      "Without a seccomp profile many runtimes run containers unconfined, with every system call available. The Restricted Pod Security Standard (from 1.19) requires RuntimeDefault or Localhost on the pod or on every container; from 1.25 Windows pods are exempt.",
    remediation:
      "Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod (or on every container).",
    category: "pod-security",
    level: "warning",
    securitySeverity: 4.5,
    precision: "very-high",
    tags: ["pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    presetLevels: { strict: "error" },
    messages: PSS_MESSAGES.seccompProfile_restricted,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("seccompProfile_restricted", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
