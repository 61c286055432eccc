import { defineRule } from "../../src/rule-api.js";
import { num, obj, str } from "../../src/model/index.js";

const FIELDS = ["runAsUser", "runAsGroup"] as const;

export default defineRule({
  meta: {
    id: "run-as-high-uid",
    title: "Containers should run with a user and group id above the host's range",
    description:
      "Without user namespaces, a container's user and group ids are the node's ids. Low ids (below 10000 by default) collide with real accounts and services on the node, so a process that escapes the container, or reaches a shared or host volume, acts with their file permissions. An id that is not set at all falls back to whatever the image says. With `hostUsers: false` the ids are mapped to an unprivileged range on the node, and the rule does not apply.",
    remediation: "Set `runAsUser` and `runAsGroup` to ids at or above the threshold (for example 10001) in the pod's securityContext, or run the pod with `hostUsers: false`.",
    category: "workload",
    level: "warning",
    securitySeverity: 3.0,
    precision: "high",
    tags: ["runtime", "identity", "security"],
    presets: [],
    messages: {
      podLow: "pod sets securityContext.{{field}}: {{value}}, below {{minimum}}",
      containerLow: 'container "{{name}}" sets securityContext.{{field}}: {{value}}, below {{minimum}}',
      missing: 'container "{{name}}" sets no {{field}} (nor does the pod), so it runs with the image\'s id; set one at or above {{minimum}}',
    },
    options: {
      minimum: { type: "integer", minimum: 0, description: "The lowest user and group id that passes.", default: 10000 },
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    if (pod.spec.hostUsers === false || str(obj(pod.spec.os)?.name) === "windows") return;
    const minimum = num(ctx.options.minimum) ?? 10000;
    const podSc = obj(pod.spec.securityContext);
    for (const field of FIELDS) {
      const podValue = num(podSc?.[field]);
      let podValueUsed = false;
      for (const c of pod.containers) {
        const value = num(obj(c.value.securityContext)?.[field]);
        if (value !== undefined) {
          if (value < minimum) ctx.report({ path: [...c.path, "securityContext", field], messageId: "containerLow", data: { name: c.name, field, value, minimum } });
        } else if (podValue !== undefined) {
          podValueUsed = true;
        } else {
          ctx.report({ path: [...c.path, "securityContext", field], messageId: "missing", data: { name: c.name, field, minimum } });
        }
      }
      if (podValue !== undefined && podValueUsed && podValue < minimum) {
        ctx.report({ path: [...pod.path, "securityContext", field], messageId: "podLow", data: { field, value: podValue, minimum } });
      }
    }
  },
});
