import { defineRule } from "../../src/rule-api.js";
import { arr, getIn, isObj, str, stringMap, type Path } from "../../src/model/index.js";

/** Workload kinds whose `selector` is a plain label map rather than a LabelSelector. */
const MAP_SELECTOR = new Set(["|ReplicationController"]);

function show(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v) ?? String(v);
}

export default defineRule({
  meta: {
    id: "selector-template-mismatch",
    title: "A workload's selector must match its own pod template",
    description:
      "A controller manages the pods its selector matches. If the selector does not match the labels of its own pod template, the API server rejects the object (apps/v1), or — for kinds it does not validate — the controller never sees the pods it creates and keeps creating more. Selectors are immutable after creation, so the mistake is expensive to fix later. Each failing `matchLabels` entry or `matchExpressions` item is reported where it is written.",
    remediation: "Make the pod template carry every label the selector requires (or relax the selector). Keep the selector to a few stable labels such as `app.kubernetes.io/name` and `app.kubernetes.io/instance`.",
    category: "workload",
    level: "error",
    precision: "very-high",
    tags: ["selectors", "correctness"],
    presets: ["recommended"],
    messages: {
      labelDiffers: 'selector requires label {{key}}={{value}}, but the pod template has {{key}}={{actual}}',
      labelMissing: 'selector requires label {{key}}={{value}}, but the pod template has no label "{{key}}"',
      expression: "selector expression {{index}} ({{key}} {{operator}}{{values}}) does not match the pod template's labels",
      empty: "selector is empty; a workload's selector must name at least one label of its pod template",
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    const r = pod.resource;
    const p = pod.path;
    // Only controllers with a pod template: `…/template/spec`.
    if (p.length < 2 || p[p.length - 1] !== "spec" || p[p.length - 2] !== "template") return;
    const selectorPath: Path = [...p.slice(0, -2), "selector"];
    const selector = getIn(r.value, selectorPath);
    if (selector === undefined || selector === null || !isObj(selector)) return;
    const labels = stringMap(pod.metadata?.labels);
    const mapSelector = MAP_SELECTOR.has(`${r.group}|${r.kind}`) || (selector.matchLabels === undefined && selector.matchExpressions === undefined && Object.keys(selector).length > 0);
    const checkLabels = (map: Record<string, unknown>, base: Path) => {
      for (const [key, want] of Object.entries(map)) {
        const actual = labels[key];
        const value = show(want);
        if (actual === value) continue;
        if (actual === undefined) ctx.report({ path: [...base, key], messageId: "labelMissing", data: { key, value } });
        else ctx.report({ path: [...base, key], messageId: "labelDiffers", data: { key, value, actual } });
      }
    };
    if (mapSelector) {
      checkLabels(selector, selectorPath);
      return;
    }
    const matchLabels = isObj(selector.matchLabels) ? selector.matchLabels : {};
    const expressions = arr(selector.matchExpressions);
    if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
      ctx.report({ path: selectorPath, messageId: "empty" });
      return;
    }
    checkLabels(matchLabels, [...selectorPath, "matchLabels"]);
    expressions.forEach((e, index) => {
      if (!isObj(e)) return;
      const key = str(e.key);
      if (key === undefined) return;
      const values = arr(e.values).map(String);
      const has = Object.prototype.hasOwnProperty.call(labels, key);
      const value = labels[key];
      let ok: boolean;
      switch (e.operator) {
        case "In": ok = has && values.includes(value as string); break;
        case "NotIn": ok = !has || !values.includes(value as string); break;
        case "Exists": ok = has; break;
        case "DoesNotExist": ok = !has; break;
        default: return; // an unknown operator is a schema error, not this rule's
      }
      if (!ok) {
        ctx.report({
          path: [...selectorPath, "matchExpressions", index],
          messageId: "expression",
          data: { index, key, operator: String(e.operator), values: values.length > 0 ? ` [${values.join(", ")}]` : "" },
        });
      }
    });
  },
});
