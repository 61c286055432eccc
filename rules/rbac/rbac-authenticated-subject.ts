import { subjectRule } from "./subject-rule.js";

export default subjectRule((s) => s.key === "Group:system:authenticated", {
  id: "rbac-authenticated-subject",
  title: "Bindings should not grant to every authenticated identity",
  description:
    "The group system:authenticated holds every user and every ServiceAccount of every namespace. A binding to it gives its role to each pod's token and, on managed clusters, sometimes to any account of the cloud provider.",
  remediation: "Bind the role to the groups or ServiceAccounts that need it instead of system:authenticated.",
  level: "error",
  securitySeverity: 8.0,
  who: "every user and ServiceAccount of the cluster",
});
