import { defineRule } from "../../src/rule-api.js";
import { apiStatus } from "../../src/analysis/schema/index.js";

export default defineRule({
  meta: {
    id: "api-version-unknown",
    title: "Built-in API groups must be used with versions that exist",
    description:
      "A version a built-in API group never had (`apps/v1beta3`, `networking.k8s.io/v2`), or one the target Kubernetes release does not serve yet, makes the object fail to apply with \"no matches for kind\". It is usually a typo or a manifest written for a newer cluster than the one it targets.",
    remediation: "Use a version of the group that the target release serves (the message lists the group's versions), or raise the target version if every cluster already runs the release that introduced it.",
    category: "integrity",
    level: "error",
    precision: "very-high",
    tags: ["schema", "api-lifecycle"],
    presets: ["recommended"],
    messages: {
      unknownVersion: '"{{apiVersion}}" is not a version of the built-in API group {{group}}, which has {{known}}',
      notYet: "{{apiVersion}} {{kind}} is served only from Kubernetes {{since}} on; a {{version}} cluster rejects it",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    const status = apiStatus(resource.apiVersion, resource.kind, ctx.kubeVersion);
    if (status.state === "unknown-version") {
      const group = status.group === "" ? "core (\"v1\")" : `"${status.group}"`;
      ctx.report({ path: ["apiVersion"], messageId: "unknownVersion", data: { apiVersion: resource.apiVersion, group, known: status.known.join(", ") } });
    } else if (status.state === "not-yet") {
      ctx.report({ path: ["apiVersion"], messageId: "notYet", data: { apiVersion: resource.apiVersion, kind: resource.kind, since: status.since, version: ctx.kubeVersion } });
    }
  },
});
