import { defineRule } from "shipshape";

/** Every workload names its owning team, so an alert reaches someone. */
export default defineRule({
  meta: {
    id: "require-owner",
    title: "Workloads must name their owning team",
    description: "Acme routes alerts and cost reports by the `acme.io/owner` annotation; a workload without it belongs to nobody.",
    remediation: 'Add `metadata.annotations["acme.io/owner"]` with the team\'s name.',
    category: "workload",
    level: "warning",
    precision: "very-high",
    tags: ["acme", "ownership"],
    presets: ["recommended"],
    messages: {
      missing: '{{kind}} "{{name}}" has no acme.io/owner annotation',
      empty: '{{kind}} "{{name}}" has an empty acme.io/owner annotation',
    },
    since: "0.1.0",
  },
  appliesTo: { kinds: ["Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job"] },
  check(resource, ctx) {
    const owner = resource.annotations["acme.io/owner"];
    const data = { kind: resource.kind, name: resource.name ?? "(unnamed)" };
    const path = ["metadata", "annotations", "acme.io/owner"];
    if (owner === undefined) ctx.report({ path, messageId: "missing", data });
    else if (owner.trim() === "") ctx.report({ path, messageId: "empty", data });
  },
});
