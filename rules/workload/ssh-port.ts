import { defineRule } from "../../src/rule-api.js";
import { arr, isObj, num, str } from "../../src/model/index.js";

export default defineRule({
  meta: {
    id: "ssh-port",
    title: "Containers should not expose SSH",
    description:
      "An SSH server in a container is a second way in that bypasses the Kubernetes API, its RBAC and its audit log, and usually comes with long-lived keys or passwords baked into the image or a Secret. `kubectl exec` and `kubectl debug` cover the same need with the cluster's own authentication. Ports numbered 22 and ports named `ssh` are reported.",
    remediation: "Remove the SSH server and its port; use `kubectl exec` or `kubectl debug`. A Git server that serves SSH on purpose can suppress the finding with a reason.",
    category: "workload",
    level: "warning",
    securitySeverity: 5.0,
    precision: "high",
    tags: ["network", "remote-access", "security"],
    presets: ["recommended"],
    messages: {
      number: 'container "{{name}}" declares port {{port}} (SSH)',
      named: 'container "{{name}}" declares a port named "{{portName}}" ({{port}})',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    for (const c of pod.containers) {
      arr(c.value.ports).forEach((p, k) => {
        if (!isObj(p)) return;
        const port = num(p.containerPort);
        const portName = str(p.name);
        const path = [...c.path, "ports", k];
        if (port === 22) ctx.report({ path, messageId: "number", data: { name: c.name, port } });
        else if (portName !== undefined && /(^|-)ssh(-|$)/i.test(portName)) ctx.report({ path, messageId: "named", data: { name: c.name, portName, port: port ?? "?" } });
      });
    }
  },
});
