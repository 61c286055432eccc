import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Baseline: the upstream `capabilities_baseline` check. */
export default pssCheckRule("capabilities_baseline", {
  id: "added-capabilities",
  title: "Containers may only add the default capabilities",
  description:
    "Linux capabilities beyond the container runtime's default set, such as SYS_ADMIN, NET_ADMIN or NET_RAW, give a container powers that are often enough to escape or to attack the node's network. The Baseline Pod Security Standard allows adding only the default set.",
  remediation:
    "Remove every entry of securityContext.capabilities.add that is not one of AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID or SYS_CHROOT.",
  securitySeverity: 7.5,
});
