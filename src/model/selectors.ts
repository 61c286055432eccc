import { arr, isObj, str } from "./values.js";

/** Selector evaluations so far in this thread (a test reads it to catch work growing quadratically). */
let evaluations = 0;

/** How many times `selectorMatches` and `mapSelectorMatches` ran since the last reset. */
export function selectorEvaluations(): number {
  return evaluations;
}

export function resetSelectorEvaluations(): void {
  evaluations = 0;
}

/**
 * Matches a Kubernetes label selector (matchLabels and matchExpressions) against labels.
 * An empty selector matches everything; a malformed one matches nothing.
 */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  evaluations++;
  if (selector === undefined || selector === null) return true;
  if (!isObj(selector)) return false;
  const ml = selector.matchLabels;
  if (ml !== undefined && ml !== null) {
    if (!isObj(ml)) return false;
    for (const [k, v] of Object.entries(ml)) if (labels[k] !== String(v)) return false;
  }
  const me = selector.matchExpressions;
  if (me !== undefined && me !== null) {
    if (!Array.isArray(me)) return false;
    for (const e of me) {
      if (!isObj(e)) return false;
      const key = str(e.key);
      if (key === undefined) return false;
      const values = arr(e.values).map(String);
      const has = Object.prototype.hasOwnProperty.call(labels, key);
      switch (e.operator) {
        case "In": if (!has || !values.includes(labels[key] as string)) return false; break;
        case "NotIn": if (has && values.includes(labels[key] as string)) return false; break;
        case "Exists": if (!has) return false; break;
        case "DoesNotExist": if (has) return false; break;
        default: return false;
      }
    }
  }
  return true;
}

/** Matches a plain map selector (Service `spec.selector`); an empty map selects nothing. */
export function mapSelectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  evaluations++;
  if (!isObj(selector)) return false;
  const entries = Object.entries(selector);
  if (entries.length === 0) return false;
  return entries.every(([k, v]) => labels[k] === String(v));
}
