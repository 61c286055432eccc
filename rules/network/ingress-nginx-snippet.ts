import { defineRule } from "../../src/rule-api.js";
import { getIn, obj } from "../../src/model/index.js";
import { isIngress } from "../../src/analysis/network/index.js";

/** ingress-nginx `*-snippet` annotations and the NGINX Inc. controller's `*-snippets`. */
function isSnippetAnnotation(key: string): boolean {
  return (key.startsWith("nginx.ingress.kubernetes.io/") && key.endsWith("-snippet")) || (key.startsWith("nginx.org/") && key.endsWith("-snippets"));
}

export default defineRule({
  meta: {
    id: "ingress-nginx-snippet",
    title: "Ingresses should not inject raw NGINX configuration",
    description:
      "Snippet annotations (`configuration-snippet`, `server-snippet`, `auth-snippet`, `stream-snippet`, …) paste text into the controller's nginx.conf. Anyone allowed to create an Ingress can then read files of the controller, including the service-account token that can read every Secret in the cluster (CVE-2021-25742), and configuration injection through annotations was the core of the 2025 IngressNightmare chain (CVE-2025-1974 and its siblings).",
    remediation:
      "Replace the snippet with the dedicated annotation or a ConfigMap setting of the controller, keep `allow-snippet-annotations: \"false\"` on the controller, and if a snippet is unavoidable, restrict who may create Ingresses and suppress the finding with a reason.",
    category: "network",
    level: "warning",
    securitySeverity: 7.5,
    precision: "very-high",
    tags: ["network", "security", "ingress", "ingress-nginx", "cve-2021-25742", "cve-2025-1974"],
    presets: ["recommended"],
    messages: {
      snippet: "Ingress \"{{name}}\" sets the snippet annotation \"{{annotation}}\", which injects raw NGINX configuration into the controller",
    },
    references: ["https://github.com/kubernetes/ingress-nginx/issues/7837", "https://github.com/kubernetes/kubernetes/issues/131009"],
    since: "0.1.0",
  },
  appliesTo: { kinds: ["Ingress"] },
  check(ing, ctx) {
    if (!isIngress(ing)) return;
    const annotations = obj(getIn(ing.value, ["metadata", "annotations"])) ?? {};
    for (const key of Object.keys(annotations)) {
      if (isSnippetAnnotation(key)) ctx.report({ path: ["metadata", "annotations", key], messageId: "snippet", data: { name: ing.name ?? "(unnamed)", annotation: key } });
    }
  },
});
