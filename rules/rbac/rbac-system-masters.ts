import { subjectRule } from "./subject-rule.js";

export default subjectRule((s) => s.key === "Group:system:masters", {
  id: "rbac-system-masters",
  title: "Bindings should not name the system:masters group",
  description:
    "Members of system:masters pass every authorization check whatever RBAC says, and their certificates cannot be revoked. A binding naming the group suggests that credentials in it are handed out, or that someone expects RBAC to limit it, which it cannot.",
  remediation: "Remove the subject. Give administrators a dedicated group bound to cluster-admin, so access can be withdrawn by changing RBAC.",
  level: "error",
  securitySeverity: 9.0,
  who: "a group that bypasses RBAC entirely",
});
