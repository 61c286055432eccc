import { defineRule } from "../../src/rule-api.js";
import { arr, getIn, obj, str, type Resource } from "../../src/model/index.js";
import {
  INTERNAL_OPTION_SCHEMAS,
  attachesTo,
  gatewayInternal,
  gatewayListeners,
  internalOptionsFrom,
  networkModel,
  routeParents,
  type ParentRef,
} from "../../src/analysis/network/index.js";

/** True when every rule of an HTTPRoute only redirects to https. */
function redirectsToHttps(route: Resource): boolean {
  if (route.kind !== "HTTPRoute") return false;
  const rules = arr(getIn(route.value, ["spec", "rules"]));
  return rules.length > 0 && rules.every((r) => arr(obj(r)?.backendRefs).length === 0 && arr(obj(r)?.filters).some((f) =>
    str(getIn(f, ["type"])) === "RequestRedirect" && str(getIn(f, ["requestRedirect", "scheme"])) === "https"));
}

export default defineRule({
  meta: {
    id: "gateway-listener-plaintext",
    title: "Public Gateway listeners should use TLS",
    description:
      "A Gateway listener with protocol HTTP or TCP and no TLS carries its traffic in clear text from the client to the gateway. On an internet-facing gateway that exposes credentials, cookies and data to anyone on the path. An HTTP listener whose attached HTTPRoutes only redirect to https is accepted, as are gateways of an internal class or with an internal load-balancer annotation.",
    remediation:
      "Serve the listener as HTTPS or TLS with `tls.certificateRefs`, and keep port 80 only for an HTTPRoute that redirects to https (a RequestRedirect filter with `scheme: https`).",
    category: "network",
    level: "warning",
    securitySeverity: 6.0,
    precision: "high",
    tags: ["network", "security", "tls", "gateway-api"],
    presets: ["recommended"],
    messages: {
      plaintext: "Gateway \"{{name}}\" listener \"{{listener}}\" accepts {{protocol}} on port {{port}} without TLS on a public gateway",
    },
    options: { ...INTERNAL_OPTION_SCHEMAS },
    references: ["https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/"],
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = networkModel(index, ctx.workloadKinds);
    // Routes by the Gateway they attach to, resolved once.
    const attached = new Map<string, { route: Resource; parent: ParentRef }[]>();
    for (const g of model.groups.values()) {
      for (const route of g.routes) {
        for (const parent of routeParents(route)) {
          const key = `${parent.namespace !== undefined ? `ns:${parent.namespace}` : g.key}|${parent.name}`;
          const list = attached.get(key) ?? [];
          list.push({ route, parent });
          attached.set(key, list);
        }
      }
    }
    for (const g of model.groups.values()) {
      for (const gw of g.gateways) {
        if (gatewayInternal(gw, internalOptionsFrom(ctx.optionsFor(gw)))) continue;
        const routes = attached.get(`${g.key}|${gw.name ?? ""}`) ?? [];
        for (const l of gatewayListeners(gw)) {
          if ((l.protocol !== "HTTP" && l.protocol !== "TCP") || l.tls !== undefined) continue;
          const mine = routes.filter((r) => attachesTo(r.parent, l));
          if (l.protocol === "HTTP" && mine.length > 0 && mine.every((r) => redirectsToHttps(r.route))) continue;
          ctx.report({
            resource: gw, path: [...l.path, "protocol"], messageId: "plaintext",
            data: { name: gw.name ?? "(unnamed)", listener: l.name ?? `#${l.index}`, protocol: l.protocol, port: l.port ?? "?" },
          });
        }
      }
    }
  },
});
