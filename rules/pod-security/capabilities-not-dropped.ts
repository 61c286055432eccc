import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Restricted: the upstream `capabilities_restricted` check. */
export default pssCheckRule("capabilities_restricted", {
  id: "capabilities-not-dropped",
  title: "Containers must drop all capabilities",
  description:
    "The runtime's default capabilities are more than almost any application needs. The Restricted Pod Security Standard (from 1.22) requires every container to drop ALL and to add back at most NET_BIND_SERVICE; from 1.25 Windows pods are exempt.",
  remediation:
    "Set securityContext.capabilities.drop: [\"ALL\"] on every container and remove every added capability except NET_BIND_SERVICE.",
  securitySeverity: 5.0,
});
