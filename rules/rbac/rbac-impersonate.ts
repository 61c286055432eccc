import { grantRule } from "./grant-rule.js";

/** Dangerous grant, reported at the granting verbs element of each role entry. */
export default grantRule("impersonate", {
  id: "rbac-impersonate",
  title: "Roles must not impersonate users, groups or ServiceAccounts",
  description:
    "A subject that may impersonate can send any request as another user, group (such as system:masters) or ServiceAccount, and so holds the union of all their rights.",
  remediation:
    "Remove the impersonate verb, or limit it with `resourceNames` to the exact identities an authenticating proxy needs to act for.",
  level: "error",
  securitySeverity: 8.5,
  tags: ["cis-5.1.8"],
});
