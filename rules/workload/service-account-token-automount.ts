import { defineRule } from "../../src/rule-api.js";
import { podSpecOf, str, type Resource } from "../../src/model/index.js";
import { findReferenced } from "../../src/model/references.js";

export default defineRule({
  meta: {
    id: "service-account-token-automount",
    title: "Pods should not mount an API token they do not use",
    description:
      "Unless the pod or its ServiceAccount sets `automountServiceAccountToken: false`, Kubernetes mounts a token for the pod's ServiceAccount into every container. Anyone who gets code execution in any container — a compromised dependency, a path traversal — can then call the API server with that identity and whatever RBAC grants it. Most applications never talk to the API server. The rule reads the ServiceAccount when it is in the repo and names the object that decided.",
    remediation:
      "Set `automountServiceAccountToken: false` on the ServiceAccount (for all its pods) or in the pod spec. A pod that needs the API should mount a projected, short-lived token with an audience explicitly.",
    category: "workload",
    level: "warning",
    securitySeverity: 5.5,
    precision: "high",
    tags: ["identity", "service-account", "cis-5.1.6", "security"],
    presets: ["recommended"],
    messages: {
      podEnables: 'pod sets automountServiceAccountToken: true, so every container gets an API token for ServiceAccount "{{account}}"',
      accountAllows: 'neither the pod nor its ServiceAccount "{{account}}" sets automountServiceAccountToken: false, so every container gets an API token',
      defaultAccount: 'pod does not set automountServiceAccountToken: false and runs as the "default" ServiceAccount ({{where}}), which is not in the repo and mounts a token unless changed',
      accountUnknown: 'pod does not set automountServiceAccountToken: false and its ServiceAccount "{{account}}" ({{where}}) is not in the repo, so every container gets an API token unless that ServiceAccount turns it off',
    },
    references: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting"],
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const accountPath = (sa: Resource) => (sa.value.automountServiceAccountToken === undefined ? ["metadata", "name"] : ["automountServiceAccountToken"]);
    for (const r of index.all) {
      const pod = podSpecOf(r, ctx.workloadKinds);
      if (!pod) continue;
      const own = pod.spec.automountServiceAccountToken;
      if (own === false) continue;
      const account = str(pod.spec.serviceAccountName) || str(pod.spec.serviceAccount) || "default";
      const accounts = findReferenced(index, "ServiceAccount", r, account);
      const path = [...pod.path, "automountServiceAccountToken"];
      if (own === true) {
        const off = accounts.filter((sa) => sa.value.automountServiceAccountToken === false);
        ctx.report({
          resource: r, path, messageId: "podEnables", data: { account },
          related: off.map((sa) => ({ resource: sa, path: accountPath(sa), message: `ServiceAccount "${account}" turns automounting off; the pod turns it back on` })),
        });
        continue;
      }
      if (accounts.length === 0) {
        const where = r.namespace === undefined ? "namespace unset" : `namespace "${r.namespace}"`;
        if (account === "default") ctx.report({ resource: r, path, messageId: "defaultAccount", data: { where } });
        else ctx.report({ resource: r, path, messageId: "accountUnknown", data: { account, where } });
        continue;
      }
      const on = accounts.filter((sa) => sa.value.automountServiceAccountToken !== false);
      if (on.length === 0) continue;
      ctx.report({
        resource: r, path, messageId: "accountAllows", data: { account },
        related: on.map((sa) => ({ resource: sa, path: accountPath(sa), message: `ServiceAccount "${account}" does not set automountServiceAccountToken: false` })),
      });
    }
  },
});
