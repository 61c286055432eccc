import { containerDefaults, getIn, podSpecOf, type ResourceIndex } from "../../src/model/index.js";
import type { RuleContext } from "../../src/rule-api.js";

const has = (v: unknown) => v !== undefined && v !== null && v !== "";

/**
 * The check shared by `memory-limit-missing` and `cpu-limit-missing`: every container (ephemeral
 * ones excepted: the API forbids resources on them) needs a limit for the resource, unless the pod
 * sets a pod-level limit or a LimitRange of its namespace gives containers a default limit.
 */
export function checkLimits(index: ResourceIndex, ctx: RuleContext<{ missing: string }>, resource: "cpu" | "memory"): void {
  const defaults = containerDefaults(index);
  for (const r of index.all) {
    const pod = podSpecOf(r, ctx.workloadKinds);
    if (!pod || has(getIn(pod.spec.resources, ["limits", resource]))) continue;
    if (r.namespace !== undefined && defaults.get(r.namespace)?.limits.has(resource)) continue;
    for (const c of pod.containers) {
      if (c.kind === "ephemeralContainer" || has(getIn(c.value.resources, ["limits", resource]))) continue;
      ctx.report({ resource: r, path: [...c.path, "resources", "limits", resource], messageId: "missing", data: { name: c.name } });
    }
  }
}
