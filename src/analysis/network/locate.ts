/** Where namespace-level findings go (architecture doc, Locations). */
import { getIn, type Path, type Resource } from "../../model/index.js";
import { groupLabel, type NamespaceGroup } from "./model.js";

export interface NamespaceTarget {
  readonly resource: Resource;
  readonly path: Path;
  /** The namespace's other workloads, when the finding sits on the first one. */
  readonly related: { resource: Resource; path: Path; message: string }[];
}

/** A workload's namespace field, or its name when the namespace comes from elsewhere (a kustomization). */
export function namespaceFieldOf(r: Resource): Path {
  return getIn(r.value, ["metadata", "namespace"]) !== undefined ? ["metadata", "namespace"] : ["metadata", "name"];
}

/**
 * On the Namespace object's `metadata.name` when the repo has it; otherwise on the first workload's
 * `metadata.namespace` (or `metadata.name`) in output order, with the others as related locations.
 */
export function namespaceTarget(g: NamespaceGroup): NamespaceTarget | undefined {
  if (g.namespaceObject) return { resource: g.namespaceObject, path: ["metadata", "name"], related: [] };
  const [first, ...rest] = g.workloads;
  if (!first) return undefined;
  return {
    resource: first.resource,
    path: namespaceFieldOf(first.resource),
    related: rest.map((w) => ({ resource: w.resource, path: namespaceFieldOf(w.resource), message: `${w.resource.kind} "${w.resource.name ?? ""}" is also in ${groupLabel(g)}` })),
  };
}
