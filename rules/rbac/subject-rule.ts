/**
 * The shape of the binding-subject rules: each subject entry of a repo binding that a predicate picks
 * is reported at that entry, naming the role it receives and where.
 */
import { nsDisplay, rbacModel, scopeDisplay, subjectDisplay, type SubjectEntry } from "../../src/analysis/rbac/index.js";
import { defineRule, type Rule } from "../../src/rule-api.js";

export interface SubjectRuleMeta {
  id: string;
  title: string;
  description: string;
  remediation: string;
  level: "error" | "warning";
  securitySeverity: number;
  /** What the subject stands for, for the message: "every unauthenticated caller". */
  who: string;
}

export function subjectRule(pick: (s: SubjectEntry) => boolean, meta: SubjectRuleMeta): Rule {
  return defineRule({
    meta: {
      id: meta.id,
      title: meta.title,
      description: meta.description,
      remediation: meta.remediation,
      category: "rbac",
      level: meta.level,
      securitySeverity: meta.securitySeverity,
      precision: "very-high",
      tags: ["rbac", "security"],
      presets: ["recommended"],
      messages: {
        subject: '{{binding}} gives {{role}} {{scope}} to {{subject}} ({{who}})',
      },
      since: "0.1.0",
    },
    appliesTo: "repo",
    check(index, ctx) {
      const model = rbacModel(index, ctx.workloadKinds);
      for (const b of model.bindings) {
        if (!b.resource) continue;
        for (const s of b.subjects) {
          if (!pick(s)) continue;
          ctx.report({
            resource: b.resource,
            path: ["subjects", s.index],
            messageId: "subject",
            data: {
              binding: `${b.kind} "${b.kind === "RoleBinding" ? `${nsDisplay(b.ns)}/` : ""}${b.name}"`,
              role: b.roleRef ? `${b.roleRef.kind} "${b.roleRef.name}"` : "no role",
              scope: scopeDisplay(b.scope),
              subject: subjectDisplay(s.key),
              who: meta.who,
            },
          });
        }
      }
    },
  });
}
