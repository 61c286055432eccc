import { defineRule } from "../../src/rule-api.js";
import { declaresName, networkModel } from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "service-target-port-undeclared",
    title: "A Service's named targetPort should be declared by the pods it selects",
    description:
      "A named `targetPort` is looked up in each selected pod's container ports. A pod that does not declare the name is left out of the Service's endpoints for that port, so traffic fails even though the selector matches. It often follows a rename of the container port.",
    remediation:
      "Use the name the container declares in `ports[].name` (with the same protocol), declare it on the container, or use the port number.",
    category: "network",
    level: "warning",
    securitySeverity: 2.0,
    precision: "high",
    tags: ["network", "service", "dangling-reference"],
    presets: ["recommended"],
    messages: {
      undeclared: "Service \"{{name}}\" targets port \"{{port}}\" ({{protocol}}), which is not declared by {{workloads}}",
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = networkModel(index, ctx.workloadKinds);
    for (const g of model.groups.values()) {
      for (const s of g.services) {
        if (s.selects.length === 0) continue;
        for (const p of s.ports) {
          const port = p.targetName;
          if (port === undefined) continue;
          const missing = s.selects.filter((w) => !declaresName(w.ports, port, p.protocol));
          if (missing.length === 0) continue;
          ctx.report({
            resource: s.resource, path: [...p.path, "targetPort"], messageId: "undeclared",
            data: { name: s.resource.name ?? "(unnamed)", port, protocol: p.protocol, workloads: missing.map((w) => `${w.resource.kind} "${w.resource.name ?? ""}"`).join(", ") },
            related: missing.map((w) => ({ resource: w.resource, path: w.pod.path, message: `${w.resource.kind} "${w.resource.name ?? ""}" is selected but declares no port "${port}"` })),
          });
        }
      }
    }
  },
});
