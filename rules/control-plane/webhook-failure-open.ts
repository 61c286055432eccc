import { defineRule } from "../../src/rule-api.js";
import { str } from "../../src/model/index.js";
import { webhooksOf } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "webhook-failure-open",
    title: "Admission webhooks should fail closed",
    description:
      "With `failurePolicy: Ignore`, a request is admitted unchecked whenever the webhook times out, crashes or cannot be reached. For a policy or security webhook that means the policy holds only while the webhook is healthy — and anyone who can slow it down or evict its pods switches it off. In `admissionregistration.k8s.io/v1beta1` the default was `Ignore`.",
    remediation:
      "Set `failurePolicy: Fail` on webhooks that enforce policy, run them with several replicas and a PodDisruptionBudget, and exclude the webhook's own namespace and `kube-system` with a `namespaceSelector` so a failing webhook cannot block its own recovery. Keep `Ignore` only for webhooks whose absence is harmless, and suppress the finding there with a reason.",
    category: "control-plane",
    level: "warning",
    securitySeverity: 5.5,
    precision: "medium",
    tags: ["control-plane", "admission", "webhooks"],
    presets: ["recommended"],
    messages: {
      ignore: '{{kind}} webhook "{{name}}" sets failurePolicy: Ignore, so requests are admitted unchecked when it is unavailable',
      defaultIgnore: '{{kind}} webhook "{{name}}" has no failurePolicy, which in {{apiVersion}} means Ignore',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const { webhook: w, index: i, name, kind } of webhooksOf(resource)) {
      const policy = str(w.failurePolicy);
      if (policy === "Ignore") ctx.report({ path: ["webhooks", i, "failurePolicy"], messageId: "ignore", data: { kind, name } });
      else if (policy === undefined && resource.apiVersion.endsWith("/v1beta1")) {
        ctx.report({ path: ["webhooks", i, "failurePolicy"], messageId: "defaultIgnore", data: { kind, name, apiVersion: resource.apiVersion } });
      }
    }
  },
});
