import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Baseline: the upstream `hostProbesAndHostLifecycle` check. */
export default pssCheckRule("hostProbesAndHostLifecycle", {
  id: "host-probe",
  title: "Probes and lifecycle hooks must not target another host",
  description:
    "The kubelet runs probes and lifecycle hooks from the node. A host set on an httpGet or tcpSocket handler makes the node connect to any address the manifest names, which can reach services only the node can reach. From Kubernetes 1.34 the Baseline Pod Security Standard forbids it.",
  remediation:
    "Remove host from every httpGet and tcpSocket probe and lifecycle handler; the kubelet then targets the pod's own IP.",
  securitySeverity: 5.0,
});
