import { defineRule } from "../../src/rule-api.js";
import { getIn, obj, str } from "../../src/model/index.js";
import { webhooksOf } from "../../src/analysis/control-plane/index.js";

/** Annotations of controllers that fill in `caBundle` after the object is applied. */
const CA_INJECTORS = ["cert-manager.io/inject-ca-from", "cert-manager.io/inject-ca-from-secret", "cert-manager.io/inject-apiserver-ca", "service.beta.openshift.io/inject-cabundle"];

export default defineRule({
  meta: {
    id: "webhook-plaintext",
    title: "Admission webhooks should be called over verified TLS",
    description:
      "The API server sends every admitted object — Secrets included, for webhooks that match them — to the webhook, and a mutating webhook's answer changes what gets stored. Over `http://` both travel in clear text and can be altered on the way. Without a `caBundle`, the API server checks the webhook's certificate against its host's system roots, which a service certificate from a cluster CA will not pass, or which any public CA can satisfy for an external URL.",
    remediation:
      "Use an `https://` URL or a `service` reference, and set `caBundle` to the CA that signs the webhook's certificate — or let cert-manager's CA injector fill it in (`cert-manager.io/inject-ca-from`).",
    category: "control-plane",
    level: "error",
    securitySeverity: 7.5,
    precision: "high",
    tags: ["control-plane", "admission", "webhooks", "tls"],
    presets: ["recommended"],
    messages: {
      http: '{{kind}} webhook "{{name}}" is called over plain HTTP ({{url}})',
      noCaBundle: '{{kind}} webhook "{{name}}" has no clientConfig.caBundle, so its certificate is checked only against the API server host\'s system roots',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    const injected = CA_INJECTORS.some((a) => resource.annotations[a] !== undefined);
    for (const { webhook: w, index: i, name, kind } of webhooksOf(resource)) {
      const client = obj(w.clientConfig);
      if (!client) continue;
      const url = str(client.url);
      if (url !== undefined && /^http:\/\//i.test(url.trim())) {
        // Print scheme, host and port only: a URL may carry credentials.
        const shown = /^http:\/\/(?:[^@/]*@)?([^/?#]*)/i.exec(url.trim())?.[1] ?? "";
        ctx.report({ path: ["webhooks", i, "clientConfig", "url"], messageId: "http", data: { kind, name, url: `http://${shown}` } });
        continue;
      }
      const ca = getIn(client, ["caBundle"]);
      if (!injected && (ca === undefined || ca === "")) {
        ctx.report({ path: ["webhooks", i, "clientConfig", "caBundle"], messageId: "noCaBundle", data: { kind, name }, level: "note" });
      }
    }
  },
});
