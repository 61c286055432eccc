import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Baseline: the upstream `appArmorProfile` check. */
export default pssCheckRule("appArmorProfile", {
  id: "apparmor-profile",
  title: "AppArmor must not be disabled",
  description:
    "AppArmor confines what a container may do on the node. Setting the profile to Unconfined, through the securityContext field or the older container.apparmor.security.beta.kubernetes.io annotations, removes that layer. The Baseline Pod Security Standard allows only the runtime default or a profile loaded on the node.",
  remediation:
    "Set securityContext.appArmorProfile.type to RuntimeDefault or Localhost (with localhostProfile), or remove it; for the annotations use runtime/default or localhost/<profile>.",
  securitySeverity: 6.0,
});
