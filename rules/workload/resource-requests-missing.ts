import { defineRule } from "../../src/rule-api.js";
import { containerDefaults, getIn, obj, podSpecOf } from "../../src/model/index.js";

const has = (v: unknown) => v !== undefined && v !== null && v !== "";

export default defineRule({
  meta: {
    id: "resource-requests-missing",
    title: "Containers should request CPU and memory",
    description:
      "The scheduler places pods by their requests. A container without them counts as needing nothing, so nodes are overcommitted, the pod is among the first evicted under memory pressure (BestEffort or Burstable class), and a noisy neighbour can starve it. A request defaults to the limit when only the limit is set, pod-level resources cover every container, and a LimitRange in the pod's namespace fills in default requests (its `defaultRequest`, else `default`, `max` or `min`), so none of these cases is reported.",
    remediation: "Set `resources.requests.cpu` and `resources.requests.memory` on every container and init container, from observed usage.",
    category: "workload",
    level: "warning",
    securitySeverity: 2.5,
    precision: "very-high",
    tags: ["resources", "availability", "security"],
    presets: ["recommended"],
    messages: {
      missing: 'container "{{name}}" requests no {{what}}',
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const defaults = containerDefaults(index);
    for (const r of index.all) {
      const pod = podSpecOf(r, ctx.workloadKinds);
      if (!pod) continue;
      const podResources = obj(pod.spec.resources);
      // a LimitRange of the namespace gives such containers a default request at admission
      const fromLimitRange = r.namespace !== undefined ? defaults.get(r.namespace)?.requests : undefined;
      for (const c of pod.containers) {
        if (c.kind === "ephemeralContainer") continue; // the API forbids resources on ephemeral containers
        const missing = (["cpu", "memory"] as const).filter((k) => {
          const covered = [["requests", k], ["limits", k]].some((p) => has(getIn(c.value.resources, p)) || has(getIn(podResources, p)));
          return !covered && !fromLimitRange?.has(k);
        });
        if (missing.length === 0) continue;
        ctx.report({ resource: r, path: [...c.path, "resources", "requests"], messageId: "missing", data: { name: c.name, what: missing.join(" or ") } });
      }
    }
  },
});
