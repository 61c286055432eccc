import { grantRule } from "./grant-rule.js";

/** Dangerous grant, reported at the granting verbs element of each role entry. */
export default grantRule("node-proxy", {
  id: "rbac-node-proxy",
  title: "Roles must not reach kubelets through nodes/proxy",
  description:
    "The nodes/proxy subresource forwards requests to the kubelet API, which can run commands in every pod of the node. Even `get` is enough: websocket upgrades to the kubelet's exec endpoint arrive as GET requests, and the kubelet authorizes them by the proxy permission only.",
  remediation:
    "Remove nodes/proxy from the role; monitoring agents that need kubelet metrics should read nodes/metrics and nodes/stats instead.",
  level: "error",
  securitySeverity: 8.5,
});
