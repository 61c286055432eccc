/** What makes a workload dangerous to expose: the fields an attacker who gets in would use to get out. */
import { arr, getIn, obj, str, type Path, type PodSpecRef } from "../../model/index.js";
import { evaluateCheck } from "../pss/index.js";
import { matchSensitiveHostPath } from "../../model/host-paths.js";

export interface RiskyField {
  readonly path: Path;
  /** A short phrase: `privileged container "app"`, `hostNetwork`, `hostPath "/var/run/docker.sock"`. */
  readonly what: string;
}

export const DANGEROUS_CAPABILITIES: readonly string[] = ["ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "NET_ADMIN", "DAC_READ_SEARCH", "BPF"];

/**
 * Risky fields of a pod: privileged containers, host namespaces, sensitive hostPath volumes (the shared
 * list of src/model/host-paths.ts), an explicit
 * root user (`runAsUser: 0`, outside a user namespace) and dangerous added capabilities.
 */
export function riskyFields(pod: PodSpecRef, kubeVersion: string): RiskyField[] {
  const out: RiskyField[] = [];
  for (const v of evaluateCheck("privileged", pod, kubeVersion)) out.push({ path: v.path, what: `privileged ${String(v.data.subject ?? "container")}` });
  for (const v of evaluateCheck("hostNamespaces", pod, kubeVersion)) out.push({ path: v.path, what: String(v.data.field ?? "host namespace") });
  arr(pod.spec.volumes).forEach((vol, i) => {
    const hp = str(getIn(vol, ["hostPath", "path"]));
    const match = hp !== undefined ? matchSensitiveHostPath(hp) : undefined;
    if (match) out.push({ path: [...pod.path, "volumes", i, "hostPath", "path"], what: `hostPath "${hp ?? ""}" (${match.entry.what})` });
  });
  for (const v of evaluateCheck("runAsUser", pod, kubeVersion)) out.push({ path: v.path, what: `runAsUser 0 on ${v.data.subject === "pod" || v.data.subject === undefined ? "the pod" : String(v.data.subject)}` });
  for (const c of pod.containers) {
    arr(getIn(obj(c.value.securityContext), ["capabilities", "add"])).forEach((cap, j) => {
      if (typeof cap !== "string") return;
      const name = cap.toUpperCase().replace(/^CAP_/, "");
      if (DANGEROUS_CAPABILITIES.includes(name)) out.push({ path: [...c.path, "securityContext", "capabilities", "add", j], what: `capability ${cap} on container "${c.name}"` });
    });
  }
  return out;
}
