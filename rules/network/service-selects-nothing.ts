import { defineRule } from "../../src/rule-api.js";
import { getIn, obj } from "../../src/model/index.js";
import { groupLabel, networkModel } from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "service-selects-nothing",
    title: "A Service selector should match a workload",
    description:
      "A Service whose selector matches none of the workloads of its namespace in the repository has no endpoints: callers get connection errors, and an Ingress or route pointing at it serves 503s. It is usually a label typo or a stale selector. Services without a selector (manually managed Endpoints), ExternalName Services and namespaces without workloads in the repository are skipped.",
    remediation:
      "Make `spec.selector` match the pod template labels of the workload it fronts, or delete the Service.",
    category: "network",
    level: "warning",
    securitySeverity: 2.0,
    precision: "medium",
    tags: ["network", "service", "dangling-reference"],
    presets: ["recommended"],
    messages: {
      selectsNothing: "Service \"{{name}}\" selector {{selector}} matches no workload of {{namespace}} ({{count}} in the repository)",
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = networkModel(index, ctx.workloadKinds);
    for (const g of model.groups.values()) {
      if (g.workloads.length === 0) continue;
      for (const s of g.services) {
        if (!s.hasSelector || s.type === "ExternalName" || s.selects.length > 0) continue;
        const selector = obj(getIn(s.resource.value, ["spec", "selector"])) ?? {};
        ctx.report({
          resource: s.resource, path: ["spec", "selector"], messageId: "selectsNothing",
          data: {
            name: s.resource.name ?? "(unnamed)",
            selector: `{${Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).join(", ")}}`,
            namespace: groupLabel(g),
            count: g.workloads.length,
          },
        });
      }
    }
  },
});
