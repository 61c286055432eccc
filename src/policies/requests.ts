/**
 * What an admission request for a manifest would look like: the `request` variable of CEL
 * expressions, and the resource (plural) name that VAP rules match on.
 */
import type { Resource } from "../model/resource.js";

const IRREGULAR: Record<string, string> = { endpoints: "endpoints", podsecuritypolicy: "podsecuritypolicies" };

/** The plural resource name the API server uses for a kind (guessed as kubectl does, unless a CRD in the repo names it). */
export function resourceNameOf(kind: string, crdPlurals?: ReadonlyMap<string, string>): string {
  const fromCrd = crdPlurals?.get(kind);
  if (fromCrd) return fromCrd;
  const k = kind.toLowerCase();
  if (IRREGULAR[k]) return IRREGULAR[k] as string;
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

export function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

/** The admission `request` for creating this object, as a plain value. */
export function admissionRequest(r: Resource, resource: string): Record<string, unknown> {
  const gvk = { group: r.group, version: versionOf(r.apiVersion), kind: r.kind };
  const gvr = { group: r.group, version: gvk.version, resource };
  return {
    uid: "",
    kind: gvk,
    resource: gvr,
    requestKind: gvk,
    requestResource: gvr,
    subResource: "",
    name: r.name ?? "",
    namespace: r.namespace ?? "",
    operation: "CREATE",
    userInfo: { username: "", groups: [] },
    dryRun: false,
    options: {},
  };
}
