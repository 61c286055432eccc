/**
 * What a namespace's LimitRanges fill in for containers that leave resources unset. The LimitRanger
 * admission plugin gives such containers the LimitRange's defaults; the API server first completes
 * each `type: Container` item: a missing `default` (limit) takes `max`, a missing `defaultRequest`
 * takes `default`, else `min`.
 */
import type { ResourceIndex } from "./resource-index.js";
import type { Resource } from "./resource.js";
import { arr, isObj, obj, str } from "./values.js";

export interface NamespaceDefaults {
  /** Resource name (`cpu`, `memory`, …) → the LimitRange that gives containers a default limit. */
  limits: Map<string, Resource>;
  /** Resource name → the LimitRange that gives containers a default request. */
  requests: Map<string, Resource>;
}

/** Container defaults by namespace, from the repo's LimitRanges (those without a namespace count nowhere). */
export function containerDefaults(index: ResourceIndex): Map<string, NamespaceDefaults> {
  const out = new Map<string, NamespaceDefaults>();
  for (const lr of index.ofKind("LimitRange")) {
    if (lr.group !== "" || lr.namespace === undefined) continue;
    let d = out.get(lr.namespace);
    if (!d) out.set(lr.namespace, (d = { limits: new Map(), requests: new Map() }));
    for (const item of arr(obj(lr.value.spec)?.limits)) {
      if (!isObj(item) || str(item.type) !== "Container") continue;
      const keys = (field: string) => Object.keys(obj(item[field]) ?? {});
      for (const k of [...keys("default"), ...keys("max")]) if (!d.limits.has(k)) d.limits.set(k, lr);
      for (const k of [...keys("defaultRequest"), ...keys("default"), ...keys("max"), ...keys("min")]) if (!d.requests.has(k)) d.requests.set(k, lr);
    }
  }
  return out;
}
