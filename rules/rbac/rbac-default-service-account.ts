import { subjectRule } from "./subject-rule.js";

export default subjectRule((s) => s.kind === "ServiceAccount" && s.name === "default", {
  id: "rbac-default-service-account",
  title: "Bindings should not grant permissions to a default ServiceAccount",
  description:
    "Every pod that names no ServiceAccount runs as its namespace's default one. Permissions bound to it reach all such pods, including ones added later by other teams or charts.",
  remediation: "Create a dedicated ServiceAccount for the workload that needs the permission, bind the role to it and set serviceAccountName in the pod spec.",
  level: "warning",
  securitySeverity: 5.0,
  who: "every pod of the namespace that names no ServiceAccount",
});
