import {
  GRANT_CHECKS, GRANT_CHECK_IDS, matchCheck, rbacModel, roleDisplay,
} from "../../src/analysis/rbac/index.js";
import { defineRule } from "../../src/rule-api.js";
import { receiverPlaces, subjectsPhrase } from "./shared.js";

const FIELDS = ["verbs", "resources", "apiGroups"] as const;

export default defineRule({
  meta: {
    id: "rbac-wildcard",
    title: "Role rules should name their verbs, resources and API groups",
    description:
      "A `*` in a role rule grants everything that exists now and everything added later: new verbs, new subresources such as pods/exec, every CRD of a future operator. It hides dangerous grants (Secrets, RBAC objects, webhooks) behind one character and makes reviews meaningless.",
    remediation:
      "List the verbs, resources and API groups the subject needs. Use the built-in view, edit or admin ClusterRoles, or aggregated roles, when a broad grant is intended.",
    category: "rbac",
    level: "warning",
    securitySeverity: 7.5,
    precision: "very-high",
    tags: ["rbac", "security", "cis-5.1.3"],
    presets: ["recommended"],
    messages: {
      bound: '{{role}} uses "*" in {{fields}}{{includes}}; held by {{subjects}}',
      unbound: '{{role}} uses "*" in {{fields}}{{includes}}; no binding in the repository gives it to anyone yet',
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = rbacModel(index, ctx.workloadKinds);
    for (const role of model.roles) {
      if (!role.resource || model.isAggregating(role.key)) continue;
      for (const entry of role.entries) {
        const fields = FIELDS.filter((f) => entry[f].includes("*"));
        if (fields.length === 0) continue;
        const first = fields[0] as (typeof FIELDS)[number];
        const scope = role.kind === "Role" ? role.ns : undefined;
        const implied = GRANT_CHECK_IDS.filter((id) => matchCheck(entry, GRANT_CHECKS[id], scope).some((m) => m.viaResourceWildcard || entry.verbs.includes("*")))
          .map((id) => GRANT_CHECKS[id].label);
        const receivers = model.receiversOf(role.key);
        ctx.report({
          resource: role.resource,
          path: ["rules", entry.index, first, entry[first].indexOf("*")],
          messageId: receivers.length > 0 ? "bound" : "unbound",
          data: {
            role: roleDisplay(role),
            fields: fields.join(" and "),
            includes: implied.length > 0 ? `, which includes the right to ${implied.slice(0, 4).join(", ")}${implied.length > 4 ? ` and ${implied.length - 4} more` : ""}` : "",
            subjects: subjectsPhrase(receivers),
          },
          ...(receivers.length === 0 ? { level: "note" as const } : {}),
          related: receiverPlaces(receivers),
        });
      }
    }
  },
});
