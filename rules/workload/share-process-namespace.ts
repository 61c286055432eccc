import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  meta: {
    id: "share-process-namespace",
    title: "Containers of a pod should not share one process namespace",
    description:
      "With `shareProcessNamespace: true` every container of the pod sees every other container's processes. A compromised sidecar can signal the main process, read its environment and command line through `/proc`, and reach its file system through `/proc/<pid>/root` — the isolation between the containers of the pod is gone. No Pod Security level forbids it.",
    remediation: "Remove `shareProcessNamespace: true`. For debugging, attach an ephemeral container with `kubectl debug --target` instead, which shares only the target container's namespace and only while needed.",
    category: "workload",
    level: "warning",
    securitySeverity: 5.0,
    precision: "very-high",
    tags: ["host", "isolation", "security"],
    presets: ["recommended"],
    messages: {
      shared: "pod sets shareProcessNamespace: true, so its containers see and can signal each other's processes",
    },
    references: ["https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    if (pod.spec.shareProcessNamespace === true) ctx.report({ path: [...pod.path, "shareProcessNamespace"], messageId: "shared" });
  },
});
