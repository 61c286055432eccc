import { defineRule } from "../../src/rule-api.js";
import { isControlPlanePod } from "../../src/model/control-plane-pods.js";

export default defineRule({
  meta: {
    id: "kube-system-workload",
    title: "Application workloads should not run in kube-system",
    description:
      "`kube-system` holds the cluster's own components, usually with powerful ServiceAccounts, Secrets (bootstrap tokens, cloud credentials) and no Pod Security enforcement. A workload placed there can mount any of those Secrets and ServiceAccounts, and is exempt from most admission policies that skip the namespace. The control plane's static pods (`tier: control-plane` or a `component` label of kube-apiserver, etcd, kube-controller-manager or kube-scheduler) and pods with a `system-node-critical` or `system-cluster-critical` priority class are cluster components and are not reported.",
    remediation: "Move the workload to a namespace of its own. A genuine cluster add-on should carry the `system-cluster-critical` or `system-node-critical` priority class.",
    category: "workload",
    level: "warning",
    securitySeverity: 5.0,
    precision: "high",
    tags: ["namespaces", "isolation", "security"],
    presets: ["recommended"],
    messages: {
      kubeSystem: '{{kind}} "{{name}}" runs in kube-system, next to the cluster\'s own credentials',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    const r = pod.resource;
    if (r.namespace !== "kube-system" || isControlPlanePod(pod)) return;
    ctx.report({ path: ["metadata", "namespace"], messageId: "kubeSystem", data: { kind: r.kind, name: r.name ?? "(unnamed)" } });
  },
});
