/**
 * Baseline checks of the Pod Security Standards, written from the published
 * standard and the upstream policy's documented semantics, one function per
 * policy revision.
 */
import { arr, getIn, obj, str, type Path } from "../../model/index.js";
import { display, present, securityContextOf, structOf, subjectOf, type PodView } from "./pod.js";

export interface RawViolation {
  readonly path: Path;
  readonly messageId: string;
  readonly data: Record<string, string | number>;
}

export type CheckFn = (pod: PodView) => RawViolation[];

const SC = "securityContext";

export function windowsHostProcess(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  const podValue = getIn(pod.podSecurityContext, ["windowsOptions", "hostProcess"]);
  if (podValue === true) {
    out.push({ path: [...pod.specPath, SC, "windowsOptions", "hostProcess"], messageId: "hostProcess", data: { subject: "pod", value: "true" } });
  }
  for (const c of pod.containers) {
    if (getIn(securityContextOf(c), ["windowsOptions", "hostProcess"]) === true) {
      out.push({ path: [...c.path, SC, "windowsOptions", "hostProcess"], messageId: "hostProcess", data: { subject: subjectOf(c), name: c.name, value: "true" } });
    }
  }
  return out;
}

export function hostNamespaces(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
    if (pod.spec[field] === true) {
      out.push({ path: [...pod.specPath, field], messageId: "hostNamespace", data: { field, value: "true" } });
    }
  }
  return out;
}

export function privileged(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  for (const c of pod.containers) {
    if (securityContextOf(c)?.privileged === true) {
      out.push({ path: [...c.path, SC, "privileged"], messageId: "privileged", data: { subject: subjectOf(c), name: c.name, value: "true" } });
    }
  }
  return out;
}

export const BASELINE_CAPABILITIES: readonly string[] = [
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
  "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
];
const BASELINE_CAPABILITY_SET = new Set(BASELINE_CAPABILITIES);

export function capabilitiesBaseline(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  for (const c of pod.containers) {
    const add = getIn(securityContextOf(c), ["capabilities", "add"]);
    arr(add).forEach((cap, i) => {
      if (typeof cap === "string" && BASELINE_CAPABILITY_SET.has(cap)) return;
      out.push({
        path: [...c.path, SC, "capabilities", "add", i],
        messageId: "capabilityAdded",
        data: { subject: subjectOf(c), name: c.name, value: display(cap), allowed: BASELINE_CAPABILITIES.join(", ") },
      });
    });
  }
  return out;
}

export function hostPathVolumes(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  arr(pod.spec.volumes).forEach((v, i) => {
    const volume = obj(v);
    if (!volume || !present(volume.hostPath)) return;
    const hostPath = getIn(volume.hostPath, ["path"]);
    out.push({
      path: [...pod.specPath, "volumes", i, "hostPath"],
      messageId: "hostPath",
      data: { name: display(volume.name ?? `#${i}`), value: typeof hostPath === "string" ? `"${hostPath}"` : "(no path)" },
    });
  });
  return out;
}

export function hostPorts(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  for (const c of pod.containers) {
    arr(c.value.ports).forEach((p, j) => {
      const port = obj(p);
      if (!port) return;
      const hp = port.hostPort;
      if (!present(hp) || hp === 0 || hp === "") return;
      out.push({
        path: [...c.path, "ports", j, "hostPort"],
        messageId: "hostPort",
        data: { subject: subjectOf(c), name: c.name, value: display(hp), port: display(port.name ?? port.containerPort ?? j) },
      });
    });
  }
  return out;
}

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const LIFECYCLE = ["postStart", "preStop"] as const;

export function hostProbesAndHostLifecycle(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  for (const c of pod.containers) {
    const handlers: [Path, string, unknown][] = [
      ...PROBES.map((p): [Path, string, unknown] => [[p], p, c.value[p]]),
      ...LIFECYCLE.map((h): [Path, string, unknown] => [["lifecycle", h], `lifecycle.${h}`, getIn(c.value, ["lifecycle", h])]),
    ];
    for (const [rel, label, handler] of handlers) {
      for (const kind of ["httpGet", "tcpSocket"]) {
        const host = getIn(handler, [kind, "host"]);
        if (!present(host) || host === "") continue;
        out.push({
          path: [...c.path, ...rel, kind, "host"],
          messageId: "probeHost",
          data: { subject: subjectOf(c), name: c.name, field: `${label}.${kind}`, value: display(host) },
        });
      }
    }
  }
  return out;
}

const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

function allowedAppArmorType(t: unknown): boolean {
  return t === "RuntimeDefault" || t === "Localhost";
}

export function appArmorProfile(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  const podProfile = structOf(pod.podSecurityContext?.appArmorProfile);
  if (podProfile && !allowedAppArmorType(podProfile.type)) {
    out.push({ path: [...pod.specPath, SC, "appArmorProfile", "type"], messageId: "appArmorType", data: { subject: "pod", value: display(podProfile.type ?? "") } });
  }
  for (const c of pod.containers) {
    const profile = structOf(securityContextOf(c)?.appArmorProfile);
    if (profile && !allowedAppArmorType(profile.type)) {
      out.push({ path: [...c.path, SC, "appArmorProfile", "type"], messageId: "appArmorType", data: { subject: subjectOf(c), name: c.name, value: display(profile.type ?? "") } });
    }
  }
  for (const [key, raw] of Object.entries(pod.annotations)) {
    if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
    const value = raw === null || raw === undefined ? "" : display(raw);
    if (value === "" || value === "runtime/default" || value.startsWith("localhost/")) continue;
    out.push({ path: [...pod.metadataPath, "annotations", key], messageId: "appArmorAnnotation", data: { key, value } });
  }
  return out;
}

const SELINUX_TYPES_1_0: readonly string[] = ["container_t", "container_init_t", "container_kvm_t"];
const SELINUX_TYPES_1_31: readonly string[] = [...SELINUX_TYPES_1_0, "container_engine_t"];

function seLinuxOptionsWith(types: readonly string[]): CheckFn {
  const allowed = new Set(types);
  return (pod) => {
    const out: RawViolation[] = [];
    const inspect = (opts: unknown, base: Path, subject: string, name: string | undefined): void => {
      const o = structOf(opts);
      if (!o) return;
      const data = (value: unknown): Record<string, string> => ({ subject, ...(name === undefined ? {} : { name }), value: display(value) });
      const type = o.type;
      if (present(type) && type !== "" && !(typeof type === "string" && allowed.has(type))) {
        out.push({ path: [...base, "type"], messageId: "seLinuxType", data: { ...data(type), allowed: types.join(", ") } });
      }
      if (present(o.user) && o.user !== "") out.push({ path: [...base, "user"], messageId: "seLinuxUser", data: data(o.user) });
      if (present(o.role) && o.role !== "") out.push({ path: [...base, "role"], messageId: "seLinuxRole", data: data(o.role) });
    };
    inspect(pod.podSecurityContext?.seLinuxOptions, [...pod.specPath, SC, "seLinuxOptions"], "pod", undefined);
    for (const c of pod.containers) {
      inspect(securityContextOf(c)?.seLinuxOptions, [...c.path, SC, "seLinuxOptions"], subjectOf(c), c.name);
    }
    return out;
  };
}

export const seLinuxOptions_1_0 = seLinuxOptionsWith(SELINUX_TYPES_1_0);
export const seLinuxOptions_1_31 = seLinuxOptionsWith(SELINUX_TYPES_1_31);

/** Any procMount other than Default; shared by the baseline and restricted checks. */
export function unmaskedProcMounts(pod: PodView, relaxation: string): RawViolation[] {
  const out: RawViolation[] = [];
  for (const c of pod.containers) {
    const pm = securityContextOf(c)?.procMount;
    if (!present(pm) || pm === "Default") continue;
    out.push({ path: [...c.path, SC, "procMount"], messageId: "procMount", data: { subject: subjectOf(c), name: c.name, value: display(pm), relaxation } });
  }
  return out;
}

export const procMount_1_0: CheckFn = (pod) => unmaskedProcMounts(pod, "");

/** From 1.35 a pod in a user namespace (`hostUsers: false`) may use any procMount. */
export const procMount_1_35: CheckFn = (pod) =>
  pod.userNamespace ? [] : unmaskedProcMounts(pod, " (any value is allowed when the pod sets hostUsers: false)");

const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

function allowedSeccompAnnotation(v: string): boolean {
  return v === "runtime/default" || v === "docker/default" || v.startsWith("localhost/");
}

/** Before 1.19 seccomp was set by annotations only. */
export function seccompProfileBaseline_1_0(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  const keys = [SECCOMP_POD_ANNOTATION, ...pod.containers.map((c) => SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name)];
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key) || !Object.prototype.hasOwnProperty.call(pod.annotations, key)) continue;
    seen.add(key);
    const raw = pod.annotations[key];
    const value = raw === null || raw === undefined ? "" : display(raw);
    if (allowedSeccompAnnotation(value)) continue;
    out.push({ path: [...pod.metadataPath, "annotations", key], messageId: "seccompAnnotation", data: { key, value } });
  }
  return out;
}

export function validSeccompType(t: unknown): boolean {
  return t === "RuntimeDefault" || t === "Localhost";
}

/** From 1.19 the `seccompProfile` fields; a set profile must be RuntimeDefault or Localhost. */
export function seccompProfileBaseline_1_19(pod: PodView): RawViolation[] {
  const out: RawViolation[] = [];
  const podProfile = structOf(pod.podSecurityContext?.seccompProfile);
  if (podProfile && !validSeccompType(podProfile.type)) {
    out.push({ path: [...pod.specPath, SC, "seccompProfile", "type"], messageId: "seccompType", data: { subject: "pod", value: display(podProfile.type ?? "") } });
  }
  for (const c of pod.containers) {
    const profile = structOf(securityContextOf(c)?.seccompProfile);
    if (profile && !validSeccompType(profile.type)) {
      out.push({ path: [...c.path, SC, "seccompProfile", "type"], messageId: "seccompType", data: { subject: subjectOf(c), name: c.name, value: display(profile.type ?? "") } });
    }
  }
  return out;
}

const SYSCTLS_1_0: readonly string[] = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_unprivileged_port_start",
];
const SYSCTLS_1_27: readonly string[] = [...SYSCTLS_1_0, "net.ipv4.ip_local_reserved_ports"];
const SYSCTLS_1_29: readonly string[] = [
  ...SYSCTLS_1_27,
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];
const SYSCTLS_1_32: readonly string[] = [...SYSCTLS_1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
const SYSCTLS_1_37: readonly string[] = [...SYSCTLS_1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"];

/** The safe sysctls at a policy version's minor number. */
export function safeSysctls(minor: number): readonly string[] {
  if (minor >= 37) return SYSCTLS_1_37;
  if (minor >= 32) return SYSCTLS_1_32;
  if (minor >= 29) return SYSCTLS_1_29;
  if (minor >= 27) return SYSCTLS_1_27;
  return SYSCTLS_1_0;
}

function sysctlsWith(list: readonly string[]): CheckFn {
  const allowed = new Set(list);
  return (pod) => {
    const out: RawViolation[] = [];
    arr(pod.podSecurityContext?.sysctls).forEach((entry, i) => {
      const name = obj(entry)?.name;
      if (typeof name === "string" && allowed.has(name)) return;
      out.push({
        path: [...pod.specPath, SC, "sysctls", i],
        messageId: "sysctl",
        data: { value: str(name) ?? display(name ?? ""), version: `1.${pod.minor}`, allowed: list.join(", ") },
      });
    });
    return out;
  };
}

export const sysctls_1_0 = sysctlsWith(SYSCTLS_1_0);
export const sysctls_1_27 = sysctlsWith(SYSCTLS_1_27);
export const sysctls_1_29 = sysctlsWith(SYSCTLS_1_29);
export const sysctls_1_32 = sysctlsWith(SYSCTLS_1_32);
export const sysctls_1_37 = sysctlsWith(SYSCTLS_1_37);
