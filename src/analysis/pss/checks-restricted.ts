/** Restricted checks of the Pod Security Standards, one function per policy revision. */
import { arr, obj } from "../../model/index.js";
import { unmaskedProcMounts, validSeccompType, type CheckFn, type RawViolation } from "./checks-baseline.js";
import { display, present, securityContextOf, structOf, subjectOf, type PodView } from "./pod.js";

const SC = "securityContext";

const ALLOWED_VOLUME_TYPES: readonly string[] = [
  "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret",
];

/** Every other inline volume source Kubernetes knows; a volume with none of these defaults to emptyDir. */
const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd",
  "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk",
  "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
];

export function restrictedVolumes(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  arr(pod.spec.volumes).forEach((v, i) => {
    const volume = obj(v);
    if (!volume) return;
    if (ALLOWED_VOLUME_TYPES.some((t) => present(volume[t]))) return;
    const type = RESTRICTED_VOLUME_TYPES.find((t) => present(volume[t]));
    if (type === undefined) return; // no source: the API server defaults it to emptyDir
    out.push({
      path: [...pod.specPath, "volumes", i, type],
      messageId: "restrictedVolume",
      data: { name: display(volume.name ?? `#${i}`), value: type },
    });
  });
  return out;
}

export function allowPrivilegeEscalation_1_8(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  for (const c of pod.containers) {
    const value = securityContextOf(c)?.allowPrivilegeEscalation;
    if (value === false) continue;
    const path = [...c.path, SC, "allowPrivilegeEscalation"];
    const data = { subject: subjectOf(c), name: c.name, value: display(value) };
    out.push(typeof value === "boolean" ? { path, messageId: "escalationAllowed", data } : { path, messageId: "escalationUnset", data });
  }
  return out;
}

/** From 1.25 the Linux-only restricted controls do not apply to Windows pods. */
export function exceptWindows(fn: CheckFn): CheckFn {
  return (pod) => (pod.windows ? [] : fn(pod));
}

/** From 1.35 runAsNonRoot and runAsUser do not apply to pods in a user namespace. */
export function exceptUserNamespace(fn: CheckFn): CheckFn {
  return (pod) => (pod.userNamespace ? [] : fn(pod));
}

export function runAsNonRoot_1_0(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  const podValue = pod.podSecurityContext?.runAsNonRoot;
  if (podValue === false) {
    out.push({ path: [...pod.specPath, SC, "runAsNonRoot"], messageId: "nonRootFalse", data: { subject: "pod", value: "false" } });
  }
  for (const c of pod.containers) {
    const value = securityContextOf(c)?.runAsNonRoot;
    const path = [...c.path, SC, "runAsNonRoot"];
    if (value === false) {
      out.push({ path, messageId: "nonRootFalse", data: { subject: subjectOf(c), name: c.name, value: "false" } });
    } else if (value !== true && podValue !== true && podValue !== false) {
      // A container inheriting an explicit pod-level false is covered by the pod's finding.
      out.push({ path, messageId: "nonRootUnset", data: { subject: subjectOf(c), name: c.name, value: display(value) } });
    }
  }
  return out;
}

export function runAsUser_1_23(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  if (pod.podSecurityContext?.runAsUser === 0) {
    out.push({ path: [...pod.specPath, SC, "runAsUser"], messageId: "rootUser", data: { subject: "pod", value: 0 } });
  }
  for (const c of pod.containers) {
    if (securityContextOf(c)?.runAsUser === 0) {
      out.push({ path: [...c.path, SC, "runAsUser"], messageId: "rootUser", data: { subject: subjectOf(c), name: c.name, value: 0 } });
    }
  }
  return out;
}

export function seccompProfileRestricted_1_19(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  const podProfile = structOf(pod.podSecurityContext?.seccompProfile);
  if (podProfile && !validSeccompType(podProfile.type)) {
    out.push({ path: [...pod.specPath, SC, "seccompProfile", "type"], messageId: "seccompType", data: { subject: "pod", value: display(podProfile.type ?? "") } });
  }
  for (const c of pod.containers) {
    const profile = structOf(securityContextOf(c)?.seccompProfile);
    if (profile) {
      if (!validSeccompType(profile.type)) {
        out.push({ path: [...c.path, SC, "seccompProfile", "type"], messageId: "seccompType", data: { subject: subjectOf(c), name: c.name, value: display(profile.type ?? "") } });
      }
    } else if (!podProfile) {
      // With a bad pod-level profile the container is covered by the pod's finding.
      out.push({ path: [...c.path, SC, "seccompProfile"], messageId: "seccompUnset", data: { subject: subjectOf(c), name: c.name } });
    }
  }
  return out;
}

export function capabilitiesRestricted_1_22(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  for (const c of pod.containers) {
    const caps = structOf(securityContextOf(c)?.capabilities);
    const drop = caps?.drop;
    if (!arr(drop).some((d) => d === "ALL")) {
      out.push({
        path: [...c.path, SC, "capabilities", "drop"],
        messageId: "dropAllMissing",
        data: { subject: subjectOf(c), name: c.name, value: present(drop) ? display(drop) : "unset" },
      });
    }
    arr(caps?.add).forEach((cap, i) => {
      if (cap === "NET_BIND_SERVICE") return;
      out.push({
        path: [...c.path, SC, "capabilities", "add", i],
        messageId: "capabilityAdded",
        data: { subject: subjectOf(c), name: c.name, value: display(cap) },
      });
    });
  }
  return out;
}

/** Restricted keeps forbidding unmasked /proc even for pods in a user namespace. */
export function procMountRestricted_1_35(pod: PodView): RawViolation[] {
  return unmaskedProcMounts(pod, "");
}
