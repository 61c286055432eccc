import { defineRule } from "../../src/rule-api.js";
import { groupLabel, ingressBackends, networkModel, resolveBackend } from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "ingress-backend-missing",
    title: "Ingress backends should name an existing Service and port",
    description:
      "An Ingress whose backend Service is not in its namespace, or names a port the Service does not expose, answers 503 for that path. Worse, whoever later creates a Service of that name in the namespace receives the Ingress's public traffic.",
    remediation: "Fix the Service name or port in the backend, or add the Service (with that port) to the namespace.",
    category: "network",
    level: "warning",
    securitySeverity: 3.0,
    precision: "medium",
    tags: ["network", "ingress", "dangling-reference"],
    presets: ["recommended"],
    messages: {
      noService: "Ingress \"{{name}}\" routes to Service \"{{service}}\", which is not in {{namespace}} in the repository",
      noPort: "Ingress \"{{name}}\" routes to port {{port}} of Service \"{{service}}\", which exposes only {{ports}}",
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = networkModel(index, ctx.workloadKinds);
    for (const g of model.groups.values()) {
      for (const ing of g.ingresses) {
        const name = ing.name ?? "(unnamed)";
        for (const ref of ingressBackends(ing)) {
          const svc = resolveBackend(model, g, ref);
          if (!svc) {
            ctx.report({ resource: ing, path: ref.namePath, messageId: "noService", data: { name, service: ref.serviceName, namespace: groupLabel(g) } });
            continue;
          }
          if (ref.port === undefined || ref.portPath === undefined || svc.type === "ExternalName") continue;
          const hit = svc.ports.some((p) => (typeof ref.port === "number" ? p.port === ref.port : p.name === ref.port));
          if (hit) continue;
          const ports = svc.ports.map((p) => (p.name !== undefined ? `${p.port ?? "?"} ("${p.name}")` : String(p.port ?? "?"))).join(", ") || "no port";
          ctx.report({
            resource: ing, path: ref.portPath, messageId: "noPort",
            data: { name, service: ref.serviceName, port: typeof ref.port === "number" ? String(ref.port) : `"${ref.port}"`, ports },
            related: [{ resource: svc.resource, path: ["spec", "ports"], message: `Service "${ref.serviceName}" ports` }],
          });
        }
      }
    }
  },
});
