import { defineRule } from "../../src/rule-api.js";
import { componentsOf, listValue } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "apiserver-etcd-tls",
    title: "The API server should reach etcd over mutually authenticated TLS",
    description:
      "etcd holds every object of the cluster, Secrets included. The API server must present a client certificate (`--etcd-certfile`, `--etcd-keyfile`) so etcd can refuse everyone else, and verify etcd's certificate (`--etcd-cafile`) so it does not hand its writes to an impostor. An `http://` etcd URL sends all of it in clear text. CIS Kubernetes Benchmark 1.2.23 and 1.2.26.",
    remediation:
      "Set `--etcd-certfile`, `--etcd-keyfile` and `--etcd-cafile` and use `https://` in `--etcd-servers` (kubeadm does this for a local etcd; for `etcd.external`, fill in `caFile`, `certFile` and `keyFile`).",
    category: "control-plane",
    level: "error",
    securitySeverity: 8.0,
    precision: "high",
    tags: ["control-plane", "kube-apiserver", "etcd", "tls", "cis-1.2.23", "cis-1.2.26"],
    presets: ["recommended"],
    messages: {
      clientCert: "{{label}} does not set {{flags}}, so etcd cannot authenticate the API server",
      ca: "{{label}} does not set --etcd-cafile, so it does not verify etcd's certificate",
      plaintext: '{{label}} reaches etcd over plain HTTP ("{{url}}" in --etcd-servers)',
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    for (const c of componentsOf(resource, ctx.workloadKinds, "kube-apiserver")) {
      const missing = ["etcd-certfile", "etcd-keyfile"].filter((f) => !c.flags.has(f));
      if (missing.length > 0) ctx.report({ path: c.anchor, messageId: "clientCert", data: { label: c.label, flags: missing.map((f) => `--${f}`).join(" and ") } });
      if (!c.flags.has("etcd-cafile")) ctx.report({ path: c.anchor, messageId: "ca", data: { label: c.label } });
      const servers = c.flags.get("etcd-servers");
      const http = listValue(servers).find((u) => /^http:\/\//i.test(u));
      // A URL with user info would be a credential; etcd URLs never carry one, but print only scheme, host and port.
      if (servers && http) ctx.report({ path: servers.path, messageId: "plaintext", data: { label: c.label, url: http.replace(/\/\/[^@/]*@/, "//") } });
    }
  },
});
