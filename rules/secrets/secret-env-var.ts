import { defineRule } from "../../src/rule-api.js";
import { arr, getIn, isObj, str } from "../../src/model/index.js";

export default defineRule({
  meta: {
    id: "secret-env-var",
    title: "Secrets should be mounted as files rather than exposed as environment variables",
    description:
      "Environment variables leak more easily than files: they are inherited by every child process, dumped in crash reports and debug endpoints, shown by `docker inspect` and `/proc/<pid>/environ`, and never updated when the Secret rotates. A Secret mounted as a volume can be read only by the processes that open it and is refreshed in place. CIS Kubernetes Benchmark 5.4.1.",
    remediation: "Mount the Secret as a volume (`volumes[].secret` plus a `volumeMount`, read-only) and have the application read the file; many libraries accept a `*_FILE` variable pointing at it.",
    category: "secrets",
    level: "warning",
    securitySeverity: 4.0,
    precision: "very-high",
    tags: ["secrets", "cis-5.4.1"],
    presets: [],
    messages: {
      envRef: 'container "{{container}}" reads Secret "{{secret}}" into env var "{{env}}"; mount it as a file',
      envFrom: 'container "{{container}}" imports every key of Secret "{{secret}}" as env vars; mount it as a file',
    },
    since: "0.1.0",
  },
  appliesTo: "podSpecs",
  check(pod, ctx) {
    for (const c of pod.containers) {
      arr(c.value.env).forEach((e, i) => {
        if (!isObj(e)) return;
        const ref = getIn(e, ["valueFrom", "secretKeyRef"]);
        if (!isObj(ref)) return;
        ctx.report({ path: [...c.path, "env", i], messageId: "envRef", data: { container: c.name, secret: str(ref.name) ?? "(unnamed)", env: str(e.name) ?? `#${i}` } });
      });
      arr(c.value.envFrom).forEach((e, i) => {
        if (!isObj(e) || !isObj(e.secretRef)) return;
        ctx.report({ path: [...c.path, "envFrom", i], messageId: "envFrom", data: { container: c.name, secret: str(e.secretRef.name) ?? "(unnamed)" } });
      });
    }
  },
});
