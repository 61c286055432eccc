import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Restricted: the upstream `runAsNonRoot` check. */
export default defineRule({
  meta: {
    id: "run-as-non-root",
    title: "Containers must run as non-root",
    description:
      "A container running as root is one kernel or runtime bug away from root on the node. runAsNonRoot: true makes the kubelet refuse to start a container whose user is root. The Restricted Pod Security Standard requires it on the pod or on every container; from 1.35 pods in a user namespace (hostUsers: false) are exempt.",
    remediation:
      "Set spec.securityContext.runAsNonRoot: true on the pod (or on every container), never false, and make the image run as a non-zero user.",
    category: "pod-security",
    level: "warning",
    securitySeverity: 5.5,
    precision: "very-high",
    tags: ["pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    presetLevels: { strict: "error" },
    messages: PSS_MESSAGES.runAsNonRoot,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("runAsNonRoot", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
