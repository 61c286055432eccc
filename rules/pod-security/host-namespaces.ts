import { pssCheckRule } from "./pss-check-rule.js";

/** Pod Security Standards, Baseline: the upstream `hostNamespaces` check. */
export default pssCheckRule("hostNamespaces", {
  id: "host-namespaces",
  title: "Pods must not share the node's network, PID or IPC namespace",
  description:
    "With hostNetwork, hostPID or hostIPC a pod shares the node's namespaces: it can sniff and bind the node's interfaces, see and signal every process on the node, or read other workloads' shared memory. The Baseline Pod Security Standard forbids all three.",
  remediation:
    "Remove hostNetwork, hostPID and hostIPC from the pod spec, or set them to false. Expose ports through a Service instead of the node's network.",
  securitySeverity: 8.5,
});
