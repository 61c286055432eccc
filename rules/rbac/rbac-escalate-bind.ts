import { grantRule } from "./grant-rule.js";

/** Dangerous grant, reported at the granting verbs element of each role entry. */
export default grantRule("escalate-bind", {
  id: "rbac-escalate-bind",
  title: "Roles must not grant RBAC permissions they do not hold",
  description:
    "The escalate and bind verbs lift the API server's guard against privilege escalation: with them a subject can write rules or bindings that grant more than it holds. Creating or changing (Cluster)RoleBindings is the other half of the same move.",
  remediation:
    "Keep RBAC changes in the GitOps pipeline; if a controller must manage bindings, limit bind to the exact roles with `resourceNames` and drop escalate.",
  level: "error",
  securitySeverity: 8.5,
  tags: ["cis-5.1.8"],
});
