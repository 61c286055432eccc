import { defineRule } from "../../src/rule-api.js";
import { getIn } from "../../src/model/index.js";
import { isService } from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "service-external-ips",
    title: "Services should not set externalIPs",
    description:
      "`spec.externalIPs` makes kube-proxy on every node capture traffic addressed to those IPs. Anyone who can create or edit a Service can thereby intercept traffic meant for any address, inside or outside the cluster (CVE-2020-8554, unpatched by design). Clusters should block the field with an admission policy, and manifests should not need it.",
    remediation:
      "Remove `externalIPs`; expose the workload with a LoadBalancer, an Ingress or a Gateway instead. If the field is really required, restrict it with the DenyServiceExternalIPs admission plugin or a policy allow-list, and suppress the finding with a reason.",
    category: "network",
    level: "warning",
    securitySeverity: 6.0,
    precision: "very-high",
    tags: ["network", "security", "exposure", "service", "cve-2020-8554"],
    presets: ["recommended"],
    messages: {
      externalIp: "Service \"{{name}}\" sets externalIP \"{{ip}}\"; kube-proxy captures traffic for that address on every node (CVE-2020-8554)",
    },
    references: ["https://github.com/kubernetes/kubernetes/issues/97076"],
    since: "0.1.0",
  },
  appliesTo: { kinds: ["Service"] },
  check(svc, ctx) {
    if (!isService(svc)) return;
    const ips = getIn(svc.value, ["spec", "externalIPs"]);
    if (!Array.isArray(ips)) return;
    ips.forEach((ip, i) => ctx.report({ path: ["spec", "externalIPs", i], messageId: "externalIp", data: { name: svc.name ?? "(unnamed)", ip: String(ip) } }));
  },
});
