import { defineRule } from "../../src/rule-api.js";
import { componentsOf, listValue } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "apiserver-authorization-mode",
    title: "The API server should authorize with Node and RBAC, never AlwaysAllow",
    description:
      "`--authorization-mode` decides who may do what. Without the flag the API server uses `AlwaysAllow`, so every authenticated request — and every anonymous one, if anonymous auth is on — may do anything. `RBAC` is what makes Roles and RoleBindings mean something, and `Node` limits each kubelet to the objects of its own pods. CIS Kubernetes Benchmark 1.2.6, 1.2.7 and 1.2.8.",
    remediation:
      "Set `--authorization-mode=Node,RBAC` (kubeadm sets this by default; keep it when overriding `authorization-mode` in `apiServer.extraArgs`). Remove `AlwaysAllow`. With a structured `--authorization-config` file, list Node and RBAC authorizers there.",
    category: "control-plane",
    level: "error",
    securitySeverity: 9.0,
    precision: "very-high",
    tags: ["control-plane", "kube-apiserver", "authorization", "cis-1.2.6", "cis-1.2.7", "cis-1.2.8"],
    presets: ["recommended"],
    messages: {
      missing: "{{label}} does not set --authorization-mode, so it defaults to AlwaysAllow and every request is authorized",
      alwaysAllow: "{{label}} lists AlwaysAllow in --authorization-mode, which authorizes every request; use Node,RBAC",
      lacks: '{{label}} sets --authorization-mode to "{{value}}" without {{mode}}; use Node,RBAC',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const c of componentsOf(resource, ctx.workloadKinds, "kube-apiserver")) {
      const f = c.flags.get("authorization-mode");
      if (f === undefined) {
        if (!c.flags.has("authorization-config")) ctx.report({ path: c.anchor, messageId: "missing", data: { label: c.label } });
        continue;
      }
      const modes = listValue(f);
      if (modes.includes("AlwaysAllow")) {
        ctx.report({ path: f.path, messageId: "alwaysAllow", data: { label: c.label } });
        continue;
      }
      const lacking = ["Node", "RBAC"].filter((m) => !modes.includes(m));
      if (lacking.length > 0) ctx.report({ path: f.path, messageId: "lacks", data: { label: c.label, value: f.value, mode: lacking.join(" and ") } });
    }
  },
});
