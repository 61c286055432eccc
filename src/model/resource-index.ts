import type { Resource } from "./resource.js";
import { selectorMatches } from "./selectors.js";

/** Repo-wide lookups for cross-resource rules. Built once per run; lookups are by map, never pairwise scans. */
export class ResourceIndex {
  readonly all: readonly Resource[];
  private readonly byKind = new Map<string, Resource[]>();
  private readonly byName = new Map<string, Resource[]>();
  private readonly byNamespace = new Map<string, Resource[]>();
  private readonly byKindNamespace = new Map<string, Resource[]>();

  constructor(resources: readonly Resource[]) {
    this.all = resources;
    for (const r of resources) {
      push(this.byKind, r.kind, r);
      push(this.byName, `${r.kind}|${r.namespace ?? ""}|${r.name ?? ""}`, r);
      push(this.byNamespace, r.namespace ?? "", r);
      push(this.byKindNamespace, `${r.kind}|${r.namespace ?? ""}`, r);
    }
  }

  /** Every resource of a kind (any API group), in output order. */
  ofKind(kind: string): readonly Resource[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Resources of a kind with that namespace (undefined for cluster-scoped or unset) and name. */
  get(kind: string, namespace: string | undefined, name: string): readonly Resource[] {
    return this.byName.get(`${kind}|${namespace ?? ""}|${name}`) ?? [];
  }

  /** Resources in a namespace; `undefined` gives those whose namespace is unset. */
  inNamespace(namespace: string | undefined): readonly Resource[] {
    return this.byNamespace.get(namespace ?? "") ?? [];
  }

  /** Resources of a kind in a namespace (undefined: those whose namespace is unset). */
  ofKindIn(kind: string, namespace: string | undefined): readonly Resource[] {
    return this.byKindNamespace.get(`${kind}|${namespace ?? ""}`) ?? [];
  }

  /** Resources of a kind in a namespace whose labels a label selector matches. */
  matching(kind: string, namespace: string | undefined, selector: unknown): Resource[] {
    return this.ofKindIn(kind, namespace).filter((r) => selectorMatches(selector, r.labels));
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
