import { defineRule } from "../../src/rule-api.js";
import { arr, obj } from "../../src/model/index.js";
import { capabilityNameProblem } from "../../src/model/capabilities.js";

export default defineRule({
  meta: {
    id: "capability-name-invalid",
    title: "Capability names must be exact: upper case, no CAP_ prefix",
    description:
      "Kubernetes passes capability names to the container runtime as written, and expects them in upper case without the `CAP_` prefix (`NET_RAW`, `ALL`). Other spellings are a silent hole. The runtime adds the prefix itself, so `CAP_NET_RAW` becomes `CAP_CAP_NET_RAW`, which names nothing and is ignored: a `drop` of it drops nothing. Lower-case names are upper-cased by some runtimes and rejected by others, while Pod Security admission and most policy engines compare names exactly — `drop: [all]` does not count as dropping ALL, and `add: [sys_admin]` slips past a deny-list that names `SYS_ADMIN`. A name that is no capability at all (a typo) is ignored or fails the pod.",
    remediation: "Write capability names in upper case without the `CAP_` prefix, as listed in capabilities(7): `drop: [\"ALL\"]`, `add: [\"NET_BIND_SERVICE\"]`.",
    category: "workload",
    level: "error",
    securitySeverity: 6.0,
    precision: "very-high",
    tags: ["runtime", "capabilities", "security"],
    presets: ["recommended"],
    messages: {
      case: 'container "{{name}}" {{verb}} capability "{{value}}"; write "{{fixed}}": Pod Security admission and policy engines compare names exactly, and runtimes disagree on other spellings',
      prefix: 'container "{{name}}" {{verb}} capability "{{value}}", which the runtime prefixes again to "CAP_{{upper}}" and ignores, so it {{effect}}; write "{{fixed}}"',
      unknown: 'container "{{name}}" {{verb}} "{{value}}", which is not a Linux capability: the runtime ignores it, so it {{effect}}, or rejects the pod',
    },
    references: ["https://man7.org/linux/man-pages/man7/capabilities.7.html"],
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    for (const c of pod.containers) {
      const caps = obj(obj(c.value.securityContext)?.capabilities);
      if (!caps) continue;
      for (const [list, verb] of [["drop", "drops"], ["add", "adds"]] as const) {
        arr(caps[list]).forEach((value, i) => {
          if (typeof value !== "string") return;
          const problem = capabilityNameProblem(value);
          if (!problem) return;
          const path = [...c.path, "securityContext", "capabilities", list, i];
          const data = { name: c.name, verb, value, upper: value.toUpperCase(), effect: list === "drop" ? "drops nothing" : "adds nothing" };
          if (problem.kind === "unknown") ctx.report({ path, messageId: "unknown", data });
          else ctx.report({ path, messageId: problem.kind, data: { ...data, fixed: problem.fixed } });
        });
      }
    }
  },
});
