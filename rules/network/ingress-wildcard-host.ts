import { defineRule } from "../../src/rule-api.js";
import { arr, getIn, obj } from "../../src/model/index.js";
import { isIngress } from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "ingress-wildcard-host",
    title: "Ingress rules should name their host",
    description:
      "A rule with a wildcard host (`*.example.com`) or without a host answers for every name that resolves to the controller, so a forgotten DNS record, a typo-squatted subdomain or a direct request by IP reaches the backend. Wildcards also make the certificate and the routing harder to reason about and to audit.",
    remediation:
      "Give each rule the exact host names it serves, and keep wildcards for controllers dedicated to that purpose (with a reason in a suppression).",
    category: "network",
    level: "warning",
    securitySeverity: 3.5,
    precision: "very-high",
    tags: ["network", "security", "ingress"],
    presets: ["recommended"],
    messages: {
      wildcard: "Ingress \"{{name}}\" rule {{rule}} uses the wildcard host \"{{host}}\", which answers for every matching name",
      noHost: "Ingress \"{{name}}\" rule {{rule}} sets no host, so it answers for every host name and for requests by IP",
      emptyHost: "Ingress \"{{name}}\" rule {{rule}} sets an empty host, so it answers for every host name and for requests by IP",
    },
    since: "0.1.0",
  },
  appliesTo: { kinds: ["Ingress"] },
  check(ing, ctx) {
    if (!isIngress(ing)) return;
    const name = ing.name ?? "(unnamed)";
    arr(getIn(ing.value, ["spec", "rules"])).forEach((r, i) => {
      const rule = `#${i}`;
      const host = obj(r)?.host;
      if (host === undefined || host === null) ctx.report({ path: ["spec", "rules", i, "host"], messageId: "noHost", data: { name, rule } });
      else if (host === "") ctx.report({ path: ["spec", "rules", i, "host"], messageId: "emptyHost", data: { name, rule } });
      else if (typeof host === "string" && host.includes("*")) ctx.report({ path: ["spec", "rules", i, "host"], messageId: "wildcard", data: { name, rule, host } });
    });
  },
});
