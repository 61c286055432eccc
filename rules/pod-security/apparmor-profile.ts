import { PSS_MESSAGES, evaluateCheck } from "../../src/analysis/pss/index.js";
import { defineRule } from "../../src/rule-api.js";

/** Pod Security Standards, Baseline: the upstream `appArmorProfile` check. */
export default defineRule({
  meta: {
    id: "apparmor-profile",
    title: "AppArmor must not be disabled",
    description:
      "AppArmor confines what a container may do on the node. Setting the profile to Unconfined, through the securityContext field or the older container.apparmor.security.beta.kubernetes.io annotations, removes that layer. The Baseline Pod Security Standard allows only the runtime default or a profile loaded on the node.",
    remediation:
      "Set securityContext.appArmorProfile.type to RuntimeDefault or Localhost (with localhostProfile), or remove it; for the annotations use runtime/default or localhost/<profile>.",
    category: "pod-security",
    level: "error",
    securitySeverity: 6.0,
    precision: "very-high",
    tags: ["pss-baseline", "pss-restricted", "pod-security", "security"],
    presets: ["recommended", "strict"],
    messages: PSS_MESSAGES.appArmorProfile,
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(target, ctx) {
    for (const v of evaluateCheck("appArmorProfile", target, ctx.kubeVersion)) {
      ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
    }
  },
});
