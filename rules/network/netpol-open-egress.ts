import { defineRule } from "../../src/rule-api.js";
import { getIn } from "../../src/model/index.js";
import { isNetworkPolicy, isWholeRangePeer, parsePolicy, type PolicyRule } from "../../src/analysis/network/index.js";

/** True when a rule's ports admit every port (no ports, or an entry without a port). */
function everyPort(rule: PolicyRule): boolean {
  return rule.ports === "all" || rule.ports.some((p) => p.port === undefined);
}

export default defineRule({
  meta: {
    id: "netpol-open-egress",
    title: "NetworkPolicy egress rules should not allow every destination on every port",
    description:
      "An egress rule with no `to` (or an empty one), or with an ipBlock of `0.0.0.0/0` or `::/0`, on all ports lets the selected pods open connections to any address on the internet. That is the channel an attacker uses to download tooling, reach a command-and-control server or exfiltrate data from a compromised pod.",
    remediation:
      "List the destinations the workload needs (DNS in kube-system, the services it calls, the external ranges of its dependencies) and the ports, or route outbound traffic through an egress proxy that the policy allows.",
    category: "network",
    level: "warning",
    securitySeverity: 4.0,
    precision: "very-high",
    tags: ["network", "security", "network-policy", "egress"],
    presets: [],
    messages: {
      noTo: "NetworkPolicy \"{{name}}\" egress rule {{rule}} has no to, so it allows connections to every address on every port",
      emptyTo: "NetworkPolicy \"{{name}}\" egress rule {{rule}} has an empty to list, so it allows connections to every address on every port",
      everyAddress: "NetworkPolicy \"{{name}}\" egress rule {{rule}} allows ipBlock \"{{cidr}}\" on every port",
      emptyPeer: "NetworkPolicy \"{{name}}\" egress rule {{rule}} has an empty peer {}, read as every destination on every port (the API server rejects it)",
    },
    since: "0.1.0",
  },
  appliesTo: { kinds: ["NetworkPolicy"] },
  check(resource, ctx) {
    if (!isNetworkPolicy(resource)) return;
    const policy = parsePolicy(resource);
    if (!policy.egressType) return;
    const name = resource.name ?? "(unnamed)";
    for (const rule of policy.egress) {
      if (!everyPort(rule)) continue;
      const data = { name, rule: `#${rule.index}` };
      if (rule.peers === "all") {
        const to = getIn(resource.value, [...rule.path, "to"]);
        ctx.report({ path: [...rule.path, "to"], messageId: Array.isArray(to) ? "emptyTo" : "noTo", data });
        continue;
      }
      for (const peer of rule.peers) {
        if (peer.kind === "empty") ctx.report({ path: peer.path, messageId: "emptyPeer", data });
        else if (isWholeRangePeer(peer)) ctx.report({ path: [...peer.path, "ipBlock", "cidr"], messageId: "everyAddress", data: { ...data, cidr: peer.cidr ?? "" } });
      }
    }
  },
});
