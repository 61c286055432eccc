import { defineRule } from "../../src/rule-api.js";
import { componentsOf, isLoopback } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "scheduler-config",
    title: "kube-scheduler should listen on loopback only",
    description:
      "kube-scheduler's HTTPS port (10259) serves health, metrics and, unless profiling is off, `/debug/pprof`. Bound to all interfaces (the default) it is reachable from every pod on the node's network; on the control-plane node nothing outside needs it. CIS Kubernetes Benchmark 1.4.2.",
    remediation: "Start kube-scheduler with `--bind-address=127.0.0.1` (kubeadm does; keep it when overriding `scheduler.extraArgs`).",
    category: "control-plane",
    level: "warning",
    securitySeverity: 5.0,
    precision: "high",
    tags: ["control-plane", "kube-scheduler", "cis-1.4.2"],
    presets: ["recommended"],
    messages: {
      bindAll: "{{label}} does not bind to loopback (--bind-address={{value}}); set --bind-address=127.0.0.1",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const c of componentsOf(resource, ctx.workloadKinds, "kube-scheduler")) {
      const bind = c.flags.get("bind-address");
      if (!bind || !isLoopback(bind.value)) ctx.report({ path: bind?.path ?? c.anchor, messageId: "bindAll", data: { label: c.label, value: bind ? bind.value : "0.0.0.0 (default)" } });
    }
  },
});
