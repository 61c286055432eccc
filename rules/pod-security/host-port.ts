import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Baseline: the upstream `hostPorts` check. */
export default pssCheckRule("hostPorts", {
  id: "host-port",
  title: "Containers must not bind host ports",
  description:
    "A hostPort binds a port on the node's own network interfaces. It bypasses NetworkPolicy on many network plugins, exposes the pod outside the cluster's service model and limits scheduling. The Baseline Pod Security Standard forbids host ports.",
  remediation:
    "Remove hostPort from the container's ports (or set it to 0) and expose the port through a Service.",
  securitySeverity: 5.5,
});
