import { defineRule } from "../../src/rule-api.js";
import { groupLabel, networkModel } from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "netpol-uncovered-workload",
    title: "Every workload should be selected by an ingress NetworkPolicy",
    description:
      "A pod that no NetworkPolicy selects for ingress is not isolated: any pod in any namespace, and anything that can route to the pod network, may connect to every port it listens on. One compromised pod anywhere in the cluster can then reach it. Policies that only restrict egress do not change that.",
    remediation:
      "Add a NetworkPolicy in the workload's namespace whose podSelector matches its pod labels and whose policyTypes include Ingress (or rely on a namespace default-deny policy), admitting only the clients it needs.",
    category: "network",
    level: "warning",
    securitySeverity: 4.5,
    precision: "high",
    tags: ["network", "security", "network-policy"],
    presets: ["recommended"],
    messages: {
      uncovered: "{{kind}} \"{{name}}\" in {{namespace}} is selected by no NetworkPolicy; its pods accept connections from every pod in the cluster",
      egressOnly: "{{kind}} \"{{name}}\" in {{namespace}} is selected only by egress NetworkPolicies ({{policies}}); its pods accept connections from every pod in the cluster",
    },
    references: ["https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation"],
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = networkModel(index, ctx.workloadKinds);
    for (const w of model.workloads) {
      // NetworkPolicies do not apply to host-network pods.
      if (w.hostNetwork || w.ingressPolicies.length > 0) continue;
      const data = { kind: w.resource.kind, name: w.resource.name ?? "(unnamed)", namespace: groupLabel(w.group) };
      const egress = w.egressPolicies;
      if (egress.length > 0) {
        ctx.report({
          resource: w.resource, path: ["metadata", "name"], messageId: "egressOnly",
          data: { ...data, policies: egress.map((p) => `"${p.resource.name ?? ""}"`).join(", ") },
          related: egress.map((p) => ({ resource: p.resource, path: ["spec", "policyTypes"], message: `NetworkPolicy "${p.resource.name ?? ""}" selects it for egress only` })),
        });
      } else {
        ctx.report({ resource: w.resource, path: ["metadata", "name"], messageId: "uncovered", data });
      }
    }
  },
});
