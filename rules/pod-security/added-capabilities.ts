import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Baseline: the upstream `capabilities_baseline` check. */
export default defineRule({
  meta: {
    id: "added-capabilities",
    title: "Containers may only add the default capabilities",
    description:
      "Linux capabilities beyond the container runtime's default set, such as SYS_ADMIN, NET_ADMIN or NET_RAW, give a container powers that are often enough to escape or to attack the node's network. The Baseline Pod Security Standard allows adding only the default set.",
    remediation:
      "Remove every entry of securityContext.capabilities.add that is not one of AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID or SYS_CHROOT.",
    category: "pod-security",
    level: "error",
    securitySeverity: 7.5,
    precision: "very-high",
    tags: ["pss-baseline", "pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    messages: PSS_MESSAGES.capabilities_baseline,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("capabilities_baseline", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
