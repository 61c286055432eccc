import { defineRule } from "../../src/rule-api.js";
import { arr, isObj, obj, str } from "../../src/model/index.js";

export default defineRule({
  meta: {
    id: "writable-host-mount",
    title: "hostPath volumes must be mounted read-only",
    description:
      "A container that can write to a node directory can change what the node runs: drop a binary or a systemd unit, replace a kubelet credential, plant a symlink in a log directory that the kubelet later follows as root, or fill the node's disk. Each mount decides on its own whether it is read-only, so one writable mount is enough even when others of the same volume are read-only.",
    remediation: "Set `readOnly: true` on every volumeMount of a hostPath volume. If the workload really has to write to the node, give it a dedicated directory and suppress the finding with a reason.",
    category: "workload",
    level: "error",
    securitySeverity: 7.5,
    precision: "very-high",
    tags: ["host", "hostpath", "security"],
    presets: ["recommended"],
    messages: {
      writable: 'container "{{name}}" mounts hostPath volume "{{volume}}" ("{{hostPath}}") at "{{mountPath}}" without readOnly: true',
    },
    references: ["https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    const hostPaths = new Map<string, string>();
    for (const v of arr(pod.spec.volumes)) {
      if (!isObj(v)) continue;
      const name = str(v.name);
      const hp = obj(v.hostPath);
      if (name !== undefined && hp) hostPaths.set(name, str(hp.path) ?? "");
    }
    if (hostPaths.size === 0) return;
    for (const c of pod.containers) {
      arr(c.value.volumeMounts).forEach((m, j) => {
        if (!isObj(m) || m.readOnly === true) return;
        const volume = str(m.name);
        const hostPath = volume === undefined ? undefined : hostPaths.get(volume);
        if (volume === undefined || hostPath === undefined) return;
        ctx.report({
          path: [...c.path, "volumeMounts", j],
          messageId: "writable",
          data: { name: c.name, volume, hostPath, mountPath: str(m.mountPath) ?? "" },
        });
      });
    }
  },
});
