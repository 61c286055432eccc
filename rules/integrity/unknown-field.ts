import { defineRule } from "../../src/rule-api.js";
import { checkBuiltIn, displayType, fallbackNote, fieldRanges, isSecurityRelevant, schemaData } from "../../src/analysis/schema/index.js";

export default defineRule({
  meta: {
    id: "unknown-field",
    title: "Fields must exist in the Kubernetes API of the target version",
    description:
      "A misspelt key such as `securityContex:` or `readOnlyRootFileSystem: true` is not a setting at all: depending on how the manifest is applied, the API server rejects the object or silently drops the key, and every security check that looks for the real field sees it missing. The field tree of each built-in kind at the target Kubernetes version is bundled, so this runs offline.",
    remediation: "Rename the key to the field the message suggests, or remove it. When the field only exists in a newer Kubernetes release, raise the target (`--kube-version`) only if every cluster runs that release.",
    category: "integrity",
    level: "warning",
    securitySeverity: 5.0,
    precision: "very-high",
    tags: ["schema", "typo"],
    presets: ["recommended"],
    messages: {
      suggest: '{{type}} has no field "{{field}}" in Kubernetes {{version}}; did you mean {{suggestion}}?',
      plain: '{{type}} has no field "{{field}}" in Kubernetes {{version}}; the API server rejects or drops it',
      later: '{{type}} has the field "{{field}}" only from Kubernetes {{since}} on; a {{version}} cluster rejects or drops it',
      earlier: '{{type}} lost the field "{{field}}" after Kubernetes {{until}}; a {{version}} cluster rejects or drops it',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    const note = fallbackNote(ctx.kubeVersion, schemaData().minors);
    if (note) ctx.note("schema-version-fallback", note);
    const result = checkBuiltIn(resource.value, resource.apiVersion, resource.kind, ctx.kubeVersion);
    if (!result) return;
    for (const issue of result.issues) {
      if (issue.kind !== "unknown" || issue.field === undefined) continue;
      const data = { type: displayType(issue.parentType), field: issue.field, version: `1.${result.minor}` };
      const level = isSecurityRelevant(issue.parentType, issue.path, issue.suggestions) ? "error" : undefined;
      const at = (messageId: "suggest" | "plain" | "later" | "earlier", extra: Record<string, string> = {}) =>
        ctx.report({ path: issue.path, messageId, data: { ...data, ...extra }, ...(level ? { level } : {}) });
      const ranges = fieldRanges(issue.parentType, issue.field);
      if (ranges && ranges.length > 0) {
        const later = ranges.find(([from]) => from > result.minor);
        const earlier = [...ranges].reverse().find(([, to]) => to < result.minor);
        if (later) at("later", { since: `1.${later[0]}` });
        else if (earlier) at("earlier", { until: `1.${earlier[1]}` });
        continue;
      }
      const suggestions = issue.suggestions ?? [];
      if (suggestions.length > 0) at("suggest", { suggestion: suggestions.map((s) => `"${s}"`).join(" or ") });
      else at("plain");
    }
  },
});
