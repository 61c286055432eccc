import { defineRule } from "../../src/rule-api.js";
import { componentsOf, isFalse } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "apiserver-service-account",
    title: "The API server should verify service-account tokens against live objects and a dedicated key",
    description:
      "With `--service-account-lookup=false` the API server accepts a service-account token as long as its signature is valid, even after the ServiceAccount or the Secret that held it was deleted — deleting a leaked token does not revoke it. `--service-account-key-file` names the public keys that verify tokens; without it the API server falls back to its TLS key, which ties token signing to the serving certificate and makes key rotation unsafe. CIS Kubernetes Benchmark 1.2.21 and 1.2.22.",
    remediation:
      "Remove `--service-account-lookup=false` (the default is true) and set `--service-account-key-file` to the public half of the key that `--service-account-signing-key-file` (and the controller manager's `--service-account-private-key-file`) use.",
    category: "control-plane",
    level: "error",
    securitySeverity: 7.0,
    precision: "very-high",
    tags: ["control-plane", "kube-apiserver", "service-accounts", "authentication", "cis-1.2.21", "cis-1.2.22"],
    presets: ["recommended"],
    messages: {
      lookupOff: "{{label}} sets --service-account-lookup=false, so tokens of deleted service accounts stay valid",
      noKeyFile: "{{label}} does not set --service-account-key-file to verify service-account tokens",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const c of componentsOf(resource, ctx.workloadKinds, "kube-apiserver")) {
      const lookup = c.flags.get("service-account-lookup");
      if (lookup && isFalse(lookup.value)) ctx.report({ path: lookup.path, messageId: "lookupOff", data: { label: c.label } });
      if (!c.flags.has("service-account-key-file")) ctx.report({ path: c.anchor, messageId: "noKeyFile", data: { label: c.label } });
    }
  },
});
