import { defineRule } from "../../src/rule-api.js";
import { getIn } from "../../src/model/index.js";
import { describePolicyPort, isEveryPodPeer, isNetworkPolicy, isWholeRangePeer, parsePolicy } from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "netpol-allow-all-sources",
    title: "NetworkPolicy ingress rules should not admit every source",
    description:
      "An ingress rule with no `from`, an empty `from`, an empty peer, `namespaceSelector: {}` without a pod selector, or an ipBlock of `0.0.0.0/0` or `::/0` admits every pod of every namespace (and, for the ipBlock, every address). Written next to a default-deny policy, such a rule quietly cancels it for the pods it selects.",
    remediation:
      "Name the clients: a podSelector for pods of the same namespace, a namespaceSelector (on `kubernetes.io/metadata.name` or a label you control) combined with a podSelector in the same peer for other namespaces, or a narrow ipBlock for addresses outside the cluster.",
    category: "network",
    level: "warning",
    securitySeverity: 5.5,
    precision: "very-high",
    tags: ["network", "security", "network-policy"],
    presets: ["recommended"],
    messages: {
      noFrom: "NetworkPolicy \"{{name}}\" ingress rule {{rule}} has no from, so it admits every source on {{ports}}",
      emptyFrom: "NetworkPolicy \"{{name}}\" ingress rule {{rule}} has an empty from list, so it admits every source on {{ports}}",
      emptyPeer: "NetworkPolicy \"{{name}}\" ingress rule {{rule}} has an empty peer {}, read as every source on {{ports}} (the API server rejects it)",
      everyNamespace: "NetworkPolicy \"{{name}}\" ingress rule {{rule}} admits every pod of every namespace (namespaceSelector: {} without a podSelector) on {{ports}}",
      everyAddress: "NetworkPolicy \"{{name}}\" ingress rule {{rule}} admits ipBlock \"{{cidr}}\" with no except, i.e. every address, on {{ports}}",
    },
    references: ["https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors"],
    since: "0.1.0",
  },
  appliesTo: { kinds: ["NetworkPolicy"] },
  check(resource, ctx) {
    if (!isNetworkPolicy(resource)) return;
    const policy = parsePolicy(resource);
    if (!policy.ingressType) return;
    const name = resource.name ?? "(unnamed)";
    for (const rule of policy.ingress) {
      const data = { name, rule: `#${rule.index}`, ports: rule.ports === "all" ? "all ports" : rule.ports.map(describePolicyPort).join(", ") };
      if (rule.peers === "all") {
        const from = getIn(resource.value, [...rule.path, "from"]);
        ctx.report({ path: [...rule.path, "from"], messageId: Array.isArray(from) ? "emptyFrom" : "noFrom", data });
        continue;
      }
      for (const peer of rule.peers) {
        if (peer.kind === "empty") {
          ctx.report({ path: peer.path, messageId: "emptyPeer", data });
        } else if (isEveryPodPeer(peer)) {
          ctx.report({ path: [...peer.path, "namespaceSelector"], messageId: "everyNamespace", data });
        } else if (isWholeRangePeer(peer) && peer.except.length === 0) {
          ctx.report({ path: [...peer.path, "ipBlock", "cidr"], messageId: "everyAddress", data: { ...data, cidr: peer.cidr ?? "" } });
        }
      }
    }
  },
});
