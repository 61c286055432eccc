import { defineRule } from "../../src/rule-api.js";
import { arr, obj } from "../../src/model/index.js";

export default defineRule({
  meta: {
    id: "root-group",
    title: "Pods should not run with the root group",
    description:
      "A process whose group is 0 can read and write every file that the root group may use: files in the image owned by group 0, and on mounted host paths and shared volumes the node's own root-group files. `runAsNonRoot` only checks the user, so a non-root user with group 0 passes every Pod Security level. With `hostUsers: false` the group is mapped to an unprivileged one on the node, and the rule does not apply.",
    remediation: "Set `runAsGroup`, `fsGroup` and any `supplementalGroups` to a non-zero group id (for example 10001), on the pod and on containers that override it.",
    category: "workload",
    level: "warning",
    securitySeverity: 4.5,
    precision: "very-high",
    tags: ["runtime", "identity", "security"],
    presets: ["recommended"],
    messages: {
      podGroup: "pod sets securityContext.{{field}}: 0 (the root group)",
      supplemental: "pod lists group 0 (the root group) in securityContext.supplementalGroups",
      containerGroup: 'container "{{name}}" sets securityContext.runAsGroup: 0 (the root group)',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    if (pod.spec.hostUsers === false) return;
    const sc = obj(pod.spec.securityContext);
    const scPath = [...pod.path, "securityContext"];
    if (sc) {
      for (const field of ["runAsGroup", "fsGroup"] as const) {
        if (sc[field] === 0) ctx.report({ path: [...scPath, field], messageId: "podGroup", data: { field } });
      }
      arr(sc.supplementalGroups).forEach((g, i) => {
        if (g === 0) ctx.report({ path: [...scPath, "supplementalGroups", i], messageId: "supplemental" });
      });
    }
    for (const c of pod.containers) {
      if (obj(c.value.securityContext)?.runAsGroup === 0) {
        ctx.report({ path: [...c.path, "securityContext", "runAsGroup"], messageId: "containerGroup", data: { name: c.name } });
      }
    }
  },
});
