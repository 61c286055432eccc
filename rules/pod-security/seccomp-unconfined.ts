import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Baseline: the upstream `seccompProfile_baseline` check. */
export default defineRule({
  meta: {
    id: "seccomp-unconfined",
    title: "Seccomp must not be disabled",
    description:
      "Seccomp filters the system calls a container may make and blocks many kernel exploits. An Unconfined profile turns that filter off. The Baseline Pod Security Standard forbids it: before Kubernetes 1.19 through the seccomp annotations, from 1.19 through the seccompProfile fields.",
    remediation:
      "Set securityContext.seccompProfile.type to RuntimeDefault or Localhost on the pod and containers, or remove it; for the old annotations use runtime/default or localhost/<profile>.",
    category: "pod-security",
    level: "error",
    securitySeverity: 6.0,
    precision: "very-high",
    tags: ["pss-baseline", "pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    messages: PSS_MESSAGES.seccompProfile_baseline,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("seccompProfile_baseline", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
