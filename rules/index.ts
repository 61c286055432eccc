/** The built-in rules, listed explicitly (no directory scanning at run time: the Action is a bundle). Keep sorted by id. */
import type { Rule } from "../src/rule-api.js";
import addedCapabilities from "./pod-security/added-capabilities.js";
import apparmorProfile from "./pod-security/apparmor-profile.js";
import capabilitiesNotDropped from "./pod-security/capabilities-not-dropped.js";
import duplicateKey from "./syntax/duplicate-key.js";
import hostNamespaces from "./pod-security/host-namespaces.js";
import hostPathVolume from "./pod-security/host-path-volume.js";
import hostPort from "./pod-security/host-port.js";
import hostProbe from "./pod-security/host-probe.js";
import hostProcess from "./pod-security/host-process.js";
import imageTagMutable from "./images/image-tag-mutable.js";
import malformedPodSpec from "./workload/malformed-pod-spec.js";
import namespacePodSecurityLevel from "./pod-security/namespace-pod-security-level.js";
import notAResource from "./syntax/not-a-resource.js";
import podSecurityAdmission from "./pod-security/pod-security-admission.js";
import privilegeEscalation from "./pod-security/privilege-escalation.js";
import privilegedContainer from "./pod-security/privileged-container.js";
import procMount from "./pod-security/proc-mount.js";
import procMountRestricted from "./pod-security/proc-mount-restricted.js";
import restrictedVolumeTypes from "./pod-security/restricted-volume-types.js";
import runAsNonRoot from "./pod-security/run-as-non-root.js";
import runAsRootUser from "./pod-security/run-as-root-user.js";
import seccompProfileMissing from "./pod-security/seccomp-profile-missing.js";
import seccompUnconfined from "./pod-security/seccomp-unconfined.js";
import selinuxOptions from "./pod-security/selinux-options.js";
import unsafeSysctls from "./pod-security/unsafe-sysctls.js";
import unusedSuppression from "./syntax/unused-suppression.js";
import yamlSyntax from "./syntax/yaml-syntax.js";

export const builtInRules: readonly Rule[] = [
  addedCapabilities,
  apparmorProfile,
  capabilitiesNotDropped,
  duplicateKey,
  hostNamespaces,
  hostPathVolume,
  hostPort,
  hostProbe,
  hostProcess,
  imageTagMutable,
  malformedPodSpec,
  namespacePodSecurityLevel,
  notAResource,
  podSecurityAdmission,
  privilegeEscalation,
  privilegedContainer,
  procMount,
  procMountRestricted,
  restrictedVolumeTypes,
  runAsNonRoot,
  runAsRootUser,
  seccompProfileMissing,
  seccompUnconfined,
  selinuxOptions,
  unsafeSysctls,
  unusedSuppression,
  yamlSyntax,
];
