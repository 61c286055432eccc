import { defineRule } from "../../src/rule-api.js";
import { arr, isObj, obj, str } from "../../src/model/index.js";

/** True when the pod explicitly asks for a ServiceAccount token through a projected volume. */
function projectsToken(spec: Record<string, unknown>): boolean {
  return arr(spec.volumes).some((v) => isObj(v) && arr(obj(v.projected)?.sources).some((s) => isObj(s) && s.serviceAccountToken !== undefined));
}

export default defineRule({
  meta: {
    id: "default-service-account",
    title: "Pods should run under their own ServiceAccount",
    description:
      "Every pod that names no ServiceAccount runs as its namespace's `default` one, so all of them share one identity: a permission granted to one of them (a RoleBinding, a cloud workload identity) is granted to all, and audit logs cannot tell them apart. A pod that turns token automounting off and projects no token does not use its identity, and is not reported.",
    remediation: "Create a ServiceAccount per workload, with `automountServiceAccountToken: false` unless it calls the API, and set `serviceAccountName` in the pod spec.",
    category: "workload",
    level: "note",
    securitySeverity: 3.5,
    precision: "high",
    tags: ["identity", "service-account", "cis-5.1.5", "security"],
    presets: ["recommended"],
    messages: {
      implicit: "pod names no ServiceAccount, so it runs as the namespace's \"default\" ServiceAccount",
      explicit: 'pod sets serviceAccountName: "default", the ServiceAccount every other pod of the namespace shares',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    const name = str(pod.spec.serviceAccountName) || str(pod.spec.serviceAccount);
    if (name !== undefined && name !== "default") return;
    if (pod.spec.automountServiceAccountToken === false && !projectsToken(pod.spec)) return;
    if (name === "default") {
      const field = str(pod.spec.serviceAccountName) ? "serviceAccountName" : "serviceAccount";
      ctx.report({ path: [...pod.path, field], messageId: "explicit" });
    } else {
      ctx.report({ path: [...pod.path, "serviceAccountName"], messageId: "implicit" });
    }
  },
});
