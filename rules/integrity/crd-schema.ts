import { defineRule, type RuleContext } from "../../src/rule-api.js";
import { redact, type Resource } from "../../src/model/index.js";
import { checkCustomResource, crdInfo, fieldLabel, isBuiltInGroup, type CrdInfo } from "../../src/analysis/schema/index.js";

function shown(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object" && v !== null) return "a map";
  return typeof v === "string" ? JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v) : String(v);
}

const MESSAGES = {
  unknown: '{{kind}} has no field "{{field}}" in the schema of {{crd}}',
  unknownSuggest: '{{kind}} has no field "{{field}}" in the schema of {{crd}}; did you mean {{suggestion}}?',
  type: '{{kind}} field "{{field}}" must be {{expected}} per {{crd}}, not {{found}}',
  required: '{{kind}} {{where}}is missing the field "{{field}}" that {{crd}} requires',
  enum: '{{kind}} field "{{field}}" is {{found}}; {{crd}} allows only {{allowed}}',
  pattern: '{{kind}} field "{{field}}" is {{found}}, which does not match the pattern {{pattern}} of {{crd}}',
  bound: '{{kind}} field "{{field}}" is {{found}}; {{crd}} requires {{bound}}',
  unknownVersion: "{{crd}} defines no version {{version}} of {{kind}}; it has {{known}}",
} as const;

export default defineRule({
  meta: {
    id: "crd-schema",
    title: "Custom resources must match the schema of their CustomResourceDefinition",
    description:
      "When a repo ships a CustomResourceDefinition, the API server validates every custom resource of that kind against its `openAPIV3Schema`: unknown fields are pruned or rejected, and wrong types, missing required fields, values outside an enum or pattern, and out-of-range numbers are rejected. Checking the custom resources against the CRD in the same repo catches these before a sync fails. Custom resources whose CRD is not in the repo are listed once in the run's notifications.",
    remediation: "Fix the field the message names to match the CRD schema (its type, allowed values or bounds), or update the CRD if the schema is what is out of date.",
    category: "integrity",
    level: "error",
    precision: "high",
    tags: ["schema", "crd"],
    presets: ["recommended"],
    messages: MESSAGES,
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const crds = new Map<string, CrdInfo>();
    for (const r of index.ofKind("CustomResourceDefinition")) {
      if (r.group !== "apiextensions.k8s.io") continue;
      const info = crdInfo(r);
      if (info && !crds.has(`${info.group}|${info.kind}`)) crds.set(`${info.group}|${info.kind}`, info);
    }
    const missing = new Map<string, number>();
    for (const r of index.all) {
      if (r.group === "" || isBuiltInGroup(r.group)) continue;
      const info = crds.get(`${r.group}|${r.kind}`);
      if (!info) {
        const key = `${r.kind} (${r.apiVersion})`;
        missing.set(key, (missing.get(key) ?? 0) + 1);
        continue;
      }
      checkOne(r, info, ctx);
    }
    if (missing.size > 0) {
      const list = [...missing].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k, n]) => (n > 1 ? `${k} ×${n}` : k));
      ctx.note("crd-schema-missing", `custom resources whose CustomResourceDefinition is not in the linted files were not schema-checked: ${list.join(", ")}`);
    }
  },
});

type Ctx = RuleContext<typeof MESSAGES>;

function checkOne(r: Resource, info: CrdInfo, ctx: Ctx): void {
  const version = r.apiVersion.slice(r.apiVersion.indexOf("/") + 1);
  const crd = `CustomResourceDefinition "${info.resource.name ?? `${info.group}/${info.kind}`}"`;
  if (!info.versions.has(version)) {
    ctx.report({ resource: r, path: ["apiVersion"], messageId: "unknownVersion", data: { crd, version, kind: r.kind, known: [...info.versions.keys()].join(", ") || "none" } });
    return;
  }
  const schema = info.versions.get(version);
  if (!schema) return;
  const secret = (path: readonly (string | number)[]) => path.includes("annotations");
  for (const issue of checkCustomResource(r.value, schema)) {
    const field = fieldLabel(issue.path);
    const found = (v: unknown) => (secret(issue.path) && typeof v === "string" ? redact(v) : shown(v));
    const base = { kind: r.kind, crd, field };
    switch (issue.kind) {
      case "unknown":
        if (issue.suggestions.length > 0) ctx.report({ resource: r, path: issue.path, messageId: "unknownSuggest", data: { ...base, field: issue.field, suggestion: issue.suggestions.map((s) => `"${s}"`).join(" or ") } });
        else ctx.report({ resource: r, path: issue.path, messageId: "unknown", data: { ...base, field: issue.field } });
        break;
      case "type":
        ctx.report({ resource: r, path: issue.path, messageId: "type", data: { ...base, expected: article(issue.expected), found: found(issue.found) } });
        break;
      case "required": {
        const parent = issue.path.slice(0, -1);
        ctx.report({ resource: r, path: issue.path, messageId: "required", data: { ...base, field: issue.field, where: parent.length > 0 ? `at ${fieldLabel(parent)} ` : "" } });
        break;
      }
      case "enum":
        ctx.report({ resource: r, path: issue.path, messageId: "enum", data: { ...base, found: found(issue.found), allowed: issue.allowed.map(shown).join(", ") } });
        break;
      case "pattern":
        ctx.report({ resource: r, path: issue.path, messageId: "pattern", data: { ...base, found: found(issue.found), pattern: JSON.stringify(issue.pattern) } });
        break;
      case "bound":
        ctx.report({ resource: r, path: issue.path, messageId: "bound", data: { ...base, found: found(issue.found), bound: issue.bound } });
        break;
    }
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
