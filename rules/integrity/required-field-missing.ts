import { defineRule } from "../../src/rule-api.js";
import { checkBuiltIn, displayType, fallbackNote, fieldLabel, schemaData } from "../../src/analysis/schema/index.js";

export default defineRule({
  meta: {
    id: "required-field-missing",
    title: "Objects must set the fields the Kubernetes API requires",
    description:
      "The API server rejects an object that lacks a required field — a container without `name`, a Deployment without `selector`, a volume mount without `mountPath` — so the change never reaches the cluster, often only noticed when a sync fails. Strategic-merge patch fragments (`$patch` keys) are partial by design and are not checked.",
    remediation: "Add the missing field with the value you intend; the message names it and the object that needs it.",
    category: "integrity",
    level: "error",
    precision: "high",
    tags: ["schema"],
    presets: ["recommended"],
    messages: {
      missing: '{{type}} {{where}}is missing the required field "{{field}}"',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    const note = fallbackNote(ctx.kubeVersion, schemaData().minors);
    if (note) ctx.note("schema-version-fallback", note);
    const result = checkBuiltIn(resource.value, resource.apiVersion, resource.kind, ctx.kubeVersion);
    if (!result || result.patch) return;
    for (const issue of result.issues) {
      if (issue.kind !== "required" || issue.field === undefined) continue;
      const parent = issue.path.slice(0, -1);
      ctx.report({
        path: issue.path,
        messageId: "missing",
        data: { type: displayType(issue.parentType), where: parent.length > 0 ? `at ${fieldLabel(parent)} ` : "", field: issue.field },
      });
    }
  },
});
