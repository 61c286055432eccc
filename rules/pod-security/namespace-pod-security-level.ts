import { getIn } from "../../src/model/index.js";
import { defineRule } from "../../src/rule-api.js";

const ENFORCE = "pod-security.kubernetes.io/enforce";
const RANK: Readonly<Record<string, number>> = { privileged: 0, baseline: 1, restricted: 2 };

export default defineRule({
  meta: {
    id: "namespace-pod-security-level",
    title: "Namespaces must enforce a Pod Security level",
    description:
      "Pod Security Admission only protects a namespace that sets the pod-security.kubernetes.io/enforce label (unless the cluster sets a default). Without it, or with enforce: privileged, any pod is admitted, however privileged. This rule asks every Namespace in the repository to enforce at least the configured level (baseline by default).",
    remediation:
      "Add the label pod-security.kubernetes.io/enforce: baseline (or restricted) to the Namespace, optionally with pod-security.kubernetes.io/enforce-version to pin the policy version. Namespaces that truly need privileged pods should say why, with a suppression that carries a reason.",
    category: "pod-security",
    level: "error",
    securitySeverity: 6.0,
    precision: "very-high",
    tags: ["pod-security", "security", "admission"],
    presets: ["recommended", "strict"],
    messages: {
      missing: "namespace \"{{namespace}}\" sets no {{label}} label, so pods of any privilege are admitted; set it to {{minimum}} or restricted",
      tooLow: "namespace \"{{namespace}}\" sets {{label}}: \"{{value}}\"; it must enforce at least {{minimum}}",
    },
    options: {
      minimumLevel: {
        type: "string",
        enum: ["baseline", "restricted"],
        default: "baseline",
        description: "The lowest enforce level a Namespace may set.",
      },
    },
    references: ["https://kubernetes.io/docs/concepts/security/pod-security-admission/"],
    since: "0.1.0",
  },
  appliesTo: { kinds: ["Namespace"] },
  check(ns, ctx) {
    if (ns.group !== "") return;
    const minimum = ctx.options.minimumLevel === "restricted" ? "restricted" : "baseline";
    const namespace = ns.name ?? "(unnamed)";
    const raw = getIn(ns.value, ["metadata", "labels", ENFORCE]);
    if (raw === undefined || raw === null) {
      ctx.report({ path: ["metadata", "name"], messageId: "missing", data: { namespace, label: ENFORCE, minimum } });
      return;
    }
    const rank = typeof raw === "string" ? RANK[raw] : undefined;
    // An invalid level makes admission enforce restricted; pod-security-admission reports the value.
    if (rank === undefined) return;
    if (rank < (RANK[minimum] ?? 1)) {
      ctx.report({ path: ["metadata", "labels", ENFORCE], messageId: "tooLow", data: { namespace, label: ENFORCE, value: raw as string, minimum } });
    }
  },
});
