import { defineRule } from "../../src/rule-api.js";
import { controlPlaneComponents, isFalse, isSchedulerConfiguration } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "apiserver-profiling",
    title: "Control-plane components should not expose profiling endpoints",
    description:
      "kube-apiserver, kube-controller-manager and kube-scheduler serve Go's `/debug/pprof` handlers unless profiling is turned off. They reveal internals of the process, and CPU and heap profiles on demand are a cheap way to load a control-plane component. Nothing in normal operation needs them. CIS Kubernetes Benchmark 1.2.15, 1.3.2 and 1.4.1.",
    remediation:
      "Start each component with `--profiling=false` (kubeadm: `profiling: \"false\"` in `apiServer`, `controllerManager` and `scheduler` `extraArgs`). A kube-scheduler started with `--config` ignores the flag: set `enableProfiling: false` in its KubeSchedulerConfiguration.",
    category: "control-plane",
    level: "warning",
    securitySeverity: 4.0,
    precision: "high",
    tags: ["control-plane", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "cis-1.2.15", "cis-1.3.2", "cis-1.4.1"],
    presets: ["recommended"],
    messages: {
      missing: "{{label}} does not set --profiling=false, so it serves /debug/pprof",
      enabled: '{{label}} sets --profiling to "{{value}}"; set it to false',
      schedulerConfig: "KubeSchedulerConfiguration does not set enableProfiling: false, so kube-scheduler serves /debug/pprof",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    if (isSchedulerConfiguration(resource)) {
      const v = resource.value.enableProfiling;
      if (v !== false && v !== "false") ctx.report({ path: ["enableProfiling"], messageId: "schedulerConfig" });
      return;
    }
    for (const c of controlPlaneComponents(resource, ctx.workloadKinds)) {
      if (c.component === "etcd") continue;
      const f = c.flags.get("profiling");
      if (f === undefined) {
        // kube-scheduler ignores --profiling when it reads a config file; that file is checked on its own.
        if (c.component === "kube-scheduler" && c.flags.has("config")) continue;
        ctx.report({ path: c.anchor, messageId: "missing", data: { label: c.label } });
      } else if (!isFalse(f.value)) {
        ctx.report({ path: f.path, messageId: "enabled", data: { label: c.label, value: f.value } });
      }
    }
  },
});
