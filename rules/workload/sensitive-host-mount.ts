import { defineRule } from "../../src/rule-api.js";
import { arr, isObj, obj, podSpecOf, str } from "../../src/model/index.js";
import { hostPathWithin, matchSensitiveHostPath } from "../../src/model/host-paths.js";


const WHERE = {
  same: () => "",
  inside: (shown: string) => `, inside ${shown}`,
  contains: (shown: string) => `, which contains ${shown}`,
} as const;

export default defineRule({
  meta: {
    id: "sensitive-host-mount",
    title: "hostPath volumes must not expose the runtime socket or system directories",
    description:
      "A hostPath volume on a container runtime socket (Docker, containerd, CRI-O, Podman) hands the pod the runtime's API: it can start a privileged container on the node, which is a node takeover. System directories are nearly as bad: `/etc` and `/var/lib/kubelet` hold the node's and the pods' credentials, `/proc`, `/sys` and `/dev` reach the kernel and devices, and `/var/log` holds every pod's logs (reported as a warning). Mounting a parent directory (`/var`) exposes everything listed below it, and `/var/run` is `/run`. Paths are normalised before they are compared, so `//var/run/./docker.sock/` is still the Docker socket. PersistentVolumes of type `hostPath` or `local` on such paths are reported too: any pod that claims one gets the path, and the Pod Security Standards, which look only at pod specs, let it through.",
    remediation:
      "Remove the hostPath volume (or the PersistentVolume). Talk to the Kubernetes API instead of the runtime socket, read node metrics from a dedicated exporter, and ship logs with the cluster's logging agent. Where a node agent truly needs the path, mount the narrowest file read-only and suppress the finding with a reason.",
    category: "workload",
    level: "error",
    securitySeverity: 9.0,
    precision: "high",
    tags: ["host", "hostpath", "container-runtime", "security"],
    presets: ["recommended"],
    messages: {
      runtime: 'hostPath volume "{{volume}}" mounts "{{path}}"{{where}}: {{what}}, and whoever reaches it controls every container on the node',
      host: 'hostPath volume "{{volume}}" mounts "{{path}}"{{where}}: {{what}}',
      pvRuntime: 'PersistentVolume "{{volume}}" is the host path "{{path}}"{{where}}: {{what}}, and any pod that claims it controls every container on the node',
      pvHost: 'PersistentVolume "{{volume}}" is the host path "{{path}}"{{where}}: {{what}}, for any pod that claims it',
    },
    options: {
      allowedPaths: {
        type: "array",
        items: { type: "string" },
        description: "Host paths (and everything below them) that may be mounted; the defaults are harmless time-zone files.",
        default: ["/etc/localtime", "/etc/timezone", "/usr/share/zoneinfo"],
      },
    },
    references: ["https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"],
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(r, ctx) {
    const allowed = arr(ctx.options.allowedPaths);
    const judge = (hostPath: string | undefined, path: (string | number)[], volume: string, kind: "pod" | "pv") => {
      if (hostPath === undefined || hostPathWithin(hostPath, allowed)) return;
      const m = matchSensitiveHostPath(hostPath);
      if (!m) return;
      const data = { volume, path: hostPath, where: WHERE[m.relation](m.shown), what: m.entry.what };
      const messageId = m.entry.class === "runtime" ? (kind === "pod" ? "runtime" : "pvRuntime") : kind === "pod" ? "host" : "pvHost";
      ctx.report({ path, messageId, data, ...(m.entry.class === "logs" ? { level: "warning" as const } : {}) });
    };
    // A PersistentVolume on a host path gives it to every pod that claims it: the Pod Security
    // Standards, which only look at pod specs, never see it.
    if (r.kind === "PersistentVolume" && r.group === "") {
      const spec = obj(r.value.spec);
      const name = r.name ?? "(unnamed)";
      judge(str(obj(spec?.hostPath)?.path), ["spec", "hostPath", "path"], name, "pv");
      judge(str(obj(spec?.local)?.path), ["spec", "local", "path"], name, "pv");
      return;
    }
    const pod = podSpecOf(r, ctx.workloadKinds);
    if (!pod) return;
    arr(pod.spec.volumes).forEach((v, i) => {
      if (!isObj(v)) return;
      judge(str(obj(v.hostPath)?.path), [...pod.path, "volumes", i, "hostPath", "path"], str(v.name) ?? `#${i}`, "pod");
    });
  },
});
