import { isFullWildcard, nsDisplay, rbacModel, roleDisplay, scopeDisplay } from "../../src/analysis/rbac/index.js";
import { defineRule } from "../../src/rule-api.js";
import { subjectsPhrase } from "./shared.js";

export default defineRule({
  meta: {
    id: "rbac-cluster-admin-binding",
    title: "Bindings should not grant cluster-admin or an equivalent role",
    description:
      "cluster-admin allows every verb on every resource. Bound with a ClusterRoleBinding it owns the cluster; even through a RoleBinding it owns the namespace, its Secrets and its RBAC. A custom role with `*` verbs, resources and API groups is the same thing under another name.",
    remediation:
      "Bind a role that lists what the subject needs (the built-in admin, edit or view, or a custom role). Keep cluster-admin for break-glass access by a small, audited group.",
    category: "rbac",
    level: "error",
    securitySeverity: 9.0,
    precision: "very-high",
    tags: ["rbac", "security", "cis-5.1.1"],
    presets: ["recommended"],
    messages: {
      builtIn: '{{binding}} gives cluster-admin {{scope}} to {{subjects}}',
      equivalent: '{{binding}} gives {{role}}, which allows every verb on every resource, {{scope}} to {{subjects}}',
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = rbacModel(index, ctx.workloadKinds);
    for (const b of model.bindings) {
      if (!b.resource || !b.roleKey || !b.roleRef) continue;
      const builtIn = b.roleKey === "ClusterRole||cluster-admin";
      const full = builtIn ? undefined : model.effectiveEntries(b.roleKey).find(isFullWildcard);
      if (!builtIn && !full) continue;
      const related = full?.role.resource
        ? [{ resource: full.role.resource, path: ["rules", full.index, "verbs", full.verbs.indexOf("*")], message: `${roleDisplay(full.role)} allows every verb on every resource` }]
        : [];
      ctx.report({
        resource: b.resource,
        path: ["roleRef", "name"],
        messageId: builtIn ? "builtIn" : "equivalent",
        data: {
          binding: `${b.kind} "${b.kind === "RoleBinding" ? `${nsDisplay(b.ns)}/` : ""}${b.name}"`,
          role: `${b.roleRef.kind} "${b.roleRef.name}"`,
          scope: scopeDisplay(b.scope),
          subjects: b.subjects.length > 0 ? subjectsPhrase(b.subjects) : "no subject yet",
        },
        ...(b.subjects.length === 0 ? { level: "note" as const } : {}),
        related,
      });
    }
  },
});
