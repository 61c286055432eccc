import { defineRule } from "../../src/rule-api.js";
import { groupLabel, isDefaultDenyEgress, isDefaultDenyIngress, namespaceTarget, networkModel } from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "netpol-default-deny-missing",
    title: "Namespaces with workloads should have a default-deny NetworkPolicy",
    description:
      "Kubernetes lets every pod talk to every other pod until a NetworkPolicy selects it. A default-deny policy (`podSelector: {}` with policy type Ingress and no rules) flips a namespace to allow-list mode: only the traffic some policy admits gets through, and a workload added later without its own policy is closed instead of wide open. This rule asks every namespace that has workloads in the repository to carry one.",
    remediation:
      "Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress]` and no `ingress` rules to the namespace, then allow the flows each workload needs with narrower policies. Set the option `egress: true` to also require a default deny for egress.",
    category: "network",
    level: "warning",
    securitySeverity: 5.0,
    precision: "high",
    tags: ["network", "security", "network-policy"],
    presets: ["recommended"],
    messages: {
      missingIngress: "{{namespace}} has workloads but no default-deny ingress NetworkPolicy (podSelector: {}, policyTypes: [Ingress], no rules); pods that no other policy isolates accept connections from everywhere",
      missingEgress: "{{namespace}} has workloads but no default-deny egress NetworkPolicy (podSelector: {}, policyTypes: [Egress], no rules); pods may connect anywhere",
    },
    options: {
      egress: {
        type: "boolean",
        default: false,
        description: "Also require a default-deny egress policy in every namespace with workloads.",
      },
    },
    references: ["https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies"],
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = networkModel(index, ctx.workloadKinds);
    for (const g of model.groups.values()) {
      if (g.workloads.length === 0) continue;
      const target = namespaceTarget(g);
      if (!target) continue;
      const data = { namespace: groupLabel(g) };
      if (!g.policies.some(isDefaultDenyIngress)) {
        ctx.report({ resource: target.resource, path: target.path, messageId: "missingIngress", data, related: target.related });
      }
      if (ctx.optionsFor(target.resource).egress === true && !g.policies.some(isDefaultDenyEgress)) {
        ctx.report({ resource: target.resource, path: target.path, messageId: "missingEgress", data, related: target.related });
      }
    }
  },
});
