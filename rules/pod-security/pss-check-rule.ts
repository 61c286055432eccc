/**
 * The shape every per-check Pod Security rule shares: one upstream PSA check, evaluated at the
 * target version, reported at the field it names. Category, tags, presets and levels follow from
 * the check's profile (baseline or restricted), so the nineteen rules cannot drift apart.
 */
import { PSS_CHECKS, PSS_MESSAGES, evaluateCheck, type PssCheckId } from "../../src/analysis/pss/index.js";
import { defineRule, type Rule } from "../../src/rule-api.js";

export interface PssCheckRuleMeta {
  id: string;
  title: string;
  description: string;
  remediation: string;
  securitySeverity: number;
}

export function pssCheckRule(check: PssCheckId, meta: PssCheckRuleMeta): Rule {
  const info = PSS_CHECKS.find((c) => c.id === check);
  if (!info) throw new Error(`unknown Pod Security check ${check}`);
  const baseline = info.level === "baseline";
  return defineRule({
    meta: {
      ...meta,
      category: "pod-security",
      level: baseline ? "error" : "warning",
      precision: "very-high",
      tags: baseline ? ["pss-baseline", "pss-restricted", "pod-security", "security"] : ["pss-restricted", "pod-security", "security"],
      presets: ["recommended", "strict"],
      ...(baseline ? {} : { presetLevels: { strict: "error" as const } }),
      messages: PSS_MESSAGES[check] as Record<string, string>,
      references: ["https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
      since: "0.1.0",
    },
    appliesTo: "podSpecs",
    check(target, ctx) {
      for (const v of evaluateCheck(check, target, ctx.kubeVersion)) {
        ctx.report({ path: v.path, messageId: v.messageId, data: v.data });
      }
    },
  });
}
