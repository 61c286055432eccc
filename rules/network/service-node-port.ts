import { defineRule } from "../../src/rule-api.js";
import { arr, getIn, num } from "../../src/model/index.js";
import { isService, serviceType } from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "service-node-port",
    title: "Avoid NodePort Services",
    description:
      "A NodePort Service opens its port on every node of the cluster, on every node address, bypassing the Ingress or Gateway layer where TLS, authentication and rate limits usually live. Node firewalls are the only remaining control, and NetworkPolicies often do not see the traffic as it is source-NATed to the node.",
    remediation:
      "Use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer with `loadBalancerSourceRanges`. Where a NodePort is truly needed, restrict the node ports in the cloud firewall and suppress this finding with a reason.",
    category: "network",
    level: "warning",
    securitySeverity: 4.5,
    precision: "very-high",
    tags: ["network", "security", "exposure", "service"],
    presets: [],
    messages: {
      nodePort: "Service \"{{name}}\" is of type NodePort and opens {{ports}} on every node",
    },
    since: "0.1.0",
  },
  appliesTo: { kinds: ["Service"] },
  check(svc, ctx) {
    if (!isService(svc) || serviceType(svc) !== "NodePort") return;
    const ports = arr(getIn(svc.value, ["spec", "ports"])).map((p) => {
      const np = num(getIn(p, ["nodePort"]));
      return np !== undefined ? `node port ${np}` : `a node port for port ${String(getIn(p, ["port"]) ?? "?")}`;
    });
    ctx.report({ path: ["spec", "type"], messageId: "nodePort", data: { name: svc.name ?? "(unnamed)", ports: ports.length > 0 ? ports.join(", ") : "its ports" } });
  },
});
