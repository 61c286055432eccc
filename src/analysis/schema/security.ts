/** Where a mistyped field weakens security, so `unknown-field` raises its level there. */
import type { Path } from "../../model/path.js";

const SECURITY_TYPES = /(^|\.)(PodSecurityContext|SecurityContext|Capabilities|SELinuxOptions|SeccompProfile|AppArmorProfile|WindowsSecurityContextOptions|PodSpec|Volume|PolicyRule|AggregationRule|Subject|RoleRef)$|^(rbac\.|networking\.v1\.NetworkPolicy)/;

/** Fields whose misspelling silently drops a security setting, wherever they sit. */
const SECURITY_FIELDS = new Set([
  "securityContext", "hostNetwork", "hostPID", "hostIPC", "hostUsers", "shareProcessNamespace", "privileged",
  "allowPrivilegeEscalation", "readOnlyRootFilesystem", "runAsNonRoot", "runAsUser", "runAsGroup", "capabilities",
  "seccompProfile", "appArmorProfile", "seLinuxOptions", "procMount", "volumes", "automountServiceAccountToken",
  "serviceAccountName", "hostPath", "hostPort",
]);

/**
 * True for fields of security contexts and capabilities, pod-spec siblings of hostNetwork/hostPID/hostIPC,
 * volume definitions, RBAC rules and bindings, NetworkPolicy specs, and any key that looks like a misspelt security field.
 */
export function isSecurityRelevant(parentType: string, path: Path, suggestions: readonly string[] = []): boolean {
  return SECURITY_TYPES.test(parentType) || path.includes("securityContext") || path.includes("volumes") || suggestions.some((s) => SECURITY_FIELDS.has(s));
}
