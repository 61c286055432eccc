import { defineRule } from "../../src/rule-api.js";
import { arr, isObj, str } from "../../src/model/index.js";
import { isEncryptionConfiguration } from "../../src/analysis/control-plane/index.js";

const STRONG = new Set(["aescbc", "aesgcm", "secretbox", "kms"]);

/** True when a `resources[].resources` list covers core-group Secrets. */
function coversSecrets(list: unknown): boolean {
  return arr(list).some((r) => r === "secrets" || r === "*." || r === "*.*");
}

function providerName(p: unknown): string | undefined {
  return isObj(p) ? Object.keys(p)[0] : undefined;
}

export default defineRule({
  meta: {
    id: "encryption-config-weak",
    title: "EncryptionConfiguration should encrypt Secrets with a real provider first",
    description:
      "The API server writes with the first provider of the entry that covers a resource and reads with any of them. If that first provider is `identity`, new Secrets are stored in plain text even though encryption looks configured; if no `aescbc`, `aesgcm`, `secretbox` or `kms` provider is listed, or no entry covers `secrets` at all, nothing is encrypted. CIS Kubernetes Benchmark 1.2.28.",
    remediation:
      "List `secrets` (or `*.*`) under `resources`, with `kms` (v2, backed by a cloud or HSM key) or else `aesgcm`/`aescbc`/`secretbox` as the first provider and `identity` only last, while migrating. Keep the keys out of Git: a static key committed next to this file decrypts every Secret.",
    category: "control-plane",
    level: "error",
    securitySeverity: 7.5,
    precision: "very-high",
    tags: ["control-plane", "kube-apiserver", "encryption", "secrets", "cis-1.2.28"],
    presets: ["recommended"],
    messages: {
      identityFirst: "EncryptionConfiguration writes {{what}} with the identity provider first, so they are stored unencrypted",
      noStrongProvider: "EncryptionConfiguration lists no aescbc, aesgcm, secretbox or kms provider for {{what}}",
      secretsNotCovered: "EncryptionConfiguration has no entry for secrets, so Secrets are stored unencrypted",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    if (!isEncryptionConfiguration(resource)) return;
    // The first entry that names secrets decides how they are written.
    const entries = arr(resource.value.resources);
    const i = entries.findIndex((e) => isObj(e) && coversSecrets(e.resources));
    if (i < 0) {
      ctx.report({ path: ["resources"], messageId: "secretsNotCovered" });
      return;
    }
    const entry = entries[i] as Record<string, unknown>;
    const names = arr(entry.resources).map((r) => str(r)).filter((r): r is string => r !== undefined);
    const what = names.includes("secrets") ? "secrets" : `secrets (through "${names.find((n) => n.startsWith("*")) ?? "*.*"}")`;
    const providers = arr(entry.providers);
    const first = providerName(providers[0]);
    if (first === "identity") ctx.report({ path: ["resources", i, "providers", 0], messageId: "identityFirst", data: { what } });
    else if (!providers.some((p) => STRONG.has(providerName(p) ?? ""))) ctx.report({ path: ["resources", i, "providers"], messageId: "noStrongProvider", data: { what } });
  },
});
