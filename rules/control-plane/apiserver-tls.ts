import { defineRule } from "../../src/rule-api.js";
import { STRONG_CIPHER_SUITES, componentsOf, listValue, tlsVersionBelow12, weakCipherSuites } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "apiserver-tls",
    title: "The API server should serve TLS with its own certificate, a client CA and strong ciphers",
    description:
      "Without `--tls-cert-file` and `--tls-private-key-file` the API server generates a self-signed certificate that clients cannot verify, which invites `insecure-skip-tls-verify`. Without `--client-ca-file` it cannot authenticate client certificates, the credential kubelets and controllers use. TLS 1.0 and 1.1, and CBC, RC4, 3DES or RSA-key-exchange cipher suites, have known attacks. CIS Kubernetes Benchmark 1.2.24, 1.2.25 and 1.2.29.",
    remediation:
      "Set `--tls-cert-file`, `--tls-private-key-file` and `--client-ca-file` (kubeadm sets all three). If you set `--tls-min-version`, use `VersionTLS12` or `VersionTLS13`; if you set `--tls-cipher-suites`, list only ECDHE suites with AES-GCM or ChaCha20-Poly1305.",
    category: "control-plane",
    level: "error",
    securitySeverity: 7.5,
    precision: "high",
    tags: ["control-plane", "kube-apiserver", "tls", "cis-1.2.24", "cis-1.2.25", "cis-1.2.29"],
    presets: ["recommended"],
    messages: {
      servingCert: "{{label}} does not set {{flags}}, so it serves a self-signed certificate that clients cannot verify",
      clientCa: "{{label}} does not set --client-ca-file, so it cannot authenticate client certificates",
      minVersion: '{{label}} sets --tls-min-version to "{{value}}"; use VersionTLS12 or VersionTLS13',
      weakCiphers: "{{label}} allows weak cipher suites in --tls-cipher-suites: {{weak}}",
    },
    options: {
      allowedCipherSuites: {
        type: "array",
        items: { type: "string" },
        description: "Cipher suites accepted as strong (IANA names, as the flag takes them).",
        default: [...STRONG_CIPHER_SUITES],
      },
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    const allowed = Array.isArray(ctx.options.allowedCipherSuites) ? (ctx.options.allowedCipherSuites as string[]) : STRONG_CIPHER_SUITES;
    for (const c of componentsOf(resource, ctx.workloadKinds, "kube-apiserver")) {
      const missing = ["tls-cert-file", "tls-private-key-file"].filter((f) => !c.flags.has(f));
      if (missing.length > 0) ctx.report({ path: c.anchor, messageId: "servingCert", data: { label: c.label, flags: missing.map((f) => `--${f}`).join(" and ") } });
      if (!c.flags.has("client-ca-file")) ctx.report({ path: c.anchor, messageId: "clientCa", data: { label: c.label } });
      const min = c.flags.get("tls-min-version");
      if (min && tlsVersionBelow12(min.value)) ctx.report({ path: min.path, messageId: "minVersion", data: { label: c.label, value: min.value } });
      const ciphers = c.flags.get("tls-cipher-suites");
      const weak = weakCipherSuites(listValue(ciphers), allowed);
      if (ciphers && weak.length > 0) ctx.report({ path: ciphers.path, messageId: "weakCiphers", data: { label: c.label, weak: weak.join(", ") } });
    }
  },
});
