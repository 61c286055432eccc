import { defineRule } from "../../src/rule-api.js";
import { declaresName, groupsMatching, networkModel, workloadsMatching, type NetworkModel, type PolicyNet, type PolicyRule, type WorkloadNet } from "../../src/analysis/network/index.js";

/** The repo's pods an egress rule's peers reach, or undefined when a peer reaches beyond the repo (ipBlock, everything). */
function destinations(model: NetworkModel, policy: PolicyNet, rule: PolicyRule): WorkloadNet[] | undefined {
  if (rule.peers === "all") return undefined;
  const out = new Set<WorkloadNet>();
  for (const peer of rule.peers) {
    if (peer.kind === "pods") {
      for (const w of workloadsMatching(policy.group, peer.podSelector)) out.add(w);
    } else if (peer.kind === "namespaces") {
      for (const g of groupsMatching(model, peer.namespaceSelector)) {
        for (const w of peer.podSelector === undefined ? g.workloads : workloadsMatching(g, peer.podSelector)) out.add(w);
      }
    } else {
      return undefined;
    }
  }
  return [...out];
}

export default defineRule({
  meta: {
    id: "netpol-named-port-undeclared",
    title: "Named ports in a NetworkPolicy should exist on the pods they refer to",
    description:
      "A named port in a NetworkPolicy rule is resolved against the destination pods' container ports: the selected pods for ingress, the peer pods for egress. When no such pod declares the name, the rule admits nothing on that port, so the traffic it was meant to allow is dropped (or, when a later rename adds the name elsewhere, admitted somewhere unexpected).",
    remediation:
      "Use the port name the containers declare in `ports[].name` (with the same protocol), declare it on the containers, or use the port number.",
    category: "network",
    level: "warning",
    securitySeverity: 3.0,
    precision: "high",
    tags: ["network", "network-policy", "dangling-reference"],
    presets: ["recommended"],
    messages: {
      ingress: "NetworkPolicy \"{{name}}\" ingress rule {{rule}} names port \"{{port}}\" ({{protocol}}), which none of the pods it selects ({{pods}}) declares",
      egress: "NetworkPolicy \"{{name}}\" egress rule {{rule}} names port \"{{port}}\" ({{protocol}}), which none of its destination pods ({{pods}}) declares",
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = networkModel(index, ctx.workloadKinds);
    const names = (ws: readonly WorkloadNet[]) => {
      const shown = ws.slice(0, 3).map((w) => `${w.resource.kind} "${w.resource.name ?? ""}"`);
      return ws.length > 3 ? `${shown.join(", ")} and ${ws.length - 3} more` : shown.join(", ");
    };
    for (const g of model.groups.values()) {
      for (const policy of g.policies) {
        const name = policy.resource.name ?? "(unnamed)";
        const check = (rule: PolicyRule, pods: readonly WorkloadNet[], messageId: "ingress" | "egress") => {
          if (rule.ports === "all" || pods.length === 0) return;
          for (const pp of rule.ports) {
            if (typeof pp.port !== "string" || /^\d+$/.test(pp.port)) continue;
            const port = pp.port;
            if (pods.some((w) => declaresName(w.ports, port, pp.protocol))) continue;
            ctx.report({
              resource: policy.resource, path: [...pp.path, "port"], messageId,
              data: { name, rule: `#${rule.index}`, port, protocol: pp.protocol, pods: names(pods) },
            });
          }
        };
        if (policy.ingressType) for (const rule of policy.ingress) check(rule, policy.selected, "ingress");
        if (policy.egressType) {
          for (const rule of policy.egress) {
            if (rule.ports === "all" || !rule.ports.some((pp) => typeof pp.port === "string")) continue;
            check(rule, destinations(model, policy, rule) ?? [], "egress");
          }
        }
      }
    }
  },
});
