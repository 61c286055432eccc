/** TLS settings shared by the API server and kubelet rules: minimum versions and strong cipher suites. */

/**
 * The cipher suites the CIS Kubernetes Benchmark accepts (AEAD with forward secrecy, plus the
 * TLS 1.3 suites). Anything else — CBC, RC4, 3DES, RSA key exchange — is weak.
 */
export const STRONG_CIPHER_SUITES: readonly string[] = [
  "TLS_AES_128_GCM_SHA256",
  "TLS_AES_256_GCM_SHA384",
  "TLS_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
];

/** The suites of a list that are not in the allowed set, in their original order. */
export function weakCipherSuites(suites: readonly string[], allowed: readonly string[] = STRONG_CIPHER_SUITES): string[] {
  const ok = new Set(allowed.map((s) => s.trim().toUpperCase()));
  return suites.filter((s) => !ok.has(s.trim().toUpperCase()));
}

const TLS_VERSIONS: Readonly<Record<string, number>> = { VersionTLS10: 10, VersionTLS11: 11, VersionTLS12: 12, VersionTLS13: 13 };

/** True when a `VersionTLS1x` value is below TLS 1.2 (unknown spellings are not judged). */
export function tlsVersionBelow12(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = TLS_VERSIONS[value.trim()];
  return v !== undefined && v < 12;
}
