import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Baseline: the upstream `windowsHostProcess` check. */
export default pssCheckRule("windowsHostProcess", {
  id: "host-process",
  title: "Windows HostProcess containers are disallowed",
  description:
    "A Windows HostProcess container runs directly on the node with the privileges of a host process: it can read every file, reach every process and act as the node. The Baseline Pod Security Standard forbids it at the pod and at every container.",
  remediation:
    "Remove securityContext.windowsOptions.hostProcess (or set it to false) on the pod and on every container. Node-level agents that truly need it belong in a namespace that enforces the privileged level, with an exception recorded.",
  securitySeverity: 9.5,
});
