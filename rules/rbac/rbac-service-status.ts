import { grantRule } from "./grant-rule.js";

/** Dangerous grant, reported at the granting verbs element of each role entry. */
export default grantRule("service-status", {
  id: "rbac-service-status",
  title: "Roles should not change Service status",
  description:
    "Writing a Service's status sets its load-balancer IPs; together with CVE-2020-8554 that lets a subject intercept traffic meant for any address in the cluster.",
  remediation:
    "Grant update and patch on services/status only to the load-balancer controller.",
  level: "warning",
  securitySeverity: 5.5,
  tags: ["cve-2020-8554"],
});
