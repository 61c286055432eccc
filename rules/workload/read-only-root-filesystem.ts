import { defineRule } from "../../src/rule-api.js";
import { obj, str } from "../../src/model/index.js";

export default defineRule({
  meta: {
    id: "read-only-root-filesystem",
    title: "Containers should run with a read-only root file system",
    description:
      "A writable root file system lets an attacker who gets code execution in the container download tools, change the application's own files and configuration, and persist until the container restarts. A read-only root also makes drift visible: anything the application writes has to go to a declared volume.",
    remediation:
      "Set `securityContext.readOnlyRootFilesystem: true` on the container and mount an `emptyDir` at each path the application writes to (`/tmp`, caches, pid files).",
    category: "workload",
    level: "warning",
    securitySeverity: 5.0,
    precision: "very-high",
    tags: ["runtime", "hardening", "security"],
    presets: ["recommended"],
    messages: {
      missing: 'container "{{name}}" does not set securityContext.readOnlyRootFilesystem: true',
      disabled: 'container "{{name}}" sets securityContext.readOnlyRootFilesystem: {{value}}',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    // Windows containers do not support a read-only root file system.
    if (str(obj(pod.spec.os)?.name) === "windows") return;
    for (const c of pod.containers) {
      const value = obj(c.value.securityContext)?.readOnlyRootFilesystem;
      if (value === true) continue;
      const path = [...c.path, "securityContext", "readOnlyRootFilesystem"];
      if (value === undefined || value === null) ctx.report({ path, messageId: "missing", data: { name: c.name } });
      else ctx.report({ path, messageId: "disabled", data: { name: c.name, value: JSON.stringify(value) } });
    }
  },
});
