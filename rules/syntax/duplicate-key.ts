import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  meta: {
    id: "duplicate-key",
    title: "Mapping keys must not repeat",
    description:
      "When a key appears twice in one mapping, tools disagree about which value applies: some keep the last, some the first, and strict decoders reject the object. A repeated `securityContext` can hide the settings a reviewer believes are in force.",
    remediation: "Merge the repeated keys into one and keep the values you mean.",
    category: "syntax",
    level: "error",
    precision: "very-high",
    tags: ["syntax"],
    presets: ["recommended"],
    messages: { duplicate: "{{message}}" },
    since: "0.1.0",
  },
  appliesTo: "engine",
});
