import { defineRule } from "../../src/rule-api.js";
import { componentsOf, isFalse } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "apiserver-anonymous-auth",
    title: "The API server should not serve anonymous requests",
    description:
      "With anonymous authentication on (the default), a request that carries no credentials is not rejected but served as the user `system:anonymous` in the group `system:unauthenticated`. Whatever RBAC grants those subjects — by mistake, by a chart, or by an old default — becomes reachable by anyone who can reach the API server's port. CIS Kubernetes Benchmark 1.2.1.",
    remediation:
      "Start kube-apiserver with `--anonymous-auth=false` (kubeadm: `apiServer.extraArgs` `anonymous-auth: \"false\"`). If load balancers need unauthenticated health checks, use an AuthenticationConfiguration (`--authentication-config`, Kubernetes 1.32+) that allows anonymous access only to `/livez`, `/readyz` and `/healthz`.",
    category: "control-plane",
    level: "warning",
    securitySeverity: 6.5,
    precision: "high",
    tags: ["control-plane", "kube-apiserver", "authentication", "cis-1.2.1"],
    presets: ["recommended"],
    messages: {
      missing: "{{label}} does not set --anonymous-auth=false, so requests without credentials are served as system:anonymous",
      enabled: '{{label}} sets --anonymous-auth to "{{value}}"; set it to false',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const c of componentsOf(resource, ctx.workloadKinds, "kube-apiserver")) {
      const f = c.flags.get("anonymous-auth");
      if (f === undefined) {
        // An AuthenticationConfiguration file decides anonymous access instead (and then the flag must be absent).
        if (!c.flags.has("authentication-config")) ctx.report({ path: c.anchor, messageId: "missing", data: { label: c.label } });
      } else if (!isFalse(f.value)) {
        ctx.report({ path: f.path, messageId: "enabled", data: { label: c.label, value: f.value } });
      }
    }
  },
});
