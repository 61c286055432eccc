import { defineRule } from "../../src/rule-api.js";
import { isClusterScoped } from "../../src/model/index.js";

const SOURCE = {
  kustomization: "its kustomization",
  argocd: "the Argo CD Application that deploys it",
  flux: "the Flux Kustomization that deploys it",
  helm: "the Helm render settings",
} as const;

export default defineRule({
  meta: {
    id: "default-namespace",
    title: "Objects should not be placed in the default namespace",
    description:
      "The `default` namespace is where everything lands that nobody placed on purpose. Objects there share its ServiceAccount, its NetworkPolicies (usually none) and its Pod Security level with every stray `kubectl run`, and RBAC cannot separate them from each other. Only an explicit `default` is reported — by `metadata.namespace`, a kustomization, an Argo CD Application or a Flux Kustomization; a missing namespace is never taken for `default`, since GitOps tools fill it in at deploy time.",
    remediation: "Give the application a namespace of its own and set it in the kustomization or the Application's destination.",
    category: "workload",
    level: "note",
    securitySeverity: 2.0,
    precision: "very-high",
    tags: ["namespaces", "isolation", "cis-5.7.4", "security"],
    presets: ["recommended"],
    messages: {
      explicit: '{{kind}} "{{name}}" is placed explicitly in namespace "default"',
      inherited: '{{kind}} "{{name}}" is placed in namespace "default" by {{source}}',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(r, ctx) {
    if (r.namespace !== "default" || r.namespaceSource === undefined || isClusterScoped(r.group, r.kind)) return;
    const data = { kind: r.kind, name: r.name ?? "(unnamed)" };
    const path = ["metadata", "namespace"];
    if (r.namespaceSource === "metadata") ctx.report({ path, messageId: "explicit", data });
    else ctx.report({ path, messageId: "inherited", data: { ...data, source: SOURCE[r.namespaceSource] } });
  },
});
