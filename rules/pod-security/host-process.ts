import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Baseline: the upstream `windowsHostProcess` check. */
export default defineRule({
  meta: {
    id: "host-process",
    title: "Windows HostProcess containers are disallowed",
    description:
      "A Windows HostProcess container runs directly on the node with the privileges of a host process: it can read every file, reach every process and act as the node. The Baseline Pod Security Standard forbids it at the pod and at every container.",
    remediation:
      "Remove securityContext.windowsOptions.hostProcess (or set it to false) on the pod and on every container. Node-level agents that truly need it belong in a namespace that enforces the privileged level, with an exception recorded.",
    category: "pod-security",
    level: "error",
    securitySeverity: 9.5,
    precision: "very-high",
    tags: ["pss-baseline", "pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    messages: PSS_MESSAGES.windowsHostProcess,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("windowsHostProcess", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
