import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Baseline: the upstream `privileged` check. */
export default pssCheckRule("privileged", {
  id: "privileged-container",
  title: "Privileged containers are disallowed",
  description:
    "A privileged container gets every capability, every device of the node and no seccomp, AppArmor or SELinux confinement: escaping to the node is trivial. The Baseline Pod Security Standard forbids it for containers, init containers and ephemeral containers.",
  remediation:
    "Remove securityContext.privileged or set it to false. If the container needs one specific power, add only that capability, or run it in a namespace that enforces the privileged level.",
  securitySeverity: 9.5,
});
