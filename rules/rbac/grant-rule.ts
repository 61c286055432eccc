/**
 * The shape every dangerous-grant rule shares: each entry of a repo Role or ClusterRole that grants
 * the check's requests is reported at its granting `verbs` element, naming the subjects that receive it
 * through bindings (directly or through aggregation) as related locations. A grant nobody receives is
 * a note. Entries granting only through `*` in resources are left to `rbac-wildcard`.
 */
import {
  CLUSTER, GRANT_CHECKS, describeMatches, matchCheck, rbacModel, roleDisplay, scopeCounts, verbIndex,
  type GrantCheckId, type TargetMatch,
} from "../../src/analysis/rbac/index.js";
import { defineRule, type Rule } from "../../src/rule-api.js";
import { receiverPlaces, subjectsPhrase } from "./shared.js";

/** Checks where a grant limited to named objects is far narrower (a note); bind, impersonate and the like stay dangerous. */
const NAMES_SOFTEN = new Set<GrantCheckId>(["secrets-read", "kube-system-configmaps", "service-status", "pod-exec", "token-create"]);

export interface GrantRuleMeta {
  id: string;
  title: string;
  description: string;
  remediation: string;
  level: "error" | "warning";
  securitySeverity: number;
  tags?: string[];
  references?: string[];
}

export function grantRule(checkId: GrantCheckId, meta: GrantRuleMeta): Rule {
  const check = GRANT_CHECKS[checkId];
  return defineRule({
    meta: {
      id: meta.id,
      title: meta.title,
      description: meta.description,
      remediation: meta.remediation,
      category: "rbac",
      level: meta.level,
      securitySeverity: meta.securitySeverity,
      precision: "high",
      tags: ["rbac", "security", ...(meta.tags ?? [])],
      presets: ["recommended"],
      messages: {
        bound: "{{role}} grants {{grant}} ({{what}}) to {{subjects}}",
        unbound: "{{role}} grants {{grant}} ({{what}}); no binding in the repository gives it to anyone yet",
      },
      ...(meta.references ? { references: meta.references } : {}),
      since: "0.1.0",
    },
    appliesTo: "repo",
    check(index, ctx) {
      const model = rbacModel(index, ctx.workloadKinds);
      for (const role of model.roles) {
        if (!role.resource || model.isAggregating(role.key)) continue;
        const definitionScope = role.kind === "Role" ? role.ns : undefined;
        if (definitionScope !== undefined && !scopeCounts(check, definitionScope)) continue;
        for (const entry of role.entries) {
          let matches: TargetMatch[] = matchCheck(entry, check, definitionScope).filter((m) => !m.viaResourceWildcard);
          const related = [];
          if (checkId === "csr-approve") {
            // Approving needs both: approve on a signer and update on the approval subresource.
            const approve = matches.filter((m) => m.target.resource === "signers");
            if (approve.length === 0) continue;
            const update = role.entries.flatMap((e) => matchCheck(e, check, definitionScope).filter((m) => m.target.resource === "certificatesigningrequests").map((m) => ({ e, m })))[0];
            if (!update) continue;
            matches = approve;
            if (update.e !== entry) related.push({ resource: role.resource, path: ["rules", update.e.index, "verbs", update.m.verbIndex], message: `${roleDisplay(role)} also grants update on certificatesigningrequests/approval` });
          }
          if (matches.length === 0) continue;
          const clusterOnly = matches.every((m) => m.target.clusterScoped);
          const receivers = model.receiversOf(role.key).filter((s) => (!clusterOnly || s.binding.scope === CLUSTER) && scopeCounts(check, s.binding.scope));
          // A ClusterRole reaches kube-system only through a binding; unbound ones are not about kube-system.
          if (check.namespace !== undefined && role.kind === "ClusterRole" && receivers.length === 0) continue;
          const vi = Math.min(...matches.map((m) => m.verbIndex));
          const grant = describeMatches(matches) + (matches.some((m) => m.names) ? ` limited to names ${[...new Set(matches.flatMap((m) => m.names ?? []))].map((n) => `"${n}"`).join(", ")}` : "");
          const data = { role: roleDisplay(role), grant, what: check.label, subjects: subjectsPhrase(receivers) };
          const onlyNamed = NAMES_SOFTEN.has(checkId) && matches.every((m) => m.names !== undefined);
          ctx.report({
            resource: role.resource,
            path: ["rules", entry.index, "verbs", vi >= 0 ? vi : verbIndex(entry, "*")],
            messageId: receivers.length > 0 ? "bound" : "unbound",
            data,
            ...(receivers.length === 0 || onlyNamed ? { level: "note" as const } : {}),
            related: [...related, ...receiverPlaces(receivers)],
          });
        }
      }
    },
  });
}
