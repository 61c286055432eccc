import { grantRule } from "./grant-rule.js";

/** Dangerous grant, reported at the granting verbs element of each role entry. */
export default grantRule("webhook-config", {
  id: "rbac-webhook-config",
  title: "Roles should not change admission webhooks or policies",
  description:
    "Admission webhooks and admission policies see and may rewrite every object sent to the API server. Whoever can change them can switch off policy enforcement, or inject containers and read Secrets as they are written.",
  remediation:
    "Leave admission configuration to cluster administrators and the GitOps controller; a webhook's own operator needs at most update on its own configuration, named in `resourceNames`.",
  level: "warning",
  securitySeverity: 7.5,
});
