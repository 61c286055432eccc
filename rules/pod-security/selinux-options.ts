import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Baseline: the upstream `seLinuxOptions` check. */
export default pssCheckRule("seLinuxOptions", {
  id: "selinux-options",
  title: "SELinux options must not loosen container confinement",
  description:
    "A custom SELinux type, user or role can lift the label that keeps a container away from the node's files and other containers. The Baseline Pod Security Standard allows only the container types (container_t, container_init_t, container_kvm_t, and from 1.31 container_engine_t) and no custom user or role.",
  remediation:
    "Remove seLinuxOptions.user and seLinuxOptions.role, and use one of the allowed container types or leave type empty.",
  securitySeverity: 6.5,
});
