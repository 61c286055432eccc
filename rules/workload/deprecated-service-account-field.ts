import { defineRule } from "../../src/rule-api.js";
import { str } from "../../src/model/index.js";

export default defineRule({
  meta: {
    id: "deprecated-service-account-field",
    title: "Use serviceAccountName, not the deprecated serviceAccount field",
    description:
      "`serviceAccount` is a deprecated alias of `serviceAccountName`. When both are set and differ, `serviceAccountName` wins and the other is silently ignored, so a reviewer reading `serviceAccount` sees the wrong identity. Tools and policies that read only one of the two fields disagree about which identity the pod runs as.",
    remediation: "Remove `serviceAccount` and set `serviceAccountName` to the intended ServiceAccount.",
    category: "workload",
    level: "warning",
    securitySeverity: 3.0,
    precision: "very-high",
    tags: ["identity", "service-account", "deprecated", "security"],
    presets: ["recommended"],
    messages: {
      deprecated: 'pod sets the deprecated serviceAccount: "{{value}}"; use serviceAccountName',
      disagrees: 'pod sets serviceAccount: "{{value}}" but serviceAccountName: "{{actual}}", which wins; "{{value}}" is ignored',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    const value = str(pod.spec.serviceAccount);
    if (value === undefined || value === "") return;
    const actual = str(pod.spec.serviceAccountName);
    const path = [...pod.path, "serviceAccount"];
    if (actual !== undefined && actual !== "" && actual !== value) ctx.report({ path, messageId: "disagrees", data: { value, actual } });
    else ctx.report({ path, messageId: "deprecated", data: { value } });
  },
});
