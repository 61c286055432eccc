import type { Resource } from "./resource.js";
import type { ResourceIndex } from "./resource-index.js";

/**
 * Objects of a kind (in an API group, core by default) and name that a resource can refer to: same
 * namespace; for an unset namespace, only unset-namespace objects of the same scope (kustomization,
 * chart render or directory).
 */
export function findReferenced(index: ResourceIndex, kind: string, from: Resource, name: string, group = ""): Resource[] {
  return index.get(kind, from.namespace, name).filter((r) => r.group === group && (from.namespace !== undefined || r.scope === from.scope));
}
