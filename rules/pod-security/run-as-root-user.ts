import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Restricted: the upstream `runAsUser` check. */
export default pssCheckRule("runAsUser", {
  id: "run-as-root-user",
  title: "Containers must not run as user 0",
  description:
    "runAsUser: 0 explicitly runs the container as root, whatever the image says. The Restricted Pod Security Standard forbids it from 1.23; from 1.35 pods in a user namespace (hostUsers: false) are exempt.",
  remediation:
    "Set runAsUser to a non-zero user ID on the pod and containers, or remove it and let the image choose a non-root user.",
  securitySeverity: 6.0,
});
