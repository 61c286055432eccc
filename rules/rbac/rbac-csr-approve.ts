import { grantRule } from "./grant-rule.js";

/** Dangerous grant, reported at the granting verbs element of each role entry. */
export default grantRule("csr-approve", {
  id: "rbac-csr-approve",
  title: "Roles should not approve certificate signing requests",
  description:
    "With update on certificatesigningrequests/approval and approve on a signer, a subject can get client certificates signed for any user or group the signer accepts, including system:masters with the kube-apiserver-client signer.",
  remediation:
    "Leave approval to the controller manager's approvers; if a custom approver is needed, limit approve to its own signer name in `resourceNames`.",
  level: "error",
  securitySeverity: 8.0,
});
