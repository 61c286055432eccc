import { defineRule } from "../../src/rule-api.js";
import { describeToken, powerOf, rbacModel, type WorkloadIdentity } from "../../src/analysis/rbac/index.js";
import type { Resource } from "../../src/model/index.js";
import {
  INTERNAL_OPTION_SCHEMAS,
  internalOptionsFrom,
  networkModel,
  riskyFields,
} from "../../src/analysis/network/index.js";

export default defineRule({
  meta: {
    id: "exposed-risky-workload",
    title: "Internet-exposed workloads must not run with host-level privileges",
    description:
      "A workload reachable from the internet (an open LoadBalancer, a NodePort, or an Ingress or Gateway route on a public class, with no NetworkPolicy in the way) is the first thing an attacker touches. If it also runs privileged, shares the node's network, PID or IPC namespace, mounts a sensitive host path, runs as root or adds capabilities such as SYS_ADMIN, one remote code execution bug in it becomes control of the node and, from there, of the cluster. This rule correlates the exposure model with those fields and reports the whole path.",
    remediation:
      "Remove the risky settings from the exposed workload (split node-level duties into a separate, unexposed DaemonSet), or take it off the internet: an internal load balancer or class, `loadBalancerSourceRanges`, or a NetworkPolicy that admits only the clients it needs.",
    category: "network",
    level: "error",
    securitySeverity: 9.5,
    precision: "high",
    tags: ["network", "security", "exposure", "pod-security", "attack-path"],
    presets: ["recommended"],
    messages: {
      exposed: "{{kind}} \"{{name}}\" is reachable from the internet ({{via}}) and has {{risks}}",
    },
    options: { ...INTERNAL_OPTION_SCHEMAS },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = networkModel(index, ctx.workloadKinds, internalOptionsFrom(ctx.options));
    // The RBAC model is built only when some workload is internet-exposed.
    let identities: Map<Resource, WorkloadIdentity> | undefined;
    for (const w of model.workloads) {
      if (w.exposure !== "internet") continue;
      const risks = riskyFields(w.pod, ctx.kubeVersionFor(w.resource));
      const rbac = rbacModel(index, ctx.workloadKinds);
      identities ??= new Map(rbac.workloads.map((i) => [i.resource, i]));
      const identity = identities.get(w.resource);
      if (identity?.tokenMounted) {
        const power = [...powerOf(rbac.grantsOf(identity.saKey))].sort();
        // cluster-admin says it all; otherwise name a few powers.
        const shown = power.includes("admin@*") ? ["admin@*"] : power.slice(0, 3);
        const more = power.length - shown.length > 0 && !power.includes("admin@*") ? ` and ${power.length - shown.length} more` : "";
        if (power.length > 0) risks.push({ path: identity.saPath, what: `ServiceAccount "${identity.serviceAccount}" with ${shown.map(describeToken).join(", ")}${more}` });
      }
      const [first, ...others] = risks;
      if (!first) continue;
      const entry = w.paths.find((p) => p.public && p.blockedBy.length === 0);
      ctx.report({
        resource: w.resource,
        path: first.path,
        messageId: "exposed",
        data: {
          kind: w.resource.kind,
          name: w.resource.name ?? "(unnamed)",
          via: entry ? entry.description : "exposed",
          risks: risks.map((r) => r.what).join(", "),
        },
        related: [
          ...w.causes.map((c) => ({ resource: c.resource, path: c.path, message: c.message })),
          ...others.map((r) => ({ resource: w.resource, path: r.path, message: `also ${r.what}` })),
        ],
      });
    }
  },
});
