import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Baseline: the upstream `sysctls` check. */
export default pssCheckRule("sysctls", {
  id: "unsafe-sysctls",
  title: "Only safe sysctls may be set",
  description:
    "Most kernel parameters are shared by every pod on a node or can disable security mechanisms. The Baseline Pod Security Standard allows only a list of namespaced, isolated sysctls, which grows with the Kubernetes version (1.27, 1.29, 1.32, 1.37).",
  remediation:
    "Remove the sysctl from spec.securityContext.sysctls. Node-wide tuning belongs in the node configuration, not in a pod.",
  securitySeverity: 6.5,
});
