import { defineRule } from "../../src/rule-api.js";
import { containerDefaults, getIn, podSpecOf } from "../../src/model/index.js";

const has = (v: unknown) => v !== undefined && v !== null && v !== "";

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
    const defaults = containerDefaults(index);
    for (const r of index.all) {
      const pod = podSpecOf(r, ctx.workloadKinds);
      if (!pod || has(getIn(pod.spec.resources, ["limits", "cpu"]))) continue;
      // a LimitRange of the namespace gives such containers a default limit at admission
      if (r.namespace !== undefined && defaults.get(r.namespace)?.limits.has("cpu")) continue;
      for (const c of pod.containers) {
        if (c.kind === "ephemeralContainer") continue; // the API forbids resources on ephemeral containers
        if (has(getIn(c.value.resources, ["limits", "cpu"]))) continue;
        ctx.report({ resource: r, path: [...c.path, "resources", "limits", "cpu"], messageId: "missing", data: { name: c.name } });
      }
    }
  },
});
