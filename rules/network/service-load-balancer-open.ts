import { defineRule } from "../../src/rule-api.js";
import { getIn, obj } from "../../src/model/index.js";
import {
  INTERNAL_OPTION_SCHEMAS,
  internalAnnotation,
  internalOptionsFrom,
  isInternalClass,
  isService,
  isWholeRange,
  loadBalancerSourceRanges,
  parseCidr,
  serviceType,
} from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "service-load-balancer-open",
    title: "LoadBalancer Services should restrict their source ranges",
    description:
      "A Service of type LoadBalancer asks the cloud for a load balancer with a public address. Without `loadBalancerSourceRanges`, or with `0.0.0.0/0` in it, anyone on the internet can connect to its ports, and scanners find new load balancers within minutes. Internal load balancers (the clouds' internal annotations or an internal load-balancer class) are not reported.",
    remediation:
      "Set `spec.loadBalancerSourceRanges` to the client ranges that need access, make the load balancer internal with your cloud's annotation, or put the workload behind an Ingress or Gateway that terminates TLS and authenticates.",
    category: "network",
    level: "warning",
    securitySeverity: 6.5,
    precision: "high",
    tags: ["network", "security", "exposure", "service"],
    presets: ["recommended"],
    messages: {
      noRanges: "LoadBalancer Service \"{{name}}\" sets no loadBalancerSourceRanges, so every internet address can reach ports {{ports}}",
      openRange: "LoadBalancer Service \"{{name}}\" allows source range \"{{range}}\", so every address can reach ports {{ports}}",
    },
    options: { ...INTERNAL_OPTION_SCHEMAS },
    references: ["https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#restricting-load-balancer-access"],
    since: "0.1.0",
  },
  appliesTo: { kinds: ["Service"] },
  check(svc, ctx) {
    if (!isService(svc) || serviceType(svc) !== "LoadBalancer") return;
    const opts = internalOptionsFrom(ctx.options);
    if (internalAnnotation(obj(getIn(svc.value, ["metadata", "annotations"])) ?? {}, opts)) return;
    if (isInternalClass(getIn(svc.value, ["spec", "loadBalancerClass"]), opts)) return;
    const ports = Array.isArray(getIn(svc.value, ["spec", "ports"]))
      ? (getIn(svc.value, ["spec", "ports"]) as unknown[]).map((p) => String(getIn(p, ["port"]) ?? "?")).join(", ")
      : "(none)";
    const name = svc.name ?? "(unnamed)";
    const ranges = loadBalancerSourceRanges(svc);
    if (ranges.length === 0) {
      ctx.report({ path: ["spec", "loadBalancerSourceRanges"], messageId: "noRanges", data: { name, ports } });
      return;
    }
    for (const r of ranges) {
      const c = parseCidr(r.value);
      if (c && isWholeRange(c)) ctx.report({ path: r.path, messageId: "openRange", data: { name, range: r.value, ports } });
    }
  },
});
