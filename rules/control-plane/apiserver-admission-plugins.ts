import { defineRule } from "../../src/rule-api.js";
import { atLeast } from "../../src/model/index.js";
import { componentsOf, listValue, type FlagValue } from "../../src/analysis/control-plane/index.js";

/** Admission plugins that no longer exist: the API server refuses to start when one is enabled. */
const REMOVED_PLUGINS: Readonly<Record<string, number>> = { PodSecurityPolicy: 25, SecurityContextDeny: 30 };

export default defineRule({
  meta: {
    id: "apiserver-admission-plugins",
    title: "The API server's admission plugins should enforce node and namespace boundaries",
    description:
      "`AlwaysAdmit` accepts every request and defeats the point of admission control. `NodeRestriction` (not on by default) stops a kubelet from modifying other nodes and pods not bound to it, which contains a compromised node. Disabling `ServiceAccount` or `NamespaceLifecycle` lets pods run without service-account handling and objects be created in terminating or missing namespaces. The `PodSecurityPolicy` plugin was removed in 1.25 and `SecurityContextDeny` in 1.30: enabling them stops the API server from starting. CIS Kubernetes Benchmark 1.2.10, 1.2.12, 1.2.13 and 1.2.14.",
    remediation:
      "Include `NodeRestriction` in `--enable-admission-plugins` (kubeadm's default; keep it when you override the flag), remove `AlwaysAdmit`, `PodSecurityPolicy` and `SecurityContextDeny`, and keep `ServiceAccount` and `NamespaceLifecycle` out of `--disable-admission-plugins`. Use Pod Security Admission instead of PodSecurityPolicy.",
    category: "control-plane",
    level: "error",
    securitySeverity: 7.0,
    precision: "very-high",
    tags: ["control-plane", "kube-apiserver", "admission", "cis-1.2.10", "cis-1.2.12", "cis-1.2.13", "cis-1.2.14"],
    presets: ["recommended"],
    messages: {
      alwaysAdmit: "{{label}} enables the AlwaysAdmit admission plugin, which admits every request",
      noNodeRestriction: "{{label}} does not enable the NodeRestriction admission plugin, so a kubelet may modify other nodes and their pods",
      disabled: "{{label}} disables the {{plugin}} admission plugin",
      removed: "{{label}} enables the {{plugin}} admission plugin, which was removed in Kubernetes 1.{{minor}}; on {{version}} the API server will not start",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const c of componentsOf(resource, ctx.workloadKinds, "kube-apiserver")) {
      // `--admission-control` is the deprecated spelling of the enable list.
      const enables: FlagValue[] = [...c.flags.all("admission-control"), ...c.flags.all("enable-admission-plugins")];
      const enabled = new Set(enables.flatMap((f) => listValue(f)));
      for (const f of enables) {
        const plugins = listValue(f);
        if (plugins.includes("AlwaysAdmit")) ctx.report({ path: f.path, messageId: "alwaysAdmit", data: { label: c.label } });
        for (const p of plugins) {
          const minor = REMOVED_PLUGINS[p];
          if (minor !== undefined && atLeast(ctx.kubeVersion, minor)) {
            ctx.report({ path: f.path, messageId: "removed", data: { label: c.label, plugin: p, minor, version: ctx.kubeVersion } });
          }
        }
      }
      if (!enabled.has("NodeRestriction")) {
        const last = enables[enables.length - 1];
        ctx.report({ path: last ? last.path : c.anchor, messageId: "noNodeRestriction", data: { label: c.label } });
      }
      for (const f of c.flags.all("disable-admission-plugins")) {
        for (const plugin of listValue(f).filter((p) => p === "ServiceAccount" || p === "NamespaceLifecycle")) {
          ctx.report({ path: f.path, messageId: "disabled", data: { label: c.label, plugin } });
        }
      }
    }
  },
});
