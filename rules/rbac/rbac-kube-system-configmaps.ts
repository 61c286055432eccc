import { grantRule } from "./grant-rule.js";

/** Dangerous grant, reported at the granting verbs element of each role entry. */
export default grantRule("kube-system-configmaps", {
  id: "rbac-kube-system-configmaps",
  title: "Roles should not change ConfigMaps in kube-system",
  description:
    "kube-system holds ConfigMaps the cluster trusts: CoreDNS's Corefile decides where every name resolves, and on EKS aws-auth maps IAM identities to Kubernetes groups, system:masters included.",
  remediation:
    "Remove configmap write access in kube-system, or limit it with `resourceNames` to the one ConfigMap a component owns.",
  level: "warning",
  securitySeverity: 7.0,
});
