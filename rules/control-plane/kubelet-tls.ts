import { defineRule } from "../../src/rule-api.js";
import { arr, getIn, str } from "../../src/model/index.js";
import { STRONG_CIPHER_SUITES, isKubeletConfiguration, tlsVersionBelow12, weakCipherSuites } from "../../src/analysis/control-plane/index.js";

export default defineRule({
  meta: {
    id: "kubelet-tls",
    title: "Kubelets should verify client certificates and serve a rotated certificate with strong ciphers",
    description:
      "Without `authentication.x509.clientCAFile` the kubelet cannot authenticate the API server's client certificate. Without `serverTLSBootstrap: true` or an explicit `tlsCertFile`/`tlsPrivateKeyFile`, it serves a self-signed certificate that the API server cannot verify. Turning off `rotateCertificates` or the `RotateKubeletServerCertificate` gate leaves certificates to expire or live forever. TLS below 1.2 and cipher suites outside the ECDHE-AEAD set have known attacks, and without `tlsCipherSuites` Go's defaults still include CBC suites. CIS Kubernetes Benchmark 4.2.3, 4.2.9–4.2.12.",
    remediation:
      "In the KubeletConfiguration set `authentication.x509.clientCAFile` (kubeadm does), `serverTLSBootstrap: true` (and approve the kubelet-serving CSRs) or `tlsCertFile` plus `tlsPrivateKeyFile`, keep `rotateCertificates: true`, and list only strong suites in `tlsCipherSuites` (and `tlsMinVersion: VersionTLS12` or later).",
    category: "control-plane",
    level: "warning",
    securitySeverity: 6.0,
    precision: "high",
    tags: ["control-plane", "kubelet", "tls", "cis-4.2.3", "cis-4.2.9", "cis-4.2.10", "cis-4.2.11", "cis-4.2.12"],
    presets: ["recommended"],
    messages: {
      clientCa: "KubeletConfiguration does not set authentication.x509.clientCAFile, so the kubelet cannot authenticate client certificates",
      selfSigned: "KubeletConfiguration sets neither serverTLSBootstrap: true nor tlsCertFile and tlsPrivateKeyFile, so the kubelet serves a self-signed certificate",
      rotationOff: "KubeletConfiguration turns off {{what}}, so kubelet certificates are not renewed",
      minVersion: 'KubeletConfiguration sets tlsMinVersion: "{{value}}"; use VersionTLS12 or VersionTLS13',
      weakCipher: 'KubeletConfiguration allows the weak cipher suite "{{suite}}" in tlsCipherSuites',
      noCiphers: "KubeletConfiguration does not set tlsCipherSuites, so Go's default list (with CBC suites) applies",
    },
    options: {
      allowedCipherSuites: {
        type: "array",
        items: { type: "string" },
        description: "Cipher suites accepted as strong (IANA names).",
        default: [...STRONG_CIPHER_SUITES],
      },
    },
    since: "0.1.0",
  },
  appliesTo: "resources",
  check(resource, ctx) {
    if (!isKubeletConfiguration(resource)) return;
    const v = resource.value;
    const allowed = Array.isArray(ctx.options.allowedCipherSuites) ? (ctx.options.allowedCipherSuites as string[]) : STRONG_CIPHER_SUITES;
    const caPath = ["authentication", "x509", "clientCAFile"];
    if (!str(getIn(v, caPath))) ctx.report({ path: caPath, messageId: "clientCa" });
    if (v.serverTLSBootstrap !== true && !(str(v.tlsCertFile) && str(v.tlsPrivateKeyFile))) {
      ctx.report({ path: v.serverTLSBootstrap === undefined ? ["tlsCertFile"] : ["serverTLSBootstrap"], messageId: "selfSigned" });
    }
    if (v.rotateCertificates === false) ctx.report({ path: ["rotateCertificates"], messageId: "rotationOff", data: { what: "rotateCertificates" } });
    const gatePath = ["featureGates", "RotateKubeletServerCertificate"];
    if (getIn(v, gatePath) === false) ctx.report({ path: gatePath, messageId: "rotationOff", data: { what: "the RotateKubeletServerCertificate feature gate" } });
    const min = str(v.tlsMinVersion);
    if (tlsVersionBelow12(min)) ctx.report({ path: ["tlsMinVersion"], messageId: "minVersion", data: { value: min as string } });
    if (v.tlsCipherSuites === undefined) {
      ctx.report({ path: ["tlsCipherSuites"], messageId: "noCiphers", level: "note" });
    } else {
      const suites = arr(v.tlsCipherSuites);
      const weak = new Set(weakCipherSuites(suites.filter((s): s is string => typeof s === "string"), allowed));
      suites.forEach((s, i) => {
        if (typeof s === "string" && weak.has(s)) ctx.report({ path: ["tlsCipherSuites", i], messageId: "weakCipher", data: { suite: s } });
      });
    }
  },
});
