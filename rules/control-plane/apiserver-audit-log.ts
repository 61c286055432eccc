import { defineRule } from "../../src/rule-api.js";
import { componentsOf } from "../../src/analysis/control-plane/index.js";

const RETENTION: readonly { flag: string; option: string; fallback: number; unit: string }[] = [
  { flag: "audit-log-maxage", option: "minAgeDays", fallback: 30, unit: "days" },
  { flag: "audit-log-maxbackup", option: "minBackups", fallback: 10, unit: "files" },
  { flag: "audit-log-maxsize", option: "minSizeMegabytes", fallback: 100, unit: "MB" },
];

export default defineRule({
  meta: {
    id: "apiserver-audit-log",
    title: "The API server should write an audit log under a policy and keep it long enough",
    description:
      "The audit log is the only record of who read a Secret, exec'd into a pod or changed a RoleBinding. The API server records nothing unless it has both an audit policy (`--audit-policy-file`) and a backend (`--audit-log-path` or `--audit-webhook-config-file`). Log files rotated away after a few days or a few megabytes are gone before an incident is noticed. CIS Kubernetes Benchmark 1.2.16–1.2.19 and 3.2.1.",
    remediation:
      "Set `--audit-policy-file` to an audit Policy (mounted into the static pod), `--audit-log-path` (or a webhook backend), and retention of at least `--audit-log-maxage=30`, `--audit-log-maxbackup=10` and `--audit-log-maxsize=100`, or ship the log to central storage.",
    category: "control-plane",
    level: "warning",
    securitySeverity: 5.0,
    precision: "high",
    tags: ["control-plane", "kube-apiserver", "audit", "cis-1.2.16", "cis-1.2.17", "cis-1.2.18", "cis-1.2.19", "cis-3.2.1"],
    presets: ["recommended"],
    messages: {
      noPolicy: "{{label}} does not set --audit-policy-file, so it records no audit events",
      noBackend: "{{label}} sets neither --audit-log-path nor --audit-webhook-config-file, so audit events go nowhere",
      retention: '{{label}} sets --{{flag}} to "{{value}}"; keep at least {{min}} {{unit}} (0 keeps everything)',
    },
    options: {
      minAgeDays: { type: "integer", minimum: 0, description: "Smallest accepted --audit-log-maxage.", default: 30 },
      minBackups: { type: "integer", minimum: 0, description: "Smallest accepted --audit-log-maxbackup.", default: 10 },
      minSizeMegabytes: { type: "integer", minimum: 0, description: "Smallest accepted --audit-log-maxsize.", default: 100 },
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const c of componentsOf(resource, ctx.workloadKinds, "kube-apiserver")) {
      if (!c.flags.has("audit-policy-file")) ctx.report({ path: c.anchor, messageId: "noPolicy", data: { label: c.label } });
      const path = c.flags.get("audit-log-path");
      if (!path && !c.flags.has("audit-webhook-config-file")) ctx.report({ path: c.anchor, messageId: "noBackend", data: { label: c.label } });
      if (!path || path.value.trim() === "-") continue;
      for (const r of RETENTION) {
        const f = c.flags.get(r.flag);
        if (!f) continue;
        const n = Number(f.value.trim());
        const min = typeof ctx.options[r.option] === "number" ? (ctx.options[r.option] as number) : r.fallback;
        // 0 means "no limit" for all three (keep every file, of any age; lumberjack's default size).
        if (Number.isFinite(n) && n !== 0 && n < min) ctx.report({ path: f.path, messageId: "retention", data: { label: c.label, flag: r.flag, value: f.value, min, unit: r.unit } });
      }
    }
  },
});
