import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Baseline: the upstream `procMount` check. */
export default pssCheckRule("procMount", {
  id: "proc-mount",
  title: "The default /proc masking must be kept",
  description:
    "The container runtime masks sensitive paths under /proc. procMount: Unmasked removes those masks and exposes kernel interfaces to the container. The Baseline Pod Security Standard requires the default mount; from 1.35 it allows other values for pods that run in a user namespace (hostUsers: false).",
  remediation:
    "Remove securityContext.procMount or set it to Default. If the workload needs an unmasked /proc (nested containers), run it in a user namespace with hostUsers: false.",
  securitySeverity: 6.0,
});
