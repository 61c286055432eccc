import { defineRule } from "../../src/rule-api.js";
import { describeSelector, groupLabel, networkModel } from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "netpol-selects-nothing",
    title: "A NetworkPolicy should select at least one workload",
    description:
      "A NetworkPolicy whose podSelector matches none of the pods its namespace defines in the repository protects nothing: the workloads it was written for stay open. It is usually a label typo, or a label that changed on the workload and not in the policy. Namespaces without any workload in the repository are skipped, since their pods come from elsewhere.",
    remediation:
      "Fix the podSelector so that it matches the pod template labels of the workloads it should isolate, or delete the policy if those workloads are gone.",
    category: "network",
    level: "warning",
    securitySeverity: 4.0,
    precision: "medium",
    tags: ["network", "security", "network-policy", "dangling-reference"],
    presets: ["recommended"],
    messages: {
      selectsNothing: "NetworkPolicy \"{{name}}\" podSelector {{selector}} matches no workload of {{namespace}} ({{count}} in the repository); it isolates nothing",
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = networkModel(index, ctx.workloadKinds);
    for (const g of model.groups.values()) {
      if (g.workloads.length === 0) continue;
      for (const p of g.policies) {
        if (p.selectsAllPods || p.selected.length > 0) continue;
        ctx.report({
          resource: p.resource, path: ["spec", "podSelector"], messageId: "selectsNothing",
          data: { name: p.resource.name ?? "(unnamed)", selector: describeSelector(p.podSelector), count: g.workloads.length, namespace: groupLabel(g) },
        });
      }
    }
  },
});
