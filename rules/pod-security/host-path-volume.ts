import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Baseline: the upstream `hostPathVolumes` check. */
export default pssCheckRule("hostPathVolumes", {
  id: "host-path-volume",
  title: "hostPath volumes are disallowed",
  description:
    "A hostPath volume mounts a directory of the node into the pod. Depending on the path it exposes credentials, the container runtime socket or the node's whole file system, and it ties the pod to one node. The Baseline Pod Security Standard forbids hostPath volumes.",
  remediation:
    "Replace the hostPath volume with an emptyDir, a ConfigMap or Secret, or a PersistentVolumeClaim. Node agents that must read the host belong in a namespace that enforces the privileged level.",
  securitySeverity: 8.0,
});
