import type { ContainerRef, Path } from "../../model/index.js";

/** The three Pod Security Standards profiles, weakest first. */
export type PssLevel = "privileged" | "baseline" | "restricted";

export const PSS_LEVELS: readonly PssLevel[] = ["privileged", "baseline", "restricted"];

/** Check ids exactly as the upstream pod-security-admission policy spells them. */
export type PssCheckId =
  | "windowsHostProcess"
  | "hostNamespaces"
  | "privileged"
  | "capabilities_baseline"
  | "hostPathVolumes"
  | "hostPorts"
  | "hostProbesAndHostLifecycle"
  | "appArmorProfile"
  | "seLinuxOptions"
  | "procMount"
  | "seccompProfile_baseline"
  | "sysctls"
  | "restrictedVolumes"
  | "allowPrivilegeEscalation"
  | "runAsNonRoot"
  | "runAsUser"
  | "seccompProfile_restricted"
  | "capabilities_restricted"
  | "procMount_restricted";

/**
 * A pod to evaluate: a PodSpecRef from `podSpecOf` fits, and so does a bare
 * `{ spec, metadata }`. Every value is untrusted: any field may hold any type.
 */
export interface PssPod {
  readonly spec: unknown;
  /** Path of the pod spec within the resource (`path` is accepted as an alias). */
  readonly specPath?: Path;
  readonly path?: Path;
  readonly metadata?: unknown;
  readonly metadataPath?: Path;
  /** Every container with its path; derived from `spec` when absent. */
  readonly containers?: readonly ContainerRef[];
}

/** One reason a pod does not meet a check, located at the offending field. */
export interface PssViolation<M extends string = string> {
  readonly check: PssCheckId;
  /** The shipshape rule that reports this check. */
  readonly ruleId: string;
  /** The offending field; for a missing required field, the field that should exist. */
  readonly path: Path;
  readonly messageId: M;
  readonly data: Readonly<Record<string, string | number>>;
  /** The message rendered from the check's template. */
  readonly message: string;
}
