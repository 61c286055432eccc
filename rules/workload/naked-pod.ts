import { defineRule } from "../../src/rule-api.js";
import { arr, obj } from "../../src/model/index.js";
import { isControlPlanePod } from "../../src/model/control-plane-pods.js";

export default defineRule({
  meta: {
    id: "naked-pod",
    title: "Pods should be managed by a controller",
    description:
      "A bare Pod is not recreated when its node fails or it is evicted, cannot be rolled out or rolled back, and is often a leftover debugging shell with broad tools and permissions. Deployments, StatefulSets, DaemonSets and Jobs give the same pod a lifecycle. The control plane's static pods are not reported.",
    remediation: "Wrap the pod template in a Deployment (or a Job for one-off work). Delete debugging pods when done, or use `kubectl debug`.",
    category: "workload",
    level: "note",
    securitySeverity: 2.0,
    precision: "very-high",
    tags: ["reliability", "hygiene", "security"],
    presets: ["recommended"],
    messages: {
      naked: 'Pod "{{name}}" has no controller: nothing recreates, updates or cleans it up',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    const r = pod.resource;
    if (r.kind !== "Pod" || r.group !== "" || isControlPlanePod(pod)) return;
    if (arr(obj(r.value.metadata)?.ownerReferences).length > 0) return;
    ctx.report({ path: ["metadata", "name"], messageId: "naked", data: { name: r.name ?? "(unnamed)" } });
  },
});
