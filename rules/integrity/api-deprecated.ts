import { defineRule } from "../../src/rule-api.js";
import { apiStatus } from "../../src/analysis/schema/index.js";

export default defineRule({
  meta: {
    id: "api-deprecated",
    title: "Deprecated API versions should be migrated before their removal",
    description:
      "An API version deprecated at the target Kubernetes version still applies today but is scheduled for removal; the cluster upgrade that removes it will break the sync of every manifest still using it. Migrating while both versions are served is a mechanical change.",
    remediation: "Switch `apiVersion` to the replacement the message names (and adjust any fields that changed), before upgrading to the release that removes the old version.",
    category: "integrity",
    level: "warning",
    precision: "very-high",
    tags: ["schema", "api-lifecycle"],
    presets: ["recommended"],
    messages: {
      deprecated: "{{apiVersion}} {{kind}} is deprecated since Kubernetes {{deprecated}} and removed in {{removed}}; migrate to {{replacement}}",
      deprecatedNoReplacement: "{{apiVersion}} {{kind}} is deprecated since Kubernetes {{deprecated}} and removed in {{removed}}; Kubernetes {{version}} serves no replacement",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    const status = apiStatus(resource.apiVersion, resource.kind, ctx.kubeVersion);
    if (status.state !== "deprecated") return;
    const data = { apiVersion: resource.apiVersion, kind: resource.kind, deprecated: status.deprecated, removed: status.removed ?? "a later release", version: ctx.kubeVersion };
    if (status.replacement) ctx.report({ path: ["apiVersion"], messageId: "deprecated", data: { ...data, replacement: status.replacement } });
    else ctx.report({ path: ["apiVersion"], messageId: "deprecatedNoReplacement", data });
  },
});
