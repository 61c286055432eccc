import { defineRule } from "../../src/rule-api.js";
import { arr, isObj, num, obj, str } from "../../src/model/index.js";

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const HANDLERS = ["httpGet", "tcpSocket", "grpc"] as const;

export default defineRule({
  meta: {
    id: "probe-port-undeclared",
    title: "Probes should target a port the container declares",
    description:
      "A probe on a named port resolves the name against the container's own `ports`; a name that is not there fails the probe every time, so the pod restarts in a loop or never becomes ready. A numbered port that is not declared works, but usually means a typo or a stale port after the application moved, so it is reported as a note.",
    remediation: "Declare the port in the container's `ports` (with the name the probe uses), or point the probe at a declared one.",
    category: "workload",
    level: "warning",
    precision: "high",
    tags: ["probes", "reliability"],
    presets: ["recommended"],
    messages: {
      named: 'container "{{name}}" {{probe}} uses port "{{port}}", but the container declares no port of that name',
      numbered: 'container "{{name}}" {{probe}} uses port {{port}}, which the container does not declare',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    for (const c of pod.containers) {
      const names = new Set<string>();
      const numbers = new Set<number>();
      for (const p of arr(c.value.ports)) {
        if (!isObj(p)) continue;
        const n = str(p.name);
        if (n !== undefined) names.add(n);
        const cp = num(p.containerPort);
        if (cp !== undefined) numbers.add(cp);
      }
      for (const probe of PROBES) {
        const spec = obj(c.value[probe]);
        if (!spec) continue;
        for (const handler of HANDLERS) {
          const port = obj(spec[handler])?.port;
          const path = [...c.path, probe, handler, "port"];
          const numeric = typeof port === "string" && /^\d+$/.test(port) ? Number(port) : num(port);
          if (numeric !== undefined) {
            if (!numbers.has(numeric)) ctx.report({ path, messageId: "numbered", data: { name: c.name, probe, port: numeric }, level: "note" });
          } else if (typeof port === "string" && !names.has(port)) {
            ctx.report({ path, messageId: "named", data: { name: c.name, probe, port } });
          }
        }
      }
    }
  },
});
