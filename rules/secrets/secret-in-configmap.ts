import { defineRule } from "../../src/rule-api.js";
import { isGenerated, isObj, redact } from "../../src/model/index.js";
import { credentialIn, isCoreConfigMap } from "../../src/analysis/secrets/index.js";

export default defineRule({
  meta: {
    id: "secret-in-configmap",
    title: "ConfigMaps should not hold credentials",
    description:
      "ConfigMaps are meant to be read widely: RBAC roles, debugging tools and operators grant `get configmaps` far more freely than `get secrets`, and they are never encrypted at rest. A key named like a password or token with a literal value, a config file inside a ConfigMap that sets one, or any value with the shape of a known credential (cloud keys, tokens, private keys) is a secret stored in the wrong place.",
    remediation: "Move the value to a Secret (from an encrypted source) and mount or reference it; keep only non-secret settings in the ConfigMap, with the file pointing at the mounted secret path.",
    category: "secrets",
    level: "error",
    securitySeverity: 7.5,
    precision: "high",
    tags: ["secrets"],
    presets: ["recommended"],
    messages: {
      credential: 'ConfigMap "{{name}}" key "{{key}}" holds {{what}} ({{hint}}); move it to a Secret',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    if (!isCoreConfigMap(resource) || !isObj(resource.value.data)) return;
    for (const [key, value] of Object.entries(resource.value.data)) {
      if (typeof value !== "string" || isGenerated(resource, ["data", key])) continue;
      const hit = credentialIn(key, value, "literal");
      if (hit) ctx.report({ path: ["data", key], messageId: "credential", data: { name: resource.name ?? "(unnamed)", key, what: hit.label, hint: redact(hit.text) } });
    }
  },
});
