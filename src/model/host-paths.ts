/**
 * Host paths whose exposure to a pod matters, and the normalisation that makes spellings agree
 * (`//`, trailing `/`, `.` and `..`, and `/var/run`, which is a symlink to `/run` on every modern node).
 */

export type HostPathClass = "runtime" | "host" | "logs";

export interface SensitiveHostPath {
  /** The listed path, normalised. */
  readonly path: string;
  readonly class: HostPathClass;
  /** What a pod reaches through it, for messages. */
  readonly what: string;
}

/** Container runtime sockets and the directories that hold them: whoever reaches one runs containers on the node. */
const RUNTIME: readonly SensitiveHostPath[] = [
  { path: "/run/docker.sock", class: "runtime", what: "the Docker socket" },
  { path: "/run/docker", class: "runtime", what: "Docker's runtime directory with its containerd socket" },
  { path: "/run/dockershim.sock", class: "runtime", what: "the dockershim socket" },
  { path: "/run/cri-dockerd.sock", class: "runtime", what: "the cri-dockerd socket" },
  { path: "/run/containerd", class: "runtime", what: "the containerd socket" },
  { path: "/run/k3s/containerd", class: "runtime", what: "the k3s containerd socket" },
  { path: "/run/crio", class: "runtime", what: "the CRI-O socket" },
  { path: "/run/podman", class: "runtime", what: "the Podman socket" },
  { path: "/run/user", class: "runtime", what: "rootless Docker and Podman sockets" },
  { path: "/run", class: "runtime", what: "the container runtime sockets" },
];

const HOST: readonly SensitiveHostPath[] = [
  { path: "/", class: "host", what: "the node's whole file system" },
  { path: "/etc", class: "host", what: "the node's configuration and Kubernetes credentials" },
  { path: "/proc", class: "host", what: "the host's processes and kernel settings" },
  { path: "/sys", class: "host", what: "kernel, cgroup and device settings" },
  { path: "/dev", class: "host", what: "the host's devices" },
  { path: "/boot", class: "host", what: "the kernel and boot loader" },
  { path: "/root", class: "host", what: "root's home directory with SSH keys and kubeconfigs" },
  { path: "/home", class: "host", what: "users' home directories with their SSH keys" },
  { path: "/lib", class: "host", what: "the node's system libraries" },
  { path: "/usr", class: "host", what: "the node's programs and libraries" },
  { path: "/var/lib/kubelet", class: "host", what: "the kubelet's credentials and every pod's volumes, Secrets included" },
  { path: "/var/lib/docker", class: "host", what: "Docker's images and every container's file system" },
  { path: "/var/lib/containerd", class: "host", what: "containerd's images and every container's file system" },
  { path: "/var/lib/containers", class: "host", what: "CRI-O and Podman images and container file systems" },
  { path: "/var/lib/etcd", class: "host", what: "etcd's data, every Secret of the cluster included" },
];

const LOGS: readonly SensitiveHostPath[] = [
  { path: "/var/log", class: "logs", what: "every pod's logs, which can hold secrets" },
];

/** In order of severity: the first match wins. */
export const SENSITIVE_HOST_PATHS: readonly SensitiveHostPath[] = [...RUNTIME, ...HOST, ...LOGS];

/**
 * Normalises an absolute host path; undefined for relative or non-string paths (Windows drive paths included).
 * `/var/run` and everything below it is rewritten to `/run`.
 */
export function normalizeHostPath(p: unknown): string | undefined {
  if (typeof p !== "string" || !p.startsWith("/")) return undefined;
  const parts: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  if (parts[0] === "var" && parts[1] === "run") parts.splice(0, 2, "run");
  return `/${parts.join("/")}`;
}

/** How a mounted path relates to a listed one. */
export type HostPathRelation = "same" | "inside" | "contains";

export interface HostPathMatch {
  readonly entry: SensitiveHostPath;
  readonly relation: HostPathRelation;
  /** The listed path as it appears under the mounted one (`/var/run` under `/var`). */
  readonly shown: string;
}

const RANK: Record<HostPathClass, number> = { runtime: 0, host: 1, logs: 2 };

/** `/var/run/…` is the same place as `/run/…`: a mount of `/var` exposes `/run` through the symlink. */
function spellings(listed: string): string[] {
  return listed === "/run" || listed.startsWith("/run/") ? [listed, `/var${listed}`] : [listed];
}

function isBelow(child: string, parent: string): boolean {
  return parent === "/" ? child !== "/" : child.startsWith(`${parent}/`);
}

/**
 * The most severe listed path a host path exposes: a listed path matches itself, anything below it and
 * any parent of it — except `/`, which matches only itself. A path that is or lies inside a listed one
 * is described by that one; a parent by the shallowest of the most severe paths it contains.
 */
export function matchSensitiveHostPath(hostPath: unknown, list: readonly SensitiveHostPath[] = SENSITIVE_HOST_PATHS): HostPathMatch | undefined {
  const p = normalizeHostPath(hostPath);
  if (p === undefined) return undefined;
  for (const entry of list) {
    if (p === entry.path) return { entry, relation: "same", shown: entry.path };
    if (entry.path !== "/" && isBelow(p, entry.path)) return { entry, relation: "inside", shown: entry.path };
  }
  let best: HostPathMatch | undefined;
  for (const entry of list) {
    if (entry.path === "/") continue;
    const shown = spellings(entry.path).find((s) => isBelow(s, p));
    if (shown === undefined) continue;
    const better = !best || RANK[entry.class] < RANK[best.entry.class] ||
      (RANK[entry.class] === RANK[best.entry.class] && shown.split("/").length < best.shown.split("/").length);
    if (better) best = { entry, relation: "contains", shown };
  }
  return best;
}

/** True when `hostPath` is one of `paths` or below one of them (both normalised). */
export function hostPathWithin(hostPath: unknown, paths: readonly unknown[]): boolean {
  const p = normalizeHostPath(hostPath);
  if (p === undefined) return false;
  return paths.some((q) => {
    const n = normalizeHostPath(q);
    return n !== undefined && (p === n || isBelow(p, n));
  });
}
