import { grantRule } from "./grant-rule.js";

/** Dangerous grant, reported at the granting verbs element of each role entry. */
export default grantRule("secrets-read", {
  id: "rbac-secrets-read",
  title: "Roles should not read Secrets broadly",
  description:
    "Reading Secrets hands over database passwords, API keys, TLS keys and, through legacy token Secrets, ServiceAccount identities. `list` and `watch` return the values just like `get`, so a role that may only list Secrets can still read all of them.",
  remediation:
    "Grant `get` on the few Secrets the workload needs, by `resourceNames`, or mount them into the pod instead of reading them through the API. Drop `list` and `watch` on secrets.",
  level: "warning",
  securitySeverity: 7.0,
  tags: ["cis-5.1.2"],
});
