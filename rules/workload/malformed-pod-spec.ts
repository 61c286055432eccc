import { defineRule } from "../../src/rule-api.js";
import { getIn, isObj, type Path } from "../../src/model/index.js";

const LISTS = ["containers", "initContainers", "ephemeralContainers", "volumes"];

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `a ${typeof v}`;
}

export default defineRule({
  meta: {
    id: "malformed-pod-spec",
    title: "Pod specs must have the shape the API server expects",
    description:
      "When a workload's pod template, container list or security context holds the wrong type (`containers: \"x\"`, `spec: null`, a string where a map belongs), the API server rejects the object and no security setting in it can be checked. A templating slip often causes it; it also hides every other finding for that workload.",
    remediation: "Give the field the type the Kubernetes API defines: a map for `spec` and `securityContext`, a list of maps for containers and volumes.",
    category: "workload",
    level: "error",
    precision: "very-high",
    tags: ["schema"],
    presets: ["recommended"],
    messages: {
      specType: "{{kind}} \"{{name}}\" has {{found}} where its pod spec belongs; nothing in it can be checked",
      listType: "{{field}} is {{found}}, not a list; the API server rejects it and its entries cannot be checked",
      itemType: "{{field}}[{{index}}] is {{found}}, not a map",
      contextType: "{{field}} is {{found}}, not a map; the API server rejects it and its settings cannot be checked",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    const specPath = ctx.workloadKinds.podSpecPath(resource);
    if (!specPath) return;
    const spec = getIn(resource.value, specPath);
    if (!isObj(spec)) {
      // A missing template is not a type error; a present one of the wrong type is.
      const parent = getIn(resource.value, specPath.slice(0, -1));
      if (spec === undefined && (!isObj(parent) || !(specPath[specPath.length - 1] as string in parent))) return;
      ctx.report({ path: specPath, messageId: "specType", data: { kind: resource.kind, name: resource.name ?? "(unnamed)", found: typeName(spec) } });
      return;
    }
    const check = (path: Path, value: unknown, field: string) => {
      if (value !== undefined && value !== null && !isObj(value)) ctx.report({ path, messageId: "contextType", data: { field, found: typeName(value) } });
    };
    check([...specPath, "securityContext"], spec.securityContext, "securityContext");
    for (const field of LISTS) {
      const list = spec[field];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) {
        ctx.report({ path: [...specPath, field], messageId: "listType", data: { field, found: typeName(list) } });
        continue;
      }
      list.forEach((item, index) => {
        if (!isObj(item)) {
          ctx.report({ path: [...specPath, field, index], messageId: "itemType", data: { field, index, found: typeName(item) } });
        } else if (field !== "volumes") {
          check([...specPath, field, index, "securityContext"], item.securityContext, `${field}[${index}].securityContext`);
        }
      });
    }
  },
});
