import { nsDisplay, rbacModel } from "../../src/analysis/rbac/index.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  meta: {
    id: "rbac-binding-role-missing",
    title: "Bindings should refer to a role that exists",
    description:
      "A binding whose roleRef names a Role or ClusterRole that is neither in the repository nor built into Kubernetes grants nothing today, and grants whatever a role of that name says once someone creates it — possibly much more than intended. A ClusterRoleBinding cannot refer to a Role at all.",
    remediation:
      "Fix the roleRef (kind and name), add the role to the repository, or delete the binding. A RoleBinding finds Roles only in its own namespace.",
    category: "rbac",
    level: "warning",
    securitySeverity: 4.0,
    precision: "high",
    tags: ["rbac", "security", "cross-resource"],
    presets: ["recommended"],
    messages: {
      missing: '{{binding}} refers to {{kind}} "{{name}}", which is neither in the repository nor built in',
      invalid: '{{binding}} refers to {{kind}} "{{name}}"; a ClusterRoleBinding can only refer to a ClusterRole',
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = rbacModel(index, ctx.workloadKinds);
    for (const b of model.bindings) {
      if (!b.resource || !b.roleRef) continue;
      const data = {
        binding: `${b.kind} "${b.kind === "RoleBinding" ? `${nsDisplay(b.ns)}/` : ""}${b.name}"`,
        kind: b.roleRef.kind,
        name: b.roleRef.name,
      };
      if (!b.roleKey) {
        if (b.roleRef.kind === "Role") ctx.report({ resource: b.resource, path: ["roleRef", "kind"], messageId: "invalid", data });
        continue;
      }
      if (!model.roleExists(b.roleKey)) ctx.report({ resource: b.resource, path: ["roleRef", "name"], messageId: "missing", data });
    }
  },
});
