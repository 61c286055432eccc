import type { PssCheckId } from "./types.js";

/**
 * Message templates for every check, by message id. Rules use the set of their
 * check as `meta.messages`; `{{key}}` placeholders are filled from a violation's data.
 * `{{subject}}` is `pod` or `container "name"` (`init container`, `ephemeral container`).
 */
export const PSS_MESSAGES = {
  windowsHostProcess: {
    hostProcess: "{{subject}} sets securityContext.windowsOptions.hostProcess: {{value}}; Windows HostProcess containers are not allowed, leave it unset or false",
  },
  hostNamespaces: {
    hostNamespace: "pod sets {{field}}: {{value}}; sharing the node's namespaces is not allowed, leave {{field}} unset or false",
  },
  privileged: {
    privileged: "{{subject}} sets securityContext.privileged: {{value}}; only false or unset is allowed",
  },
  capabilities_baseline: {
    capabilityAdded: "{{subject}} adds capability \"{{value}}\"; only {{allowed}} may be added",
  },
  hostPathVolumes: {
    hostPath: "volume \"{{name}}\" mounts hostPath {{value}} from the node; hostPath volumes are not allowed",
  },
  hostPorts: {
    hostPort: "{{subject}} sets hostPort: {{value}} on port \"{{port}}\"; only 0 or unset is allowed",
  },
  hostProbesAndHostLifecycle: {
    probeHost: "{{subject}} sets {{field}}.host: \"{{value}}\"; probes and lifecycle hooks may only target the pod itself, leave host empty",
  },
  appArmorProfile: {
    appArmorType: "{{subject}} sets securityContext.appArmorProfile.type: \"{{value}}\"; only RuntimeDefault or Localhost is allowed",
    appArmorAnnotation: "annotation \"{{key}}\" sets AppArmor profile \"{{value}}\"; only runtime/default, localhost/<profile> or an empty value is allowed",
  },
  seLinuxOptions: {
    seLinuxType: "{{subject}} sets securityContext.seLinuxOptions.type: \"{{value}}\"; only {{allowed}} or empty is allowed",
    seLinuxUser: "{{subject}} sets securityContext.seLinuxOptions.user: \"{{value}}\"; a custom SELinux user is not allowed, leave it empty",
    seLinuxRole: "{{subject}} sets securityContext.seLinuxOptions.role: \"{{value}}\"; a custom SELinux role is not allowed, leave it empty",
  },
  procMount: {
    procMount: "{{subject}} sets securityContext.procMount: \"{{value}}\"; only Default or unset is allowed{{relaxation}}",
  },
  seccompProfile_baseline: {
    seccompType: "{{subject}} sets securityContext.seccompProfile.type: \"{{value}}\"; only RuntimeDefault, Localhost or unset is allowed",
    seccompAnnotation: "annotation \"{{key}}\" sets seccomp profile \"{{value}}\"; only runtime/default, docker/default, localhost/<profile> or unset is allowed",
  },
  sysctls: {
    sysctl: "pod sets sysctl \"{{value}}\"; only the safe sysctls are allowed at Kubernetes {{version}}: {{allowed}}",
  },
  restrictedVolumes: {
    restrictedVolume: "volume \"{{name}}\" uses volume type \"{{value}}\"; only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes are allowed",
  },
  allowPrivilegeEscalation: {
    escalationUnset: "{{subject}} does not set securityContext.allowPrivilegeEscalation; it must be set to false",
    escalationAllowed: "{{subject}} sets securityContext.allowPrivilegeEscalation: {{value}}; it must be false",
  },
  runAsNonRoot: {
    nonRootFalse: "{{subject}} sets securityContext.runAsNonRoot: {{value}}; it must be true",
    nonRootUnset: "{{subject}} does not set securityContext.runAsNonRoot and the pod does not set it to true; set runAsNonRoot: true on the pod or the container",
  },
  runAsUser: {
    rootUser: "{{subject}} sets securityContext.runAsUser: {{value}}; running as user 0 (root) is not allowed, use a non-zero user ID",
  },
  seccompProfile_restricted: {
    seccompType: "{{subject}} sets securityContext.seccompProfile.type: \"{{value}}\"; only RuntimeDefault or Localhost is allowed",
    seccompUnset: "{{subject}} sets no seccompProfile and the pod sets none either; set securityContext.seccompProfile.type to RuntimeDefault or Localhost on the pod or the container",
  },
  capabilities_restricted: {
    dropAllMissing: "{{subject}} does not drop ALL capabilities (capabilities.drop is {{value}}); it must include \"ALL\"",
    capabilityAdded: "{{subject}} adds capability \"{{value}}\"; only NET_BIND_SERVICE may be added",
  },
  procMount_restricted: {
    procMount: "{{subject}} sets securityContext.procMount: \"{{value}}\"; only Default or unset is allowed, even with hostUsers: false",
  },
} as const satisfies Record<PssCheckId, Record<string, string>>;

export type PssMessages = typeof PSS_MESSAGES;
export type PssMessageId<C extends PssCheckId> = keyof PssMessages[C] & string;

/** Fills `{{key}}` placeholders; unknown keys are left as written. */
export function renderMessage(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : whole,
  );
}
