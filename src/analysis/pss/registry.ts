import { DEFAULT_KUBE_VERSION, kubeMinor, parseKubeVersion } from "../../model/index.js";
import * as b from "./checks-baseline.js";
import type { CheckFn } from "./checks-baseline.js";
import * as r from "./checks-restricted.js";
import { PSS_MESSAGES, renderMessage, type PssMessageId } from "./messages.js";
import { podView } from "./pod.js";
import type { PssCheckId, PssLevel, PssPod, PssViolation } from "./types.js";

/** The newest policy version we implement; later versions use it. */
export const PSS_NEWEST_VERSION = "1.37";

export interface PssCheckInfo {
  /** Upstream check id. */
  readonly id: PssCheckId;
  /** The shipshape rule that reports it. */
  readonly ruleId: string;
  readonly level: Exclude<PssLevel, "privileged">;
  /** The first policy version the check applies in. */
  readonly since: string;
  /** Later versions where its behaviour changes. */
  readonly changes: readonly string[];
  /** Baseline checks this restricted check replaces at the restricted level, from `since`. */
  readonly overrides?: readonly PssCheckId[];
}

interface Revision {
  readonly minor: number;
  readonly fn: CheckFn;
}

interface CheckDef extends PssCheckInfo {
  readonly revisions: readonly Revision[];
}

function def(
  id: PssCheckId,
  ruleId: string,
  level: PssCheckInfo["level"],
  revisions: readonly Revision[],
  overrides?: readonly PssCheckId[],
): CheckDef {
  const [first, ...rest] = revisions;
  return {
    id,
    ruleId,
    level,
    since: `1.${first?.minor ?? 0}`,
    changes: rest.map((rev) => `1.${rev.minor}`),
    ...(overrides ? { overrides } : {}),
    revisions,
  };
}

const DEFS: readonly CheckDef[] = [
  def("windowsHostProcess", "host-process", "baseline", [{ minor: 0, fn: b.windowsHostProcess }]),
  def("hostNamespaces", "host-namespaces", "baseline", [{ minor: 0, fn: b.hostNamespaces }]),
  def("privileged", "privileged-container", "baseline", [{ minor: 0, fn: b.privileged }]),
  def("capabilities_baseline", "added-capabilities", "baseline", [{ minor: 0, fn: b.capabilitiesBaseline }]),
  def("hostPathVolumes", "host-path-volume", "baseline", [{ minor: 0, fn: b.hostPathVolumes }]),
  def("hostPorts", "host-port", "baseline", [{ minor: 0, fn: b.hostPorts }]),
  def("hostProbesAndHostLifecycle", "host-probe", "baseline", [{ minor: 34, fn: b.hostProbesAndHostLifecycle }]),
  def("appArmorProfile", "apparmor-profile", "baseline", [{ minor: 0, fn: b.appArmorProfile }]),
  def("seLinuxOptions", "selinux-options", "baseline", [
    { minor: 0, fn: b.seLinuxOptions_1_0 },
    { minor: 31, fn: b.seLinuxOptions_1_31 },
  ]),
  def("procMount", "proc-mount", "baseline", [
    { minor: 0, fn: b.procMount_1_0 },
    { minor: 35, fn: b.procMount_1_35 },
  ]),
  def("seccompProfile_baseline", "seccomp-unconfined", "baseline", [
    { minor: 0, fn: b.seccompProfileBaseline_1_0 },
    { minor: 19, fn: b.seccompProfileBaseline_1_19 },
  ]),
  def("sysctls", "unsafe-sysctls", "baseline", [
    { minor: 0, fn: b.sysctls_1_0 },
    { minor: 27, fn: b.sysctls_1_27 },
    { minor: 29, fn: b.sysctls_1_29 },
    { minor: 32, fn: b.sysctls_1_32 },
    { minor: 37, fn: b.sysctls_1_37 },
  ]),
  def("restrictedVolumes", "restricted-volume-types", "restricted", [{ minor: 0, fn: r.restrictedVolumes }], ["hostPathVolumes"]),
  def("allowPrivilegeEscalation", "privilege-escalation", "restricted", [
    { minor: 8, fn: r.allowPrivilegeEscalation_1_8 },
    { minor: 25, fn: r.exceptWindows(r.allowPrivilegeEscalation_1_8) },
  ]),
  def("runAsNonRoot", "run-as-non-root", "restricted", [
    { minor: 0, fn: r.runAsNonRoot_1_0 },
    { minor: 35, fn: r.exceptUserNamespace(r.runAsNonRoot_1_0) },
  ]),
  def("runAsUser", "run-as-root-user", "restricted", [
    { minor: 23, fn: r.runAsUser_1_23 },
    { minor: 35, fn: r.exceptUserNamespace(r.runAsUser_1_23) },
  ]),
  def(
    "seccompProfile_restricted",
    "seccomp-profile-missing",
    "restricted",
    [
      { minor: 19, fn: r.seccompProfileRestricted_1_19 },
      { minor: 25, fn: r.exceptWindows(r.seccompProfileRestricted_1_19) },
    ],
    ["seccompProfile_baseline"],
  ),
  def(
    "capabilities_restricted",
    "capabilities-not-dropped",
    "restricted",
    [
      { minor: 22, fn: r.capabilitiesRestricted_1_22 },
      { minor: 25, fn: r.exceptWindows(r.capabilitiesRestricted_1_22) },
    ],
    ["capabilities_baseline"],
  ),
  def("procMount_restricted", "proc-mount-restricted", "restricted", [{ minor: 35, fn: r.procMountRestricted_1_35 }], ["procMount"]),
];

const BY_ID = new Map<PssCheckId, CheckDef>(DEFS.map((d) => [d.id, d]));

/** Every Pod Security Admission check: upstream id, rule id, level and the versions it changes in. */
export const PSS_CHECKS: readonly PssCheckInfo[] = DEFS.map(({ revisions: _revisions, ...info }) => info);

/** The check id for a rule id, or undefined. */
export function pssCheckForRule(ruleId: string): PssCheckId | undefined {
  return DEFS.find((d) => d.ruleId === ruleId)?.id;
}

/** Upstream check ids by their lower-cased spelling (the fixture file names). */
export function pssCheckByLowerId(lower: string): PssCheckId | undefined {
  return DEFS.find((d) => d.id.toLowerCase() === lower)?.id;
}

/** The minor number of a policy version (`1.N`, `v1.N`, …); unparsable input means the default version. */
export function policyMinor(version: string): number {
  const normalised = parseKubeVersion(String(version)) ?? DEFAULT_KUBE_VERSION;
  return kubeMinor(normalised);
}

function revisionAt(d: CheckDef, minor: number): Revision | undefined {
  let found: Revision | undefined;
  for (const rev of d.revisions) if (rev.minor <= minor) found = rev;
  return found;
}

function run<C extends PssCheckId>(d: CheckDef, pod: PssPod, minor: number): PssViolation<PssMessageId<C>>[] {
  const rev = revisionAt(d, minor);
  if (!rev) return [];
  const templates: Readonly<Record<string, string>> = PSS_MESSAGES[d.id];
  return rev.fn(podView(pod, minor)).map((v) => ({
    check: d.id,
    ruleId: d.ruleId,
    path: v.path,
    messageId: v.messageId as PssMessageId<C>,
    data: v.data,
    message: renderMessage(templates[v.messageId] ?? v.messageId, v.data),
  }));
}

/** True when the check exists at that policy version. */
export function checkAppliesAt(checkId: PssCheckId, version: string): boolean {
  const d = BY_ID.get(checkId);
  return d !== undefined && revisionAt(d, policyMinor(version)) !== undefined;
}

/** Evaluates one check at a policy version, exactly as that check alone would judge the pod. */
export function evaluateCheck<C extends PssCheckId>(checkId: C, pod: PssPod, version: string): PssViolation<PssMessageId<C>>[] {
  const d = BY_ID.get(checkId);
  return d ? run<C>(d, pod, policyMinor(version)) : [];
}

/** The checks Pod Security Admission runs at a level and version, with restricted overrides applied. */
export function checksAt(level: PssLevel, version: string): PssCheckId[] {
  if (level === "privileged") return [];
  const minor = policyMinor(version);
  const active = DEFS.filter((d) => (level === "restricted" || d.level === "baseline") && revisionAt(d, minor) !== undefined);
  const overridden = new Set<PssCheckId>();
  if (level === "restricted") for (const d of active) for (const o of d.overrides ?? []) overridden.add(o);
  return active.filter((d) => !overridden.has(d.id)).map((d) => d.id);
}

/**
 * Evaluates a pod at a level and policy version as Pod Security Admission does:
 * every violation of every check that level runs. Never throws on malformed values.
 */
export function evaluatePodSpec(pod: PssPod, level: PssLevel, version: string): PssViolation[] {
  const minor = policyMinor(version);
  const out: PssViolation[] = [];
  for (const id of checksAt(level, version)) {
    const d = BY_ID.get(id);
    if (d) out.push(...run(d, pod, minor));
  }
  return out;
}
