import { defineRule } from "../../src/rule-api.js";
import { arr, getIn, obj } from "../../src/model/index.js";
import { isIngress } from "../../src/analysis/network/index.js";

const KEYS = ["nginx.ingress.kubernetes.io/ssl-redirect", "nginx.ingress.kubernetes.io/force-ssl-redirect"];

export default defineRule({
  meta: {
    id: "ingress-ssl-redirect-disabled",
    title: "TLS Ingresses should redirect HTTP to HTTPS",
    description:
      "ingress-nginx redirects plain HTTP to HTTPS for hosts with TLS. Setting `ssl-redirect` or `force-ssl-redirect` to false keeps the plain-HTTP site alive next to the TLS one: first requests, bookmarks and downgraded links then travel in clear text, where cookies and tokens can be read or altered.",
    remediation: "Remove the annotation (the redirect is on by default for TLS hosts) or set it to \"true\"; use HSTS to make browsers stay on HTTPS.",
    category: "network",
    level: "warning",
    securitySeverity: 5.0,
    precision: "very-high",
    tags: ["network", "security", "tls", "ingress", "ingress-nginx"],
    presets: ["recommended"],
    messages: {
      disabled: "Ingress \"{{name}}\" serves TLS but sets {{annotation}} to false, so its hosts stay reachable over plain HTTP",
    },
    since: "0.1.0",
  },
  appliesTo: { kinds: ["Ingress"] },
  check(ing, ctx) {
    if (!isIngress(ing) || arr(getIn(ing.value, ["spec", "tls"])).length === 0) return;
    const annotations = obj(getIn(ing.value, ["metadata", "annotations"])) ?? {};
    for (const key of KEYS) {
      const v = annotations[key];
      if (v === false || (typeof v === "string" && v.trim().toLowerCase() === "false")) {
        ctx.report({ path: ["metadata", "annotations", key], messageId: "disabled", data: { name: ing.name ?? "(unnamed)", annotation: key } });
      }
    }
  },
});
