import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Restricted: the upstream `seccompProfile_restricted` check. */
export default pssCheckRule("seccompProfile_restricted", {
  id: "seccomp-profile-missing",
  title: "A seccomp profile must be set",
  description:
    "Without a seccomp profile many runtimes run containers unconfined, with every system call available. The Restricted Pod Security Standard (from 1.19) requires RuntimeDefault or Localhost on the pod or on every container; from 1.25 Windows pods are exempt.",
  remediation:
    "Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod (or on every container).",
  securitySeverity: 4.5,
});
