import { defineRule } from "../../src/rule-api.js";
import { atLeast } from "../../src/model/index.js";
import { componentsOf, isFalse, isLoopback } from "../../src/analysis/control-plane/index.js";

/** Flags the API server no longer accepts (it exits on an unknown flag), with the release that removed them. */
const REMOVED: readonly { flag: string; minor: number }[] = [
  { flag: "basic-auth-file", minor: 19 },
  { flag: "kubelet-https", minor: 22 },
  { flag: "insecure-port", minor: 24 },
  { flag: "port", minor: 24 },
  { flag: "insecure-bind-address", minor: 24 },
  { flag: "address", minor: 24 },
];

export default defineRule({
  meta: {
    id: "apiserver-insecure-serving",
    title: "The API server should serve only over authenticated TLS",
    description:
      "Older API servers could also listen on an insecure port that skipped authentication and authorization entirely, accept passwords from a static basic-auth file, or talk to kubelets over plain HTTP. A static token file holds long-lived bearer tokens in clear text on the control-plane node and cannot be revoked without a restart. These flags were removed one by one (basic auth in 1.19, `--kubelet-https` in 1.22, the insecure port in 1.24): on a version that removed them the API server refuses to start, so a manifest that still sets them is broken, not hardened. CIS Kubernetes Benchmark 1.2.2.",
    remediation:
      "Delete `--insecure-port`, `--insecure-bind-address`, `--port`, `--address`, `--basic-auth-file` and `--kubelet-https` (never set `--insecure-port=0` on 1.24 or later). Replace `--token-auth-file` with client certificates, OIDC or webhook token authentication. Keep `--secure-port` non-zero.",
    category: "control-plane",
    level: "error",
    securitySeverity: 9.1,
    precision: "very-high",
    tags: ["control-plane", "kube-apiserver", "authentication", "tls", "cis-1.2.2"],
    presets: ["recommended"],
    messages: {
      removed: "{{label}} sets --{{flag}}, which was removed in Kubernetes 1.{{minor}}; on {{version}} the API server will not start. Delete it",
      insecurePort: '{{label}} serves the insecure port --{{flag}}="{{value}}", which skips authentication and authorization; set it to 0 or delete it',
      insecureBind: "{{label}} binds the insecure port to a non-loopback address with --{{flag}}; delete it",
      basicAuth: "{{label}} accepts passwords from --basic-auth-file; use certificates, OIDC or webhook token authentication",
      tokenAuth: "{{label}} accepts static bearer tokens from --token-auth-file, which cannot be revoked without a restart; use certificates, OIDC or webhook token authentication",
      kubeletHttp: "{{label}} sets --kubelet-https=false, so it talks to kubelets over plain HTTP",
      securePortOff: "{{label}} sets --secure-port=0, which turns off TLS serving",
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    const version = ctx.kubeVersion;
    for (const c of componentsOf(resource, ctx.workloadKinds, "kube-apiserver")) {
      const removedNow = new Set<string>();
      for (const { flag, minor } of REMOVED) {
        if (!atLeast(version, minor)) continue;
        removedNow.add(flag);
        for (const f of c.flags.all(flag)) {
          if (f.explicit) ctx.report({ path: f.path, messageId: "removed", data: { label: c.label, flag, minor, version } });
        }
      }
      for (const flag of ["insecure-port", "port"]) {
        const f = c.flags.get(flag);
        if (f && !removedNow.has(flag) && f.value.trim() !== "0") ctx.report({ path: f.path, messageId: "insecurePort", data: { label: c.label, flag, value: f.value } });
      }
      for (const flag of ["insecure-bind-address", "address"]) {
        const f = c.flags.get(flag);
        if (f && !removedNow.has(flag) && !isLoopback(f.value)) ctx.report({ path: f.path, messageId: "insecureBind", data: { label: c.label, flag } });
      }
      const basic = c.flags.get("basic-auth-file");
      if (basic && !removedNow.has("basic-auth-file")) ctx.report({ path: basic.path, messageId: "basicAuth", data: { label: c.label } });
      const kubeletHttps = c.flags.get("kubelet-https");
      if (kubeletHttps && !removedNow.has("kubelet-https") && isFalse(kubeletHttps.value)) ctx.report({ path: kubeletHttps.path, messageId: "kubeletHttp", data: { label: c.label } });
      const token = c.flags.get("token-auth-file");
      if (token) ctx.report({ path: token.path, messageId: "tokenAuth", data: { label: c.label } });
      const secure = c.flags.get("secure-port");
      if (secure && secure.value.trim() === "0") ctx.report({ path: secure.path, messageId: "securePortOff", data: { label: c.label } });
    }
  },
});
