import { defineRule } from "../../src/rule-api.js";
import { arr, getIn, obj, str } from "../../src/model/index.js";
import { isIngress, tlsCovers } from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "ingress-tls-missing",
    title: "Ingresses should serve every host over TLS",
    description:
      "An Ingress without a `tls` section, or a host of it that no `tls` entry lists, is served over plain HTTP: credentials, session cookies and data cross the network readable and modifiable by anyone on the path, and the browser cannot tell the site is genuine.",
    remediation:
      "Add a `spec.tls` entry listing each host with a `secretName` holding its certificate (cert-manager can issue and renew it), and redirect HTTP to HTTPS.",
    category: "network",
    level: "warning",
    securitySeverity: 6.0,
    precision: "high",
    tags: ["network", "security", "tls", "ingress"],
    presets: ["recommended"],
    messages: {
      noTls: "Ingress \"{{name}}\" has no tls section, so it serves {{hosts}} over plain HTTP",
      hostNotTls: "Ingress \"{{name}}\" host \"{{host}}\" is listed in no tls entry, so it is served over plain HTTP",
    },
    since: "0.1.0",
  },
  appliesTo: { kinds: ["Ingress"] },
  check(ing, ctx) {
    if (!isIngress(ing)) return;
    const spec = obj(ing.value.spec) ?? {};
    const name = ing.name ?? "(unnamed)";
    const tls = arr(spec.tls).map(obj).filter((t) => t !== undefined);
    const rules = arr(spec.rules);
    const hosts = rules.map((r) => str(getIn(r, ["host"]))).filter((h): h is string => h !== undefined && h !== "");
    if (tls.length === 0) {
      ctx.report({ path: ["spec", "tls"], messageId: "noTls", data: { name, hosts: hosts.length > 0 ? hosts.map((h) => `"${h}"`).join(", ") : "every host" } });
      return;
    }
    // A tls entry without hosts applies to every host (the controller's default certificate).
    if (tls.some((t) => arr(t.hosts).length === 0)) return;
    const tlsHosts = tls.flatMap((t) => arr(t.hosts).filter((h): h is string => typeof h === "string"));
    rules.forEach((r, i) => {
      const host = str(getIn(r, ["host"]));
      if (host === undefined || host === "") return;
      if (!tlsHosts.some((p) => tlsCovers(p, host))) ctx.report({ path: ["spec", "rules", i, "host"], messageId: "hostNotTls", data: { name, host } });
    });
  },
});
