import { defineRule } from "../../src/rule-api.js";
import { groupLabel, networkModel, resolveBackend, routeBackends } from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "route-backend-missing",
    title: "Gateway route backendRefs should name an existing Service and port",
    description:
      "An HTTPRoute or GRPCRoute whose backendRef names a Service that is not in the repository, or a port that Service does not expose, fails that rule's requests (the Gateway answers 500). Whoever later creates a Service of that name receives the route's traffic.",
    remediation: "Fix the backendRef's name, namespace or port, or add the Service (with that port).",
    category: "network",
    level: "warning",
    securitySeverity: 3.0,
    precision: "medium",
    tags: ["network", "gateway-api", "dangling-reference"],
    presets: ["recommended"],
    messages: {
      noService: "{{kind}} \"{{name}}\" backendRef names Service \"{{service}}\", which is not in {{namespace}} in the repository",
      noPort: "{{kind}} \"{{name}}\" backendRef names port {{port}} of Service \"{{service}}\", which exposes only {{ports}}",
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = networkModel(index, ctx.workloadKinds);
    for (const g of model.groups.values()) {
      for (const route of g.routes) {
        if (route.kind !== "HTTPRoute" && route.kind !== "GRPCRoute") continue;
        const data = { kind: route.kind, name: route.name ?? "(unnamed)" };
        for (const ref of routeBackends(route)) {
          const svc = resolveBackend(model, g, ref);
          if (!svc) {
            const target = ref.namespace !== undefined ? groupLabel({ namespace: ref.namespace, scope: undefined }) : groupLabel(g);
            ctx.report({ resource: route, path: ref.namePath, messageId: "noService", data: { ...data, service: ref.serviceName, namespace: target } });
            continue;
          }
          if (ref.port === undefined || ref.portPath === undefined || svc.type === "ExternalName") continue;
          if (svc.ports.some((p) => p.port === ref.port)) continue;
          ctx.report({
            resource: route, path: ref.portPath, messageId: "noPort",
            data: { ...data, service: ref.serviceName, port: String(ref.port), ports: svc.ports.map((p) => String(p.port ?? "?")).join(", ") || "no port" },
            related: [{ resource: svc.resource, path: ["spec", "ports"], message: `Service "${ref.serviceName}" ports` }],
          });
        }
      }
    }
  },
});
