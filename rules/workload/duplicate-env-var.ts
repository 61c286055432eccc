import { defineRule } from "../../src/rule-api.js";
import { arr, isObj, str } from "../../src/model/index.js";

export default defineRule({
  meta: {
    id: "duplicate-env-var",
    title: "Environment variables should be set once per container",
    description:
      "When a container lists the same environment variable twice, the last entry silently wins. Reviewers read the first one, a patch or overlay that changes the first one has no effect, and a security setting (`TLS_VERIFY`, `DEBUG`) can be switched back off further down the list.",
    remediation: "Keep one entry per variable name; merge the values or remove the stale one.",
    category: "workload",
    level: "warning",
    precision: "very-high",
    tags: ["configuration", "correctness"],
    presets: ["recommended"],
    messages: {
      duplicate: 'container "{{name}}" sets environment variable "{{env}}" again (first at env[{{first}}]); the last entry silently wins',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    for (const c of pod.containers) {
      const seen = new Map<string, number>();
      arr(c.value.env).forEach((e, k) => {
        const env = isObj(e) ? str(e.name) : undefined;
        if (env === undefined) return;
        const first = seen.get(env);
        if (first === undefined) seen.set(env, k);
        else ctx.report({ path: [...c.path, "env", k], messageId: "duplicate", data: { name: c.name, env, first } });
      });
    }
  },
});
