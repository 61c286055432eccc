import { evaluatePodSpec, type PssLevel, type PssViolation } from "../../src/analysis/pss/index.js";
import { getIn, parseKubeVersion, podSpecOf, type Path, type Resource } from "../../src/model/index.js";
import { defineRule, type Level } from "../../src/rule-api.js";

type Mode = "enforce" | "warn" | "audit";

const MODES: readonly { mode: Mode; level: Level; messageId: "rejected" | "warned" | "audited" }[] = [
  { mode: "enforce", level: "error", messageId: "rejected" },
  { mode: "warn", level: "warning", messageId: "warned" },
  { mode: "audit", level: "note", messageId: "audited" },
];

const LABEL_PREFIX = "pod-security.kubernetes.io/";
const LEVELS: readonly PssLevel[] = ["privileged", "baseline", "restricted"];

interface ModePolicy {
  readonly mode: Mode;
  readonly findingLevel: Level;
  readonly messageId: "rejected" | "warned" | "audited";
  readonly pssLevel: PssLevel;
  /** Normalised `1.N`, or undefined for `latest` (the target version of each workload). */
  readonly version: string | undefined;
  readonly labelKey: string;
  /** The label's value as written. */
  readonly labelValue: string;
}

function show(v: unknown): string {
  return typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
}

function labelPath(key: string): Path {
  return ["metadata", "labels", key];
}

/**
 * The PSA policy a Namespace's labels select, one per mode. Invalid values fall back
 * the way the admission controller does: an unknown level to restricted, an unknown
 * version to latest.
 */
function policiesOf(ns: Resource): { policies: ModePolicy[]; invalid: { key: string; value: string; kind: "level" | "version" }[] } {
  const policies: ModePolicy[] = [];
  const invalid: { key: string; value: string; kind: "level" | "version" }[] = [];
  for (const m of MODES) {
    const labelKey = `${LABEL_PREFIX}${m.mode}`;
    const raw = getIn(ns.value, ["metadata", "labels", labelKey]);
    if (raw === undefined || raw === null) continue;
    let pssLevel = LEVELS.find((l) => l === raw);
    if (!pssLevel) {
      invalid.push({ key: labelKey, value: show(raw), kind: "level" });
      pssLevel = "restricted";
    }
    const versionKey = `${labelKey}-version`;
    const rawVersion = getIn(ns.value, ["metadata", "labels", versionKey]);
    let version: string | undefined;
    if (rawVersion !== undefined && rawVersion !== null && rawVersion !== "latest") {
      version = typeof rawVersion === "string" ? parseKubeVersion(rawVersion) : undefined;
      if (version === undefined) invalid.push({ key: versionKey, value: show(rawVersion), kind: "version" });
    }
    policies.push({ mode: m.mode, findingLevel: m.level, messageId: m.messageId, pssLevel, version, labelKey, labelValue: show(raw) });
  }
  return { policies, invalid };
}

export default defineRule({
  meta: {
    id: "pod-security-admission",
    title: "Workloads must pass their namespace's Pod Security Admission level",
    description:
      "When the repository holds a workload's Namespace and that Namespace sets pod-security.kubernetes.io/enforce, the API server rejects every pod that breaks the level at the pinned version. A Deployment, Job or other controller is accepted, but its pods then fail to be created, which only shows up as a stuck rollout. This rule evaluates each workload exactly at its namespace's level and version, so the failure shows up in review instead. warn and audit labels give warnings and notes.",
    remediation:
      "Change the offending field so the pod meets the namespace's level, or, if the workload really needs the access, move it to a namespace with a lower level (with the reason written down). Fix invalid label values: levels are privileged, baseline or restricted; versions are latest or v1.N.",
    category: "pod-security",
    level: "error",
    securitySeverity: 6.5,
    precision: "very-high",
    tags: ["pod-security", "security", "admission"],
    presets: ["recommended", "strict"],
    messages: {
      rejected: "{{detail}}; namespace \"{{namespace}}\" enforces the {{level}} Pod Security level ({{version}}), so {{consequence}}",
      warned: "{{detail}}; namespace \"{{namespace}}\" warns at the {{level}} Pod Security level ({{version}}), so applying {{what}} prints a warning",
      audited: "{{detail}}; namespace \"{{namespace}}\" audits at the {{level}} Pod Security level ({{version}}), so {{what}} is recorded in the audit log",
      invalidLevel: "namespace \"{{namespace}}\" sets {{label}}: \"{{value}}\"; the level must be privileged, baseline or restricted, and admission treats it as restricted",
      invalidVersion: "namespace \"{{namespace}}\" sets {{label}}: \"{{value}}\"; the version must be latest or v1.N, and admission treats it as latest",
    },
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-admission/"],
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const policyCache = new Map<number, ModePolicy[]>();
    const policyFor = (ns: Resource): ModePolicy[] => {
      let cached = policyCache.get(ns.id);
      if (!cached) {
        const { policies, invalid } = policiesOf(ns);
        for (const bad of invalid) {
          ctx.report({
            resource: ns,
            path: labelPath(bad.key),
            messageId: bad.kind === "level" ? "invalidLevel" : "invalidVersion",
            data: { namespace: ns.name ?? "", label: bad.key, value: bad.value },
          });
        }
        cached = policies;
        policyCache.set(ns.id, cached);
      }
      return cached;
    };

    // Invalid labels are worth a finding even before any workload lands in the namespace.
    for (const ns of index.ofKind("Namespace")) if (ns.group === "") policyFor(ns);

    for (const resource of index.all) {
      if (resource.namespace === undefined) continue;
      const pod = podSpecOf(resource, ctx.workloadKinds);
      if (!pod) continue;
      const ns = index.get("Namespace", undefined, resource.namespace).find((r) => r.group === "");
      if (!ns) continue;
      const isPod = resource.kind === "Pod" && resource.group === "";
      const what = isPod ? "the pod" : `${resource.kind} "${resource.name ?? "(unnamed)"}"`;
      const consequence = isPod
        ? "the pod will be rejected at admission"
        : `the pods of ${resource.kind} "${resource.name ?? "(unnamed)"}" will be rejected at admission and fail to be created`;
      const reported = new Set<string>();
      for (const policy of policyFor(ns)) {
        if (policy.pssLevel === "privileged") continue;
        const version = policy.version ?? ctx.kubeVersionFor(resource);
        const violations: PssViolation[] = evaluatePodSpec(pod, policy.pssLevel, version);
        for (const v of violations) {
          const key = JSON.stringify(v.path);
          if (reported.has(key)) continue; // a stricter mode already reported this field
          reported.add(key);
          ctx.report({
            resource,
            path: v.path,
            level: policy.findingLevel,
            messageId: policy.messageId,
            data: {
              detail: v.message,
              namespace: resource.namespace,
              level: policy.pssLevel,
              version: policy.version === undefined ? `latest = v${version}` : `v${version}`,
              consequence,
              what,
            },
            related: [
              {
                resource: ns,
                path: labelPath(policy.labelKey),
                message: `namespace "${resource.namespace}" sets ${policy.labelKey}: ${policy.labelValue}`,
              },
            ],
          });
        }
      }
    }
  },
});
