import { nsDisplay, rbacModel } from "../../src/analysis/rbac/index.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  meta: {
    id: "rbac-binding-subject-missing",
    title: "ServiceAccounts named by bindings should be defined in the repository",
    description:
      "A binding to a ServiceAccount the repository does not define is often fine (the account comes from a chart or the platform), but it can also be a typo, or a grant waiting for whoever later creates an account of that name in that namespace.",
    remediation:
      "Define the ServiceAccount next to the binding, correct the name or namespace, or suppress the finding with the reason the account lives elsewhere.",
    category: "rbac",
    level: "note",
    securitySeverity: 3.0,
    precision: "medium",
    tags: ["rbac", "security", "cross-resource"],
    presets: [],
    messages: {
      missing: '{{binding}} names ServiceAccount "{{namespace}}/{{name}}", which the repository does not define',
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = rbacModel(index, ctx.workloadKinds);
    for (const b of model.bindings) {
      if (!b.resource) continue;
      for (const s of b.subjects) {
        if (s.kind !== "ServiceAccount" || s.name === "default" || model.serviceAccountObjects.has(s.key)) continue;
        ctx.report({
          resource: b.resource,
          path: ["subjects", s.index],
          messageId: "missing",
          data: {
            binding: `${b.kind} "${b.kind === "RoleBinding" ? `${nsDisplay(b.ns)}/` : ""}${b.name}"`,
            namespace: nsDisplay(s.ns),
            name: s.name,
          },
        });
      }
    }
  },
});
