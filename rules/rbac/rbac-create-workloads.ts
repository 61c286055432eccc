import { grantRule } from "./grant-rule.js";

/** Dangerous grant, reported at the granting verbs element of each role entry. */
export default grantRule("create-workloads", {
  id: "rbac-create-workloads",
  title: "Roles should not create pods or workload controllers without need",
  description:
    "Whoever can create a pod, Deployment, Job or other pod controller in a namespace can run any image as any ServiceAccount of that namespace and mount its Secrets, so the grant is worth as much as the most powerful identity living there.",
  remediation:
    "Leave workload creation to the GitOps controller or CI identity that needs it, scope it to one namespace with a RoleBinding, and keep powerful ServiceAccounts out of namespaces where others may create pods.",
  level: "warning",
  securitySeverity: 6.5,
  tags: ["cis-5.1.4"],
});
