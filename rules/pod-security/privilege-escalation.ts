import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Restricted: the upstream `allowPrivilegeEscalation` check. */
export default pssCheckRule("allowPrivilegeEscalation", {
  id: "privilege-escalation",
  title: "Containers must forbid privilege escalation",
  description:
    "Unless allowPrivilegeEscalation is false, a process in the container can gain more privileges than its parent, through setuid binaries or file capabilities. The Restricted Pod Security Standard requires every container to set it to false; from 1.25 Windows pods are exempt.",
  remediation:
    "Set securityContext.allowPrivilegeEscalation: false on every container, init container and ephemeral container.",
  securitySeverity: 6.0,
});
