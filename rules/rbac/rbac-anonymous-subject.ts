import { subjectRule } from "./subject-rule.js";

export default subjectRule((s) => s.key === "User:system:anonymous" || s.key === "Group:system:unauthenticated", {
  id: "rbac-anonymous-subject",
  title: "Bindings must not grant anything to anonymous callers",
  description:
    "Requests without credentials run as the user system:anonymous in the group system:unauthenticated. A binding to either opens its role to anyone who can reach the API server, which on many clusters is the internet.",
  remediation: "Remove the subject; give the permission to an authenticated group or ServiceAccount instead, and keep --anonymous-auth off where possible.",
  level: "error",
  securitySeverity: 9.1,
  who: "any caller without credentials",
});
