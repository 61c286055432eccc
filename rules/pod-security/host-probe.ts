import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Baseline: the upstream `hostProbesAndHostLifecycle` check. */
export default defineRule({
  meta: {
    id: "host-probe",
    title: "Probes and lifecycle hooks must not target another host",
    description:
      "The kubelet runs probes and lifecycle hooks from the node. A host set on an httpGet or tcpSocket handler makes the node connect to any address the manifest names, which can reach services only the node can reach. From Kubernetes 1.34 the Baseline Pod Security Standard forbids it.",
    remediation:
      "Remove host from every httpGet and tcpSocket probe and lifecycle handler; the kubelet then targets the pod's own IP.",
    category: "pod-security",
    level: "error",
    securitySeverity: 5.0,
    precision: "very-high",
    tags: ["pss-baseline", "pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    messages: PSS_MESSAGES.hostProbesAndHostLifecycle,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("hostProbesAndHostLifecycle", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
