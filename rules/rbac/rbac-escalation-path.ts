import {
  bindingPlace, describeToken, escalationGraph, grantPlace, nodeDisplay, powerOf, rbacModel, roleDisplay,
  scopeDisplay, subjectDisplay, type EscalationPath, type Place, type RbacModel,
} from "../../src/analysis/rbac/index.js";
import { cmp } from "../../src/model/index.js";
import { defineRule } from "../../src/rule-api.js";
import { uniquePlaces } from "./shared.js";

function bindingName(p: { binding: { kind: string; name: string } }): string {
  return `${p.binding.kind} "${p.binding.name}"`;
}

/** Why the target holds what it does: `(bound to cluster-admin)`. */
function targetNote(model: RbacModel, path: EscalationPath): string {
  if (path.target.startsWith("role:")) return "";
  const gains = new Set(path.gains);
  const roles = new Set<string>();
  for (const g of model.grantsOf(path.target)) {
    if (![...powerOf([g])].some((t) => gains.has(t))) continue;
    if (g.via.binding.roleRef) roles.add(g.via.binding.roleRef.name);
  }
  return roles.size > 0 ? ` (bound to ${[...roles].slice(0, 2).join(", ")})` : "";
}

function targetPlaces(model: RbacModel, path: EscalationPath): (Place | undefined)[] {
  if (path.target.startsWith("role:")) return [];
  const gains = new Set(path.gains);
  return model.grantsOf(path.target)
    .filter((g) => [...powerOf([g])].some((t) => gains.has(t)))
    .map((g) => bindingPlace(g.via, `end: ${bindingName(g.via)} gives ${g.via.binding.roleRef?.name ?? "a role"} ${scopeDisplay(g.scope)} to ${nodeDisplay(path.target)}`));
}

export default defineRule({
  meta: {
    id: "rbac-escalation-path",
    title: "Subjects should not be able to reach more rights than they were granted",
    description:
      "RBAC grants chain: creating a pod in a namespace runs it as any ServiceAccount there; reading a token Secret, minting a token or impersonating turns one identity into another; bind and escalate write new grants. This rule follows those steps across every role, binding and workload of the repository (built-in roles included) and reports each subject that can end up with a dangerous right, or cluster-admin, that no binding gave it.",
    remediation:
      "Break the first step of the path: drop the grant, scope it to a namespace without powerful ServiceAccounts, or move the powerful ServiceAccount (and its token Secrets) to a namespace only administrators can write to.",
    category: "rbac",
    level: "error",
    securitySeverity: 9.0,
    precision: "medium",
    tags: ["rbac", "security", "privilege-escalation", "cross-resource"],
    presets: ["recommended"],
    messages: {
      admin: "{{subject}} can become cluster-admin: {{chain}}",
      gain: "{{subject}} can gain {{gains}}: {{chain}}",
    },
    options: {
      maxHops: { type: "integer", minimum: 1, maximum: 8, default: 4, description: "The longest chain of steps followed." },
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = rbacModel(index, ctx.workloadKinds);
    const graph = escalationGraph(model);
    const maxHops = typeof ctx.options.maxHops === "number" ? ctx.options.maxHops : 4;
    const starts = model.subjectKeys().filter((k) => model.subjectEntriesOf(k).some((s) => s.binding.resource)).sort(cmp);
    for (const subject of starts) {
      const path = graph.search(subject, maxHops);
      if (!path || path.hops.length === 0) continue;
      const first = path.hops[0];
      if (!first) continue;
      const own = model.subjectEntriesOf(subject).find((s) => s.binding.resource);
      const at = grantPlace(first.grant, first.verb, "") ?? (own ? bindingPlace(own, "") : undefined);
      if (!at) continue;
      const related: (Place | undefined)[] = [];
      path.hops.forEach((h, i) => {
        const step = `step ${i + 1}`;
        related.push(bindingPlace(h.grant.via, `${step}: ${bindingName(h.grant.via)} gives ${h.grant.via.binding.roleRef?.name ?? "a role"} ${scopeDisplay(h.grant.scope)} to ${subjectDisplay(h.grant.via.key)}`));
        related.push(grantPlace(h.grant, h.verb, `${step}: ${roleDisplay(h.grant.entry.role)} grants "${h.verb}" (${h.action})`));
        related.push(...(h.extra ?? []));
      });
      related.push(...targetPlaces(model, path));
      const chain = path.hops.map((h) => h.action).join(" → ") + targetNote(model, path);
      const gains = path.gains.map(describeToken);
      ctx.report({
        resource: at.resource,
        path: at.path,
        messageId: path.admin ? "admin" : "gain",
        data: {
          subject: subjectDisplay(subject),
          chain,
          gains: gains.length > 3 ? `${gains.slice(0, 3).join(", ")} and ${gains.length - 3} more rights` : gains.join(", "),
        },
        related: uniquePlaces(related.filter((p) => !(p && p.resource.id === at.resource.id && p.path.join("/") === at.path.join("/"))), 20),
      });
    }
  },
});
