import { defineRule } from "../../src/rule-api.js";
import { arr, atLeast, isObj, str } from "../../src/model/index.js";
import { webhooksOf } from "../../src/analysis/control-plane/index.js";

interface KeyConstraint {
  allowed?: Set<string>;
  excluded: Set<string>;
  exists: boolean;
  absent: boolean;
}

const NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * Why a label selector can match no object at all, or undefined when it can match something:
 * contradictory requirements on one key, `In` with no values, or (for namespaces, 1.21+) requiring
 * the absence of the name label every namespace carries.
 */
function matchesNothing(selector: unknown, namespaces: boolean, version: string): string | undefined {
  if (!isObj(selector)) return undefined;
  const keys = new Map<string, KeyConstraint>();
  const of = (k: string): KeyConstraint => {
    let c = keys.get(k);
    if (!c) keys.set(k, (c = { excluded: new Set(), exists: false, absent: false }));
    return c;
  };
  const allow = (c: KeyConstraint, values: string[]) => {
    c.allowed = c.allowed ? new Set(values.filter((v) => c.allowed?.has(v))) : new Set(values);
    c.exists = true;
  };
  if (isObj(selector.matchLabels)) for (const [k, v] of Object.entries(selector.matchLabels)) allow(of(k), [String(v)]);
  for (const e of arr(selector.matchExpressions)) {
    if (!isObj(e)) continue;
    const key = str(e.key);
    if (key === undefined) continue;
    const values = arr(e.values).map((v) => String(v));
    const c = of(key);
    switch (str(e.operator)) {
      case "In":
        allow(c, values);
        break;
      case "NotIn":
        for (const v of values) c.excluded.add(v);
        break;
      case "Exists":
        c.exists = true;
        break;
      case "DoesNotExist":
        c.absent = true;
        break;
    }
  }
  for (const [key, c] of keys) {
    if (c.absent && c.exists) return `it requires label "${key}" both to exist and not to exist`;
    if (c.allowed && [...c.allowed].every((v) => c.excluded.has(v))) return `no value of label "${key}" satisfies it`;
    if (namespaces && key === NAME_LABEL && c.absent && atLeast(version, 21)) return `every namespace carries the "${NAME_LABEL}" label`;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: "webhook-exempts-all",
    title: "Admission webhook selectors should not exempt every object",
    description:
      "A webhook's `namespaceSelector` and `objectSelector` decide which requests it sees. A selector that no object can satisfy — contradictory requirements on one label, `In` with no values, or `DoesNotExist` on `kubernetes.io/metadata.name`, which every namespace has carried since 1.21 — turns the webhook off while it still looks deployed, so the policy it enforces silently stops applying.",
    remediation:
      "Rewrite the selector to exclude only what must be exempt, for example `namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, my-webhook]}]}`.",
    category: "control-plane",
    level: "warning",
    securitySeverity: 6.0,
    precision: "very-high",
    tags: ["control-plane", "admission", "webhooks"],
    presets: ["recommended"],
    messages: {
      nothing: '{{kind}} webhook "{{name}}": its {{selector}} matches nothing ({{why}}), so the webhook never runs',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const { webhook: w, index: i, name, kind } of webhooksOf(resource)) {
      for (const selector of ["namespaceSelector", "objectSelector"]) {
        const why = matchesNothing(w[selector], selector === "namespaceSelector", ctx.kubeVersion);
        if (why) ctx.report({ path: ["webhooks", i, selector], messageId: "nothing", data: { kind, name, selector, why } });
      }
    }
  },
});
