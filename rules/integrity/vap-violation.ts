import { defineRule } from "../../src/rule-api.js";
import { displayName } from "../../src/model/index.js";
import { evaluateVaps } from "../../src/policies/vap.js";

const VERB = { Deny: "would be denied by", Warn: "would get a warning from", Audit: "would be audited by" } as const;

export default defineRule({
  meta: {
    id: "vap-violation",
    title: "Resources must pass the repo's own ValidatingAdmissionPolicies",
    description:
      "When the repo ships ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding objects, the API server will check every matching object against them on apply. This rule runs the same CEL offline at pull-request time: matchConstraints and the binding's matchResources (resource rules, namespace and object selectors), matchConditions, variables, params from the repo (paramKind and paramRef), validations with message or messageExpression. A binding's validationActions set the level: Deny is an error, Warn a warning, Audit a note. What cannot be decided offline (params or a Namespace missing from the repo, `authorizer`, an expression that fails, for example on a field the API server would default) is reported as a note rather than passed silently.",
    remediation:
      "Change the resource so that the policy's validations hold (the message says which). If the policy should not apply to it, narrow the binding's matchResources or the policy's matchConstraints. For a note, add the missing params object or Namespace to the repo, or guard the expression with has().",
    category: "integrity",
    level: "error",
    securitySeverity: 6.0,
    precision: "high",
    tags: ["admission", "policy", "security"],
    presets: ["recommended"],
    messages: {
      violation: '{{object}} {{verb}} ValidatingAdmissionPolicy "{{policy}}" (binding "{{binding}}"): {{message}}',
      undecided: 'cannot decide offline whether {{object}} passes ValidatingAdmissionPolicy "{{policy}}"{{binding}}: {{reason}}',
      policyProblem: 'ValidatingAdmissionPolicy "{{policy}}": {{reason}}',
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    if (index.ofKind("ValidatingAdmissionPolicy").length === 0) return;
    for (const o of evaluateVaps(index)) {
      if (o.kind === "violation") {
        ctx.report({
          resource: o.resource, path: ["metadata", "name"], messageId: "violation", level: o.level, related: o.related,
          data: { object: displayName(o.resource), verb: VERB[o.action], policy: o.policy, binding: o.binding, message: o.message },
        });
      } else if (o.binding === undefined) {
        ctx.report({ resource: o.resource, path: o.path, messageId: "policyProblem", level: "note", data: { policy: o.policy, reason: o.reason } });
      } else {
        ctx.report({
          resource: o.resource, path: o.path, messageId: "undecided", level: "note", related: o.related,
          data: { object: displayName(o.resource), policy: o.policy, binding: ` (binding "${o.binding}")`, reason: o.reason },
        });
      }
    }
  },
});
