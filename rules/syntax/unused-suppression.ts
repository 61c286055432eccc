import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  meta: {
    id: "unused-suppression",
    title: "Suppressions should match a finding",
    description:
      "A suppression that no longer matches anything (the problem was fixed, the rule was renamed, or the resource moved) is clutter at best; at worst it silently hides the next real problem on that line or resource.",
    remediation: "Delete the suppression, or correct the rule id or resource it names.",
    category: "syntax",
    level: "note",
    precision: "very-high",
    tags: ["suppressions"],
    presets: ["recommended"],
    messages: { unused: "{{message}}" },
    since: "0.1.0",
  },
  appliesTo: "engine",
});
