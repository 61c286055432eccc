import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Baseline: the upstream `procMount` check. */
export default defineRule({
  meta: {
    id: "proc-mount",
    title: "The default /proc masking must be kept",
    description:
      "The container runtime masks sensitive paths under /proc. procMount: Unmasked removes those masks and exposes kernel interfaces to the container. The Baseline Pod Security Standard requires the default mount; from 1.35 it allows other values for pods that run in a user namespace (hostUsers: false).",
    remediation:
      "Remove securityContext.procMount or set it to Default. If the workload needs an unmasked /proc (nested containers), run it in a user namespace with hostUsers: false.",
    category: "pod-security",
    level: "error",
    securitySeverity: 6.0,
    precision: "very-high",
    tags: ["pss-baseline", "pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    messages: PSS_MESSAGES.procMount,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("procMount", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
