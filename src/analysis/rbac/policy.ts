/**
 * RBAC PolicyRule matching as the API server's RBAC authorizer does it
 * (k8s.io/kubernetes/pkg/apis/rbac/v1 evaluation helpers): `*` in verbs, apiGroups and resources,
 * a `*` resource with a subresource suffix, and resourceNames (an empty list means every name).
 */
import { arr, isObj } from "../../model/index.js";
import type { RoleDef } from "./model-types.js";

/** Stands for a list element that is not a string: it never matches. */
const NOT_A_STRING = "\u0000";

/** One entry of a role's `rules`, normalised; list positions are kept so findings can point at elements. */
export interface RuleEntry {
  readonly role: RoleDef;
  /** Index of the entry in the defining role's `rules`. */
  readonly index: number;
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

function strings(v: unknown): string[] {
  return arr(v).map((x) => (typeof x === "string" ? x : NOT_A_STRING));
}

export function ruleEntries(role: RoleDef, rules: unknown): RuleEntry[] {
  const out: RuleEntry[] = [];
  arr(rules).forEach((r, index) => {
    if (!isObj(r)) return;
    out.push({
      role, index,
      verbs: strings(r.verbs), apiGroups: strings(r.apiGroups), resources: strings(r.resources),
      resourceNames: strings(r.resourceNames), nonResourceURLs: strings(r.nonResourceURLs),
    });
  });
  return out;
}

/** A request for a resource: `resource` is the plural, `subresource` empty for the object itself. */
export interface ResourceRequest {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** The object's name; undefined asks "for every name" (a resourceNames-limited rule does not cover it). */
  name?: string;
}

export function verbMatches(entry: RuleEntry, verb: string): boolean {
  return entry.verbs.includes("*") || entry.verbs.includes(verb);
}

export function groupMatches(entry: RuleEntry, group: string): boolean {
  return entry.apiGroups.includes("*") || entry.apiGroups.includes(group);
}

/** Index of the `resources` element that covers the request, or -1. */
export function resourceIndex(entry: RuleEntry, resource: string, subresource = ""): number {
  const combined = subresource === "" ? resource : `${resource}/${subresource}`;
  return entry.resources.findIndex((r) => r === "*" || r === combined || (subresource !== "" && r === `*/${subresource}`));
}

/** Whether the entry allows the request, names included. */
export function entryAllows(entry: RuleEntry, req: ResourceRequest): boolean {
  if (entry.nonResourceURLs.length > 0 && entry.resources.length === 0) return false;
  if (!verbMatches(entry, req.verb) || !groupMatches(entry, req.group)) return false;
  if (resourceIndex(entry, req.resource, req.subresource) < 0) return false;
  if (entry.resourceNames.length === 0) return true;
  return req.name !== undefined && entry.resourceNames.includes(req.name);
}

/** Whether the entry allows the request for some names (the names it is limited to, or all: `undefined`). */
export function entryAllowsNames(entry: RuleEntry, req: Omit<ResourceRequest, "name">): readonly string[] | undefined | false {
  if (!entryAllows(entry, { ...req, name: entry.resourceNames[0] })) return false;
  return entry.resourceNames.length === 0 ? undefined : entry.resourceNames.filter((n) => n !== NOT_A_STRING);
}

/** Index of the verbs element that grants `verb` (the verb itself, else `*`), or -1. */
export function verbIndex(entry: RuleEntry, verb: string): number {
  const exact = entry.verbs.indexOf(verb);
  return exact >= 0 ? exact : entry.verbs.indexOf("*");
}

/** `*` in verbs, apiGroups and resources, unlimited by names: everything the scope allows. */
export function isFullWildcard(entry: RuleEntry): boolean {
  return entry.verbs.includes("*") && entry.apiGroups.includes("*") && entry.resources.includes("*") && entry.resourceNames.length === 0;
}
