/**
 * Linux capability names as Kubernetes expects them: upper case, without the `CAP_` prefix
 * (the runtime adds it). `ALL` stands for every capability.
 */
export const LINUX_CAPABILITIES: readonly string[] = [
  "AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE", "CHOWN",
  "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE",
  "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST",
  "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT",
  "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME",
  "SYS_TTY_CONFIG", "SYSLOG", "WAKE_ALARM",
];

const KNOWN = new Set([...LINUX_CAPABILITIES, "ALL"]);

export type CapabilityNameProblem =
  /** Right name, wrong case (`net_raw`, `All`). */
  | { kind: "case"; fixed: string }
  /** `CAP_` prefix (any case) in front of a known name. */
  | { kind: "prefix"; fixed: string }
  /** Not a capability in any spelling. */
  | { kind: "unknown" };

/** What is wrong with a capability name as written, or undefined when it is exactly right. */
export function capabilityNameProblem(name: string): CapabilityNameProblem | undefined {
  if (KNOWN.has(name)) return undefined;
  const upper = name.trim().toUpperCase();
  if (upper.startsWith("CAP_") && KNOWN.has(upper.slice(4)) && upper.slice(4) !== "ALL") return { kind: "prefix", fixed: upper.slice(4) };
  if (KNOWN.has(upper)) return { kind: "case", fixed: upper };
  return { kind: "unknown" };
}
