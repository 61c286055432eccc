import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  meta: {
    id: "yaml-syntax",
    title: "Files must be valid YAML",
    description:
      "A file that does not parse is applied partly or not at all: kubectl, Argo CD and Flux stop at the error, so the objects after it never reach the cluster, and nothing in the broken document can be checked.",
    remediation: "Fix the syntax at the reported position (indentation, tabs, unclosed quotes or brackets) and keep files UTF-8 encoded.",
    category: "syntax",
    level: "error",
    precision: "very-high",
    tags: ["syntax"],
    presets: ["recommended"],
    messages: { syntax: "{{message}}" },
    since: "0.1.0",
  },
  appliesTo: "engine",
});
