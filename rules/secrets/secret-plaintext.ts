import { defineRule } from "../../src/rule-api.js";
import { isGenerated, isObj } from "../../src/model/index.js";
import { isCoreSecret, isSopsEncrypted } from "../../src/analysis/secrets/index.js";

const SHOWN_KEYS = 5;

function keyList(keys: readonly string[]): string {
  const shown = keys.slice(0, SHOWN_KEYS).map((k) => `"${k}"`).join(", ");
  return keys.length > SHOWN_KEYS ? `${shown} and ${keys.length - SHOWN_KEYS} more` : shown;
}

/** Keys with a value that is committed as is (not empty, not SOPS ciphertext). */
function plainKeys(map: unknown): string[] {
  if (!isObj(map)) return [];
  return Object.entries(map)
    .filter(([, v]) => (typeof v === "string" ? v.trim() !== "" && !v.startsWith("ENC[") : v !== null && v !== undefined))
    .map(([k]) => k);
}

export default defineRule({
  meta: {
    id: "secret-plaintext",
    title: "Secrets should not be committed in plain text",
    description:
      "A `kind: Secret` with `data` or `stringData` in Git is readable by everyone who can clone the repository, forever: base64 is an encoding, not encryption, and removing the file later leaves the values in history, forks and CI caches. Helm output with placeholder values is flagged too — the next commit tends to fill them in. SOPS-encrypted files, SealedSecrets, ExternalSecrets and CSI SecretProviderClasses keep only ciphertext or references in Git and are not flagged. A Kustomize `secretGenerator` with literals produces such a Secret and is reported at the generator when the kustomization is rendered.",
    remediation:
      "Encrypt the file with SOPS (the Flux and Argo CD plugins decrypt at apply time), convert it to a SealedSecret, or keep the value in a secret store and sync it with External Secrets Operator or the Secrets Store CSI driver. Then rotate every value that was committed: it is in the history.",
    category: "secrets",
    level: "error",
    securitySeverity: 8.0,
    precision: "very-high",
    tags: ["secrets", "gitops"],
    presets: ["recommended"],
    messages: {
      plain: 'Secret "{{name}}" commits {{count}} value(s) in plain text under {{field}} ({{keys}}); encrypt it or reference an external secret store',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    if (!isCoreSecret(resource) || isSopsEncrypted(resource)) return;
    for (const field of ["data", "stringData"]) {
      // values a render generated (randAlphaNum, genCA, …) are not in the repository
      const keys = plainKeys(resource.value[field]).filter((k) => !isGenerated(resource, [field, k]));
      if (keys.length === 0) continue;
      // a rendered Secret is reported where the first committed value is written (a values file or a template)
      const path = resource.generatedPaths ? [field, keys[0] as string] : [field];
      ctx.report({ path, messageId: "plain", data: { name: resource.name ?? "(unnamed)", field, count: keys.length, keys: keyList(keys) } });
    }
  },
});
