import { defineRule } from "../../src/rule-api.js";
import { arr, isGenerated, isObj, redact, str } from "../../src/model/index.js";
import { credentialIn } from "../../src/analysis/secrets/index.js";

export default defineRule({
  meta: {
    id: "secret-literal-in-env",
    title: "Credentials should not be set as literal environment variables",
    description:
      "An env var whose name says password, token, secret, key or credential — or whose value has the shape of a known credential — set with a literal `value` puts the credential in the manifest, in Git, and in the pod spec that everyone with `get pods` can read. References to templates, `$(VAR)` expansions, SOPS ciphertext and obvious non-secrets (booleans, numbers, paths, plain URLs) are not flagged.",
    remediation: "Store the value in a Secret (created from an encrypted source) and reference it with `valueFrom.secretKeyRef`, or better, mount the Secret as a file.",
    category: "secrets",
    level: "error",
    securitySeverity: 7.5,
    precision: "high",
    tags: ["secrets", "cis-5.4.1"],
    presets: ["recommended"],
    messages: {
      literal: 'container "{{container}}" sets env var "{{env}}" to {{what}} ({{hint}}); reference a Secret instead',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    for (const c of pod.containers) {
      arr(c.value.env).forEach((e, i) => {
        if (!isObj(e)) return;
        const name = str(e.name);
        const value = str(e.value);
        if (name === undefined || value === undefined || isGenerated(pod.resource, [...c.path, "env", i, "value"])) return;
        const hit = credentialIn(name, value, "literal");
        if (hit) ctx.report({ path: [...c.path, "env", i], messageId: "literal", data: { container: c.name, env: name, what: hit.label, hint: redact(hit.text) } });
      });
    }
  },
});
