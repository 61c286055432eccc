import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  meta: {
    id: "not-a-resource",
    title: "Documents with only one of apiVersion and kind are not Kubernetes objects",
    description:
      "A document that sets `kind` without `apiVersion` (or the reverse) looks like a manifest but the API server rejects it, so nothing in it is deployed or checked. Documents with neither are treated as other YAML and skipped silently.",
    remediation: "Add the missing `apiVersion` or `kind`, or move the file out of the manifest tree if it is not a Kubernetes object.",
    category: "syntax",
    level: "note",
    precision: "high",
    tags: ["syntax"],
    presets: ["recommended"],
    messages: { half: "{{message}}" },
    since: "0.1.0",
  },
  appliesTo: "engine",
});
