import { defineRule } from "../../src/rule-api.js";
import { atLeast, num, str } from "../../src/model/index.js";
import { isKubeletConfiguration, parseDurationSeconds } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "kubelet-hardening",
    title: "Kubelets should protect kernel defaults, default to seccomp and limit pod PIDs",
    description:
      "`protectKernelDefaults: true` makes the kubelet fail instead of silently changing kernel tunables it disagrees with. `seccompDefault: true` gives every container the runtime's default seccomp profile unless it asks otherwise, removing hundreds of rarely needed syscalls. `podPidsLimit` stops one pod's fork bomb from exhausting the node's PIDs. A long `streamingConnectionIdleTimeout` keeps idle `exec` and `port-forward` sessions open for hours, and `makeIPTablesUtilChains: false` leaves the kubelet's iptables chains unmanaged. CIS Kubernetes Benchmark 4.2.5, 4.2.6, 4.2.13 and 4.2.14.",
    remediation:
      "In the KubeletConfiguration set `protectKernelDefaults: true` (after setting the sysctls it expects on the node), `seccompDefault: true`, a `podPidsLimit` such as 4096, `streamingConnectionIdleTimeout: 5m` or similar, and leave `makeIPTablesUtilChains` at true.",
    category: "control-plane",
    level: "warning",
    securitySeverity: 4.5,
    precision: "high",
    tags: ["control-plane", "kubelet", "cis-4.2.5", "cis-4.2.6", "cis-4.2.13", "cis-4.2.14"],
    presets: ["recommended"],
    messages: {
      kernelDefaults: "KubeletConfiguration does not set protectKernelDefaults: true",
      seccompDefault: "KubeletConfiguration does not set seccompDefault: true, so containers without a seccomp profile run unconfined",
      pidsLimit: "KubeletConfiguration does not set a positive podPidsLimit, so one pod can exhaust the node's process IDs",
      idleTimeout: 'KubeletConfiguration sets streamingConnectionIdleTimeout: "{{value}}", longer than {{max}}',
      iptablesChains: "KubeletConfiguration sets makeIPTablesUtilChains: false",
    },
    options: {
      maxStreamingIdleTimeout: {
        type: "string",
        description: "Longest accepted streamingConnectionIdleTimeout, as a Go duration. (A zero value in the file means the 4h default.)",
        default: "4h",
      },
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    if (!isKubeletConfiguration(resource)) return;
    const v = resource.value;
    if (v.protectKernelDefaults !== true) ctx.report({ path: ["protectKernelDefaults"], messageId: "kernelDefaults" });
    // seccompDefault is on by default as a beta feature from 1.25 (GA in 1.27); earlier it needs a feature gate.
    if (atLeast(ctx.kubeVersion, 25) && v.seccompDefault !== true) ctx.report({ path: ["seccompDefault"], messageId: "seccompDefault" });
    const pids = num(v.podPidsLimit);
    if (pids === undefined || pids <= 0) ctx.report({ path: ["podPidsLimit"], messageId: "pidsLimit" });
    const idle = str(v.streamingConnectionIdleTimeout);
    const maxText = typeof ctx.options.maxStreamingIdleTimeout === "string" ? ctx.options.maxStreamingIdleTimeout : "4h";
    const max = parseDurationSeconds(maxText) ?? 4 * 3600;
    const idleSeconds = idle === undefined ? undefined : parseDurationSeconds(idle);
    if (idle !== undefined && idleSeconds !== undefined && idleSeconds > max) {
      ctx.report({ path: ["streamingConnectionIdleTimeout"], messageId: "idleTimeout", data: { value: idle, max: maxText } });
    }
    if (v.makeIPTablesUtilChains === false) ctx.report({ path: ["makeIPTablesUtilChains"], messageId: "iptablesChains" });
  },
});
