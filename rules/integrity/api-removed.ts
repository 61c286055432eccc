import { defineRule } from "../../src/rule-api.js";
import { apiStatus } from "../../src/analysis/schema/index.js";

export default defineRule({
  meta: {
    id: "api-removed",
    title: "API versions must still be served by the target Kubernetes version",
    description:
      "Kubernetes removes beta API versions a few releases after their replacement arrives (`extensions/v1beta1` Ingress in 1.22, `policy/v1beta1` PodSecurityPolicy and `batch/v1beta1` CronJob in 1.25). A manifest that still uses one no longer applies: the sync fails, and an upgrade that seemed safe leaves the workload or its security policy behind.",
    remediation: "Move the manifest to the replacement API version the message names, adjusting fields that changed between versions; where there is no replacement (PodSecurityPolicy), use its successor mechanism (Pod Security Admission).",
    category: "integrity",
    level: "error",
    precision: "very-high",
    tags: ["schema", "api-lifecycle"],
    presets: ["recommended"],
    messages: {
      removed: "{{apiVersion}} {{kind}} was removed in Kubernetes {{removed}}, so a {{version}} cluster rejects it; use {{replacement}}",
      removedNoReplacement: "{{apiVersion}} {{kind}} was removed in Kubernetes {{removed}}, so a {{version}} cluster rejects it, and {{version}} serves no replacement",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    const status = apiStatus(resource.apiVersion, resource.kind, ctx.kubeVersion);
    if (status.state !== "removed") return;
    const data = { apiVersion: resource.apiVersion, kind: resource.kind, removed: status.removed, version: ctx.kubeVersion };
    if (status.replacement) ctx.report({ path: ["apiVersion"], messageId: "removed", data: { ...data, replacement: status.replacement } });
    else ctx.report({ path: ["apiVersion"], messageId: "removedNoReplacement", data });
  },
});
