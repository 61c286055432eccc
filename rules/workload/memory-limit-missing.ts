import { defineRule } from "../../src/rule-api.js";
import { checkLimits } from "./limit-missing.js";

export default defineRule({
  meta: {
    id: "memory-limit-missing",
    title: "Containers should have a memory limit",
    description:
      "Without a memory limit one container can use all of its node's memory: the kernel then kills processes of other pods, and a memory leak or a decompression bomb in one workload becomes an outage of its neighbours. Memory cannot be throttled, only limited. A pod-level memory limit covers every container and is accepted, and so is a LimitRange in the pod's namespace that gives containers a default memory limit (its `default`, or its `max`).",
    remediation: "Set `resources.limits.memory` on every container and init container, a little above its observed peak.",
    category: "workload",
    level: "warning",
    securitySeverity: 3.5,
    precision: "very-high",
    tags: ["resources", "availability", "security"],
    presets: ["recommended"],
    messages: {
      missing: 'container "{{name}}" has no memory limit',
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    checkLimits(index, ctx, "memory");
  },
});
