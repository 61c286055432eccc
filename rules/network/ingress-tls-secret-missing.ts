import { defineRule } from "../../src/rule-api.js";
import { arr, getIn, str } from "../../src/model/index.js";
import { groupLabel, isIngress, networkModel } from "../../src/analysis/network/index.js";

/** ingress-shim annotations: cert-manager creates the tls secrets of an Ingress that carries one. */
const SHIM_ANNOTATIONS = ["cert-manager.io/issuer", "cert-manager.io/cluster-issuer", "kubernetes.io/tls-acme"];

export default defineRule({
  meta: {
    id: "ingress-tls-secret-missing",
    title: "An Ingress TLS secret should exist or be issued",
    description:
      "When the Secret named in `spec.tls[].secretName` does not exist, the controller serves its default, self-signed certificate (or drops the host), and clients either fail or learn to click through certificate warnings. The rule accepts a Secret, SealedSecret or ExternalSecret target of that name in the namespace, a cert-manager Certificate whose secretName it is, and the ingress-shim annotations that make cert-manager issue it.",
    remediation:
      "Add the Secret (sealed or external), a cert-manager Certificate with that `secretName`, or the `cert-manager.io/cluster-issuer` (or `issuer`) annotation on the Ingress; or fix the secretName.",
    category: "network",
    level: "warning",
    securitySeverity: 4.0,
    precision: "medium",
    tags: ["network", "tls", "ingress", "dangling-reference"],
    presets: ["recommended"],
    messages: {
      missing: "Ingress \"{{name}}\" uses tls secret \"{{secret}}\", which is neither in {{namespace}} in the repository nor issued by a cert-manager Certificate or ingress-shim annotation",
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = networkModel(index, ctx.workloadKinds);
    for (const g of model.groups.values()) {
      for (const ing of g.ingresses) {
        if (!isIngress(ing) || SHIM_ANNOTATIONS.some((a) => ing.annotations[a] !== undefined)) continue;
        arr(getIn(ing.value, ["spec", "tls"])).forEach((t, i) => {
          const secret = str(getIn(t, ["secretName"]));
          if (secret === undefined || secret === "" || g.secretNames.has(secret)) return;
          ctx.report({
            resource: ing, path: ["spec", "tls", i, "secretName"], messageId: "missing",
            data: { name: ing.name ?? "(unnamed)", secret, namespace: groupLabel(g) },
          });
        });
      }
    }
  },
});
