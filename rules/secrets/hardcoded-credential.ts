import { defineRule } from "../../src/rule-api.js";
import { formatPath, isGenerated, podSpecOf, redact, type Path } from "../../src/model/index.js";
import { credentialIn, isCoreConfigMap, isCoreSecret, walkStrings } from "../../src/analysis/secrets/index.js";

const CONTAINER_LISTS = new Set(["containers", "initContainers", "ephemeralContainers"]);

/** `…containers[i].env[j].value` of a workload: secret-literal-in-env reports those. */
function isContainerEnvValue(path: Path, podPath: Path): boolean {
  const n = podPath.length;
  if (path.length !== n + 5) return false;
  for (let i = 0; i < n; i++) if (path[i] !== podPath[i]) return false;
  return CONTAINER_LISTS.has(String(path[n])) && path[n + 2] === "env" && path[n + 4] === "value";
}

export default defineRule({
  meta: {
    id: "hardcoded-credential",
    title: "Manifests should not contain hard-coded credentials",
    description:
      "Any string of any manifest — annotations, container arguments, CRD specs, Helm values inside a HelmRelease or Application — may carry a credential: cloud access keys, GitHub, GitLab, Slack, Stripe, Google, npm or SendGrid tokens, private key blocks, JSON Web Tokens, URLs with `user:password@`, or a random-looking value under a key named like a password, token or secret key. Once committed it is in the repository's history for good. Secret and ConfigMap data and container env values are left to `secret-plaintext`, `secret-in-configmap` and `secret-literal-in-env`; SOPS metadata and SealedSecrets hold ciphertext and are skipped.",
    remediation:
      "Remove the value, rotate it (it is in the Git history), and reference it instead: a Secret synced from a secret store, an `existingSecret` value in the chart, or `valuesFrom` a Secret in a HelmRelease.",
    category: "secrets",
    level: "error",
    securitySeverity: 8.5,
    precision: "high",
    tags: ["secrets", "supply-chain"],
    presets: ["recommended"],
    messages: {
      found: "{{kind}} \"{{name}}\" holds {{what}} ({{hint}}) at {{field}}; remove it and rotate the credential",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    if (resource.kind === "SealedSecret") return;
    const secret = isCoreSecret(resource);
    const configMap = isCoreConfigMap(resource);
    const pod = podSpecOf(resource, ctx.workloadKinds);
    const skip = (p: Path): boolean => {
      if (p.length === 1 && (p[0] === "sops" || (secret && (p[0] === "data" || p[0] === "stringData")) || (configMap && (p[0] === "data" || p[0] === "binaryData")))) return true;
      if (p.length === 2 && p[0] === "metadata" && p[1] === "managedFields") return true;
      return pod !== undefined && isContainerEnvValue(p, pod.path);
    };
    walkStrings(resource.value, (v) => {
      const hit = credentialIn(v.name, v.value, "entropy");
      if (!hit || isGenerated(resource, v.path)) return;
      const path = [...v.path];
      ctx.report({
        path,
        messageId: "found",
        data: { kind: resource.kind, name: resource.name ?? "(unnamed)", what: hit.label, hint: redact(hit.text), field: formatPath(path) },
      });
    }, skip);
  },
});
