import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Baseline: the upstream `hostPathVolumes` check. */
export default defineRule({
  meta: {
    id: "host-path-volume",
    title: "hostPath volumes are disallowed",
    description:
      "A hostPath volume mounts a directory of the node into the pod. Depending on the path it exposes credentials, the container runtime socket or the node's whole file system, and it ties the pod to one node. The Baseline Pod Security Standard forbids hostPath volumes.",
    remediation:
      "Replace the hostPath volume with an emptyDir, a ConfigMap or Secret, or a PersistentVolumeClaim. Node agents that must read the host belong in a namespace that enforces the privileged level.",
    category: "pod-security",
    level: "error",
    securitySeverity: 8.0,
    precision: "very-high",
    tags: ["pss-baseline", "pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    messages: PSS_MESSAGES.hostPathVolumes,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("hostPathVolumes", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
