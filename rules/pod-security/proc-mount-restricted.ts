import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Restricted: the upstream `procMount_restricted` check. */
export default pssCheckRule("procMount_restricted", {
  id: "proc-mount-restricted",
  title: "The default /proc masking must be kept, even in a user namespace",
  description:
    "From 1.35 the Baseline standard allows an unmasked /proc for pods in a user namespace. The Restricted Pod Security Standard still requires the default mount for every pod.",
  remediation:
    "Remove securityContext.procMount or set it to Default.",
  securitySeverity: 5.0,
});
