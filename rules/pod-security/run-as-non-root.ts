import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Restricted: the upstream `runAsNonRoot` check. */
export default pssCheckRule("runAsNonRoot", {
  id: "run-as-non-root",
  title: "Containers must run as non-root",
  description:
    "A container running as root is one kernel or runtime bug away from root on the node. runAsNonRoot: true makes the kubelet refuse to start a container whose user is root. The Restricted Pod Security Standard requires it on the pod or on every container; from 1.35 pods in a user namespace (hostUsers: false) are exempt.",
  remediation:
    "Set spec.securityContext.runAsNonRoot: true on the pod (or on every container), never false, and make the image run as a non-zero user.",
  securitySeverity: 5.5,
});
