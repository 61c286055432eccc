import {
  CLUSTER, describeToken, grantPlace, powerOf, rbacModel, roleDisplay, subjectDisplay,
} from "../../src/analysis/rbac/index.js";
import { displayName } from "../../src/model/index.js";
import { defineRule } from "../../src/rule-api.js";
import { uniquePlaces } from "./shared.js";

export default defineRule({
  meta: {
    id: "rbac-workload-dangerous-identity",
    title: "Workloads should not run as a ServiceAccount with dangerous rights",
    description:
      "A pod's ServiceAccount token is mounted into every container. Whoever gets code execution in one of them — a vulnerable dependency, an SSRF that reaches the token file, a malicious image — acts with the account's rights. When those include reading Secrets, creating pods, RBAC changes or cluster-admin, one compromised container becomes a compromised cluster.",
    remediation:
      "Give the workload its own ServiceAccount with only what it needs, move broad rights to a separate controller, or set automountServiceAccountToken: false when the pod does not call the API.",
    category: "rbac",
    level: "warning",
    securitySeverity: 7.0,
    precision: "high",
    tags: ["rbac", "security", "workload", "cross-resource"],
    presets: ["recommended"],
    messages: {
      dangerous: "{{workload}} runs as {{sa}}, which can {{rights}}; a compromised container gets the same rights",
    },
    since: "0.1.0",
  },
  appliesTo: "repo",
  check(index, ctx) {
    const model = rbacModel(index, ctx.workloadKinds);
    for (const w of model.workloads) {
      if (!w.tokenMounted) continue;
      const grants = model.grantsOf(w.saKey);
      const power = powerOf(grants);
      if (power.size === 0) continue;
      const tokens = power.has(`admin@${CLUSTER}`) ? [`admin@${CLUSTER}`] : [...power].sort();
      const rights = tokens.map((t) => (t === `admin@${CLUSTER}` ? "do anything in the cluster (cluster-admin)" : describeToken(t)));
      const places = grants
        .filter((g) => powerOf([g]).size > 0)
        .map((g) => grantPlace(g, g.entry.verbs[0] ?? "*", `${roleDisplay(g.entry.role)} gives this right to ${subjectDisplay(g.via.key)} through ${g.via.binding.kind} "${g.via.binding.name}"`));
      ctx.report({
        resource: w.resource,
        path: w.saPath,
        messageId: "dangerous",
        data: {
          workload: displayName(w.resource),
          sa: subjectDisplay(w.saKey),
          rights: rights.length > 3 ? `${rights.slice(0, 3).join(", ")} and ${rights.length - 3} more` : rights.join(", "),
        },
        related: uniquePlaces(places),
      });
    }
  },
});
