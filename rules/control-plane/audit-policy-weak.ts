import { defineRule } from "../../src/rule-api.js";
import { arr, isObj, str, type Obj } from "../../src/model/index.js";
import { isAuditPolicy } from "../../src/analysis/control-plane/index.js";

interface Target {
  group: string;
  resource: string;
  subresource?: string;
  label: string;
}

/** Objects whose request or response bodies hold credentials. */
const SENSITIVE: readonly Target[] = [
  { group: "", resource: "secrets", label: "Secrets" },
  { group: "", resource: "configmaps", label: "ConfigMaps" },
  { group: "", resource: "serviceaccounts", subresource: "token", label: "service-account tokens" },
  { group: "authentication.k8s.io", resource: "tokenreviews", label: "TokenReviews" },
];

const BODY_LEVELS = new Set(["Request", "RequestResponse"]);

function nonEmpty(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0;
}

// A resource name of a GroupResources entry against a target: "*", "pods/*" and "*/scale" as the audit API defines them.
function nameMatches(pattern: string, t: Target): boolean {
  const full = t.subresource ? `${t.resource}/${t.subresource}` : t.resource;
  if (pattern === "*" || pattern === full) return true;
  if (t.subresource) return pattern === `${t.resource}/*` || pattern === `*/${t.subresource}`;
  return false;
}

/** Whether a rule can match requests on the target, and whether it matches all of them. */
function matchOf(rule: Obj, t: Target): "none" | "some" | "all" {
  if (nonEmpty(rule.nonResourceURLs)) return "none";
  let conditional = ["users", "userGroups", "verbs", "namespaces"].some((k) => nonEmpty(rule[k]));
  if (nonEmpty(rule.resources)) {
    let hit = false;
    for (const gr of arr(rule.resources)) {
      if (!isObj(gr) || (str(gr.group) ?? "") !== t.group) continue;
      const names = arr(gr.resources).filter((n): n is string => typeof n === "string");
      if (names.length > 0 && !names.some((n) => nameMatches(n, t))) continue;
      hit = true;
      if (nonEmpty(gr.resourceNames)) conditional = true;
    }
    if (!hit) return "none";
  }
  return conditional ? "some" : "all";
}

function isCatchAll(rule: Obj): boolean {
  return ["resources", "nonResourceURLs", "users", "userGroups", "verbs", "namespaces"].every((k) => !nonEmpty(rule[k]));
}

export default defineRule({
  meta: {
    id: "audit-policy-weak",
    title: "Audit policies should log every request but never the bodies of Secrets and tokens",
    description:
      "An audit policy is evaluated rule by rule and the first match decides. A request that matches no rule is not logged, so a policy without a final catch-all rule leaves blind spots. At `Request` or `RequestResponse` level the log holds the object bodies, so Secrets, ConfigMaps, service-account tokens and TokenReviews logged that way copy credentials into log storage that many more people can read. CIS Kubernetes Benchmark 3.2.2.",
    remediation:
      "Log Secrets, ConfigMaps, `serviceaccounts/token` and TokenReviews at `Metadata` level in a rule placed before any broader rule, and end the policy with a catch-all such as `- level: Metadata`.",
    category: "control-plane",
    level: "warning",
    securitySeverity: 5.5,
    precision: "high",
    tags: ["control-plane", "audit", "secrets", "cis-3.2.2"],
    presets: ["recommended"],
    messages: {
      noCatchAll: "audit Policy has no catch-all rule, so requests that match no rule are not logged; end it with a rule like `- level: Metadata`",
      bodies: "audit Policy logs {{what}} at {{level}} level, which copies their contents into the audit log; use Metadata",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    if (!isAuditPolicy(resource)) return;
    const rules = arr(resource.value.rules);
    if (!rules.some((r) => isObj(r) && isCatchAll(r))) ctx.report({ path: ["rules"], messageId: "noCatchAll" });
    const hits = new Map<number, string[]>();
    for (const t of SENSITIVE) {
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i];
        if (!isObj(rule)) continue;
        const m = matchOf(rule, t);
        if (m === "none") continue;
        if (BODY_LEVELS.has(str(rule.level) ?? "")) hits.set(i, [...(hits.get(i) ?? []), t.label]);
        if (m === "all") break;
      }
    }
    for (const [i, labels] of [...hits].sort((a, b) => a[0] - b[0])) {
      const rule = rules[i] as Obj;
      ctx.report({ path: ["rules", i, "level"], messageId: "bodies", data: { what: labels.join(", "), level: str(rule.level) ?? "" } });
    }
  },
});
