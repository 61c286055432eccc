/** Message and location helpers the RBAC rules share (not a rule). */
import { bindingPlace, scopeDisplay, subjectDisplay, type Place, type SubjectEntry } from "../../src/analysis/rbac/index.js";
import type { RelatedInput } from "../../src/rule-api.js";

/** Related locations are capped so one role bound to hundreds of subjects stays readable. */
export const MAX_RELATED = 10;

/** `ServiceAccount ci/deployer (cluster-wide), Group dev (in namespace shop) and 2 more`. */
export function subjectsPhrase(receivers: readonly SubjectEntry[], max = 3): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const s of receivers) {
    const text = `${subjectDisplay(s.key)} (${scopeDisplay(s.binding.scope)})`;
    if (seen.has(text)) continue;
    seen.add(text);
    parts.push(text);
  }
  if (parts.length <= max) return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  return `${parts.slice(0, max).join(", ")} and ${parts.length - max} more`;
}

export function receiverPlaces(receivers: readonly SubjectEntry[]): RelatedInput[] {
  const out: RelatedInput[] = [];
  for (const s of receivers) {
    const binding = s.binding;
    const p = bindingPlace(s, `${binding.kind} "${binding.name}" gives it to ${subjectDisplay(s.key)} ${scopeDisplay(binding.scope)}`);
    if (p) out.push(p);
    if (out.length >= MAX_RELATED) break;
  }
  return out;
}

/** Related places without repeats (same resource and path), capped. */
export function uniquePlaces(places: readonly (Place | undefined)[], max = MAX_RELATED): RelatedInput[] {
  const seen = new Set<string>();
  const out: RelatedInput[] = [];
  for (const p of places) {
    if (!p) continue;
    const k = `${p.resource.id}|${p.path.join("\u0000")}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(p);
    if (out.length >= max) break;
  }
  return out;
}
