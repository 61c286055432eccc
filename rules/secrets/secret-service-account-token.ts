import { defineRule } from "../../src/rule-api.js";
import { str } from "../../src/model/index.js";
import { isCoreSecret } from "../../src/analysis/secrets/index.js";

export default defineRule({
  meta: {
    id: "secret-service-account-token",
    title: "Long-lived service-account token Secrets should not be created",
    description:
      "A Secret of type `kubernetes.io/service-account-token` makes the token controller mint a token that never expires and is not bound to a pod. Whoever reads the Secret — anyone with `get secrets` in the namespace, a backup, a log — can act as the service account until the Secret is deleted. Since Kubernetes 1.24 pods receive short-lived, audience-bound tokens through projected volumes instead.",
    remediation:
      "Delete the Secret. Pods get tokens automatically; for a client outside the cluster, request a short-lived token with `kubectl create token` or the TokenRequest API, or use workload identity federation.",
    category: "secrets",
    level: "warning",
    securitySeverity: 6.0,
    precision: "very-high",
    tags: ["secrets", "service-accounts"],
    presets: ["recommended"],
    messages: {
      legacy: 'Secret "{{name}}" is a long-lived token for service account "{{sa}}"; use short-lived tokens from the TokenRequest API',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    if (!isCoreSecret(resource) || str(resource.value.type) !== "kubernetes.io/service-account-token") return;
    const sa = resource.annotations["kubernetes.io/service-account.name"] ?? "(unset)";
    ctx.report({ path: ["type"], messageId: "legacy", data: { name: resource.name ?? "(unnamed)", sa } });
  },
});
