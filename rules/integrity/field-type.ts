import { defineRule } from "../../src/rule-api.js";
import { formatPath, redact, type Path } from "../../src/model/index.js";
import { checkBuiltIn, describeSpec, describeValue, displayType, fallbackNote, fieldLabel, schemaData } from "../../src/analysis/schema/index.js";

/** Keys whose values may hold secrets: values under them are redacted in messages. */
const SECRET_PARENTS = new Set(["env", "data", "stringData", "binaryData", "annotations", "args", "command", "value"]);

/** Paths `malformed-pod-spec` already reports for workloads: the pod spec, its lists and their items, security contexts. */
function ownedByMalformedPodSpec(specPath: Path | undefined, path: Path): boolean {
  if (!specPath) return false;
  if (path.length < specPath.length || specPath.some((seg, i) => path[i] !== seg)) return false;
  const rest = path.slice(specPath.length);
  if (rest.length === 0) return true;
  if (rest.length === 1 && rest[0] === "securityContext") return true;
  const [list, index, field] = rest;
  if (typeof list !== "string" || !["containers", "initContainers", "ephemeralContainers", "volumes"].includes(list)) return false;
  if (rest.length === 1) return true;
  if (rest.length === 2 && typeof index === "number") return true;
  return rest.length === 3 && field === "securityContext" && list !== "volumes";
}

export default defineRule({
  meta: {
    id: "field-type",
    title: "Field values must have the type the Kubernetes API defines",
    description:
      "A string where an integer or a boolean belongs (`runAsUser: \"1000\"`, `privileged: \"true\"`), or a map where a list belongs, makes the API server reject the whole object; some tools coerce or drop such values instead, so what runs is not what the manifest says. Int-or-string fields (ports, `maxUnavailable`) and quantities accept both forms.",
    remediation: "Write the value with the type the message names: unquote numbers and booleans meant as such, quote strings, and use a list (`- item`) where a list belongs.",
    category: "integrity",
    level: "error",
    precision: "very-high",
    tags: ["schema"],
    presets: ["recommended"],
    messages: {
      wrongType: '{{type}} field "{{field}}" must be {{expected}}, not {{found}}',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    const note = fallbackNote(ctx.kubeVersion, schemaData().minors);
    if (note) ctx.note("schema-version-fallback", note);
    const result = checkBuiltIn(resource.value, resource.apiVersion, resource.kind, ctx.kubeVersion);
    if (!result) return;
    const specPath = ctx.workloadKinds.podSpecPath(resource);
    for (const issue of result.issues) {
      if (issue.kind !== "type" || !issue.expected) continue;
      if (ownedByMalformedPodSpec(specPath, issue.path)) continue;
      const secret = issue.path.some((seg) => typeof seg === "string" && SECRET_PARENTS.has(seg));
      const quote = (s: string) => (secret ? redact(s) : typeof issue.found !== "string" ? s : JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s));
      ctx.report({
        path: issue.path,
        messageId: "wrongType",
        data: { type: displayType(issue.parentType), field: (issue.entry ? formatPath(issue.path.slice(-2)) : fieldLabel(issue.path)) || formatPath(issue.path), expected: describeSpec(issue.expected), found: describeValue(issue.found, quote) },
      });
    }
  },
});
