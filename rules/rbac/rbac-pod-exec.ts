import { grantRule } from "./grant-rule.js";

/** Dangerous grant, reported at the granting verbs element of each role entry. */
export default grantRule("pod-exec", {
  id: "rbac-pod-exec",
  title: "Roles should not exec into, attach to or port-forward pods",
  description:
    "Exec, attach and port-forward give an interactive way into running containers, with their files, their network position and their mounted ServiceAccount tokens; adding an ephemeral container does the same through a debug container.",
  remediation:
    "Grant these subresources only to break-glass roles, bound for a limited time, and prefer logs and metrics for routine debugging.",
  level: "warning",
  securitySeverity: 7.0,
});
