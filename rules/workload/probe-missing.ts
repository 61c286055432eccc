import { defineRule } from "../../src/rule-api.js";
import { str } from "../../src/model/index.js";

const present = (v: unknown) => v !== undefined && v !== null;

export default defineRule({
  meta: {
    id: "probe-missing",
    title: "Long-running containers should have readiness and liveness probes",
    description:
      "Without a readiness probe a Service sends traffic to a pod as soon as its process starts, and a rollout proceeds even when the new version never becomes able to serve. Without a liveness probe a deadlocked process keeps its pod forever. Jobs, CronJobs and bare Pods that do not restart run to completion and are not reported; init containers and ephemeral containers are not either.",
    remediation: "Add a `readinessProbe` that checks the container can serve, and a `livenessProbe` that checks only that the process is not stuck (cheaper and more lenient than readiness); add a `startupProbe` for slow starts.",
    category: "workload",
    level: "note",
    precision: "high",
    tags: ["probes", "reliability"],
    presets: ["recommended"],
    messages: {
      missing: 'container "{{name}}" has no {{what}}',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    const r = pod.resource;
    if (r.group === "batch" && (r.kind === "Job" || r.kind === "CronJob")) return;
    const restart = str(pod.spec.restartPolicy);
    if (restart === "Never" || restart === "OnFailure") return;
    for (const c of pod.containers) {
      if (c.kind !== "container") continue;
      const readiness = present(c.value.readinessProbe);
      const liveness = present(c.value.livenessProbe);
      if (readiness && liveness) continue;
      const what = !readiness && !liveness ? "readiness or liveness probe" : readiness ? "liveness probe" : "readiness probe";
      ctx.report({ path: [...c.path, readiness ? "livenessProbe" : "readinessProbe"], messageId: "missing", data: { name: c.name, what } });
    }
  },
});
