import { defineRule } from "../../src/rule-api.js";
import { containerDefaults, getIn, podSpecOf } from "../../src/model/index.js";

const has = (v: unknown) => v !== undefined && v !== null && v !== "";

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
    const defaults = containerDefaults(index);
    for (const r of index.all) {
      const pod = podSpecOf(r, ctx.workloadKinds);
      if (!pod || has(getIn(pod.spec.resources, ["limits", "memory"]))) continue;
      // a LimitRange of the namespace gives such containers a default limit at admission
      if (r.namespace !== undefined && defaults.get(r.namespace)?.limits.has("memory")) continue;
      for (const c of pod.containers) {
        if (c.kind === "ephemeralContainer") continue; // the API forbids resources on ephemeral containers
        if (has(getIn(c.value.resources, ["limits", "memory"]))) continue;
        ctx.report({ resource: r, path: [...c.path, "resources", "limits", "memory"], messageId: "missing", data: { name: c.name } });
      }
    }
  },
});
