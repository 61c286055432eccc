import { defineRule } from "../../src/rule-api.js";
import { checkLimits } from "./limit-missing.js";

export default defineRule({
  meta: {
    id: "cpu-limit-missing",
    title: "Containers should have a CPU limit",
    description:
      "Without a CPU limit a container can use every idle core of its node. That is usually what you want — CPU is throttled, not killed, and limits cause latency spikes through throttling — so the rule is only in the strict preset, for clusters that want hard isolation between tenants. A pod-level CPU limit covers every container and is accepted, and so is a LimitRange in the pod's namespace that gives containers a default CPU limit.",
    remediation: "Set `resources.limits.cpu` on every container and init container, or rely on CPU requests and a namespace LimitRange.",
    category: "workload",
    level: "warning",
    securitySeverity: 2.0,
    precision: "very-high",
    tags: ["resources", "availability", "security"],
    presets: [],
    messages: {
      missing: 'container "{{name}}" has no cpu limit',
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    checkLimits(index, ctx, "cpu");
  },
});
