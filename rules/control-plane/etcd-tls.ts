import { defineRule } from "../../src/rule-api.js";
import { componentsOf, isTrue, listValue } from "../../src/analysis/control-plane/index.js";

const SIDES: readonly { side: string; cert: readonly string[]; auth: string; auto: string }[] = [
  { side: "client", cert: ["cert-file", "key-file"], auth: "client-cert-auth", auto: "auto-tls" },
  { side: "peer", cert: ["peer-cert-file", "peer-key-file"], auth: "peer-client-cert-auth", auto: "peer-auto-tls" },
];

export default defineRule({
  meta: {
    id: "etcd-tls",
    title: "etcd should require TLS client certificates from clients and peers",
    description:
      "etcd stores every object of the cluster, Secrets included, and trusts whoever can connect. It needs a serving certificate (`--cert-file`, `--key-file`) and `--client-cert-auth=true`, or any process that reaches port 2379 reads and writes the whole cluster state; the same holds for member-to-member traffic on the peer port. `--auto-tls` and `--peer-auto-tls` use self-signed certificates that nobody verifies. CIS Kubernetes Benchmark 2.1–2.6.",
    remediation:
      "Set `--cert-file`, `--key-file`, `--client-cert-auth=true`, `--peer-cert-file`, `--peer-key-file` and `--peer-client-cert-auth=true` with certificates from a CA dedicated to etcd (kubeadm does this for a local etcd), remove `--auto-tls` and `--peer-auto-tls`, and use `https://` in `--listen-client-urls`.",
    category: "control-plane",
    level: "error",
    securitySeverity: 8.5,
    precision: "high",
    tags: ["control-plane", "etcd", "tls", "cis-2.1", "cis-2.2", "cis-2.3", "cis-2.4", "cis-2.5", "cis-2.6"],
    presets: ["recommended"],
    messages: {
      noCert: "{{label}} does not set {{flags}}, so it does not serve {{side}} traffic over TLS",
      noClientAuth: "{{label}} does not set --{{flag}}=true, so it accepts {{side}} connections without a client certificate",
      autoTls: "{{label}} sets --{{flag}}, which uses self-signed certificates nobody verifies",
      plaintext: '{{label}} listens for clients over plain HTTP on a non-loopback address ("{{url}}" in --listen-client-urls)',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const c of componentsOf(resource, ctx.workloadKinds, "etcd")) {
      // With --config-file, etcd ignores its other flags; that file is not a Kubernetes object we can read.
      if (c.flags.has("config-file")) continue;
      for (const s of SIDES) {
        const missing = s.cert.filter((f) => !c.flags.has(f));
        if (missing.length > 0) ctx.report({ path: c.anchor, messageId: "noCert", data: { label: c.label, flags: missing.map((f) => `--${f}`).join(" and "), side: s.side } });
        const auth = c.flags.get(s.auth);
        if (!auth || !isTrue(auth.value)) ctx.report({ path: auth?.path ?? c.anchor, messageId: "noClientAuth", data: { label: c.label, flag: s.auth, side: s.side } });
        const auto = c.flags.get(s.auto);
        if (auto && isTrue(auto.value)) ctx.report({ path: auto.path, messageId: "autoTls", data: { label: c.label, flag: s.auto } });
      }
      const urls = c.flags.get("listen-client-urls");
      const http = listValue(urls).find((u) => /^http:\/\//i.test(u) && !/^http:\/\/(localhost|127\.[\d.]+|\[::1\])(:\d+)?\/?$/i.test(u));
      if (urls && http) ctx.report({ path: urls.path, messageId: "plaintext", data: { label: c.label, url: http } });
    }
  },
});
