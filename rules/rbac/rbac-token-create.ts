import { grantRule } from "./grant-rule.js";

/** Dangerous grant, reported at the granting verbs element of each role entry. */
export default grantRule("token-create", {
  id: "rbac-token-create",
  title: "Roles should not mint ServiceAccount tokens",
  description:
    "Creating a token for a ServiceAccount yields a credential of that identity. A subject with create on serviceaccounts/token in a namespace can act as every ServiceAccount there.",
  remediation:
    "Remove the grant, or limit it with `resourceNames` to the ServiceAccounts whose tokens the subject truly has to issue.",
  level: "warning",
  securitySeverity: 7.5,
  tags: ["cis-5.1.13"],
});
