import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Baseline: the upstream `seccompProfile_baseline` check. */
export default pssCheckRule("seccompProfile_baseline", {
  id: "seccomp-unconfined",
  title: "Seccomp must not be disabled",
  description:
    "Seccomp filters the system calls a container may make and blocks many kernel exploits. An Unconfined profile turns that filter off. The Baseline Pod Security Standard forbids it: before Kubernetes 1.19 through the seccomp annotations, from 1.19 through the seccompProfile fields.",
  remediation:
    "Set securityContext.seccompProfile.type to RuntimeDefault or Localhost on the pod and containers, or remove it; for the old annotations use runtime/default or localhost/<profile>.",
  securitySeverity: 6.0,
});
