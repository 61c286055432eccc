import { CLUSTER, describeToken, grantPlace, powerOf, roleDisplay, subjectDisplay, type Place } from "./index.js";
import type { RbacModel } from "./model.js";

/**
 * What a ServiceAccount the repo binds can do, in words ("do anything in the cluster (cluster-admin)",
 * or its dangerous rights, three at most named), with up to five grants as places to point at.
 * Undefined when no binding in the repo gives it anything.
 */
export function describeRights(model: RbacModel, saKey: string): { rights: string | undefined; places: Place[] } | undefined {
  const grants = model.grantsOf(saKey);
  if (!grants.some((g) => g.via.binding.resource)) return undefined;
  const power = powerOf(grants);
  if (power.size === 0) return { rights: undefined, places: [] };
  const admin = power.has(`admin@${CLUSTER}`);
  const phrases = admin ? ["do anything in the cluster (cluster-admin)"] : [...power].sort().map(describeToken);
  const rights = phrases.length > 3 ? `${phrases.slice(0, 3).join(", ")} and ${phrases.length - 3} more` : phrases.join(", ");
  const places: Place[] = [];
  for (const g of grants) {
    if (powerOf([g]).size === 0) continue;
    const p = grantPlace(g, g.entry.verbs[0] ?? "*", `${roleDisplay(g.entry.role)} gives ${subjectDisplay(saKey)} this right through ${g.via.binding.kind} "${g.via.binding.name}"`);
    if (p && !places.some((q) => q.resource === p.resource && q.path.join("\u0000") === p.path.join("\u0000"))) places.push(p);
    if (places.length >= 5) break;
  }
  return { rights, places };
}
