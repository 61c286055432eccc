import { describe, expect, it } from "vitest";
import { credentialIn, findCredentials, isPlaceholder, isSecretLikeName, looksHighEntropy } from "../src/analysis/secrets/index.js";

describe("known credential formats", () => {
  const found: [string, string, string][] = [
    ["aws-access-key-id", "key=AKIAIOSFODNN7EXAMPLE;", "AKIAIOSFODNN7EXAMPLE"],
    ["github-token", `token ghp_${"a1B2".repeat(9)}`, `ghp_${"a1B2".repeat(9)}`],
    ["github-token", `github_pat_${"x9".repeat(20)}`, `github_pat_${"x9".repeat(20)}`],
    ["gitlab-token", "glpat-AbCdEfGhIjKlMnOpQrSt", "glpat-AbCdEfGhIjKlMnOpQrSt"],
    ["slack-token", "xoxb-1234567890-0987654321-AbCdEfGhIj", "xoxb-1234567890-0987654321-AbCdEfGhIj"],
    ["stripe-key", "sk_live_ABCDEFGHIJKLMNOPQRSTuvwx", "sk_live_ABCDEFGHIJKLMNOPQRSTuvwx"],
    ["google-api-key", `AIza${"B".repeat(35)}`, `AIza${"B".repeat(35)}`],
    ["jwt", "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmaXh0dXJlIn0.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmaXh0dXJlIn0.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz"],
    ["url-credentials", "redis://default:Rz9-fixture@redis:6379/0", "redis://default:Rz9-fixture@redis:6379"],
  ];
  for (const [type, input, text] of found) {
    it(`finds ${type} in ${JSON.stringify(input.slice(0, 30))}`, () => {
      expect(findCredentials(input).map((m) => [m.type, m.text])).toEqual([[type, text]]);
    });
  }

  it("finds a PEM private key with a body, also inside JSON with escaped newlines", () => {
    const body = "MIIEowIBAAKCAQEA".padEnd(64, "x");
    expect(findCredentials(`-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`).map((m) => m.type)).toEqual(["private-key"]);
    expect(findCredentials(`{"key":"-----BEGIN EC PRIVATE KEY-----\\n${body}\\n-----END EC PRIVATE KEY-----"}`).map((m) => m.type)).toEqual(["private-key"]);
  });

  const notFound = [
    "-----BEGIN PRIVATE KEY-----", // documentation, no body
    "value matches -BEGIN .*PRIVATE KEY-", // a regex in a policy
    "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHfixturefixturefixturefixture\n-----END CERTIFICATE-----",
    "AKIAIOSFODNN7EXAMPLEX", // too long to be an access key ID
    "eyJub3QiOiJhIGp3dCJ9.eyJzdWIiOiJmaXh0dXJlIn0.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz", // header without alg
    "postgres://app:${DB_PASSWORD}@db:5432/app",
    "https://user:password@example.com", // the word "password" as a placeholder
    "https://example.com/path?q=1",
    "ghp_short",
  ];
  for (const input of notFound) {
    it(`finds nothing in ${JSON.stringify(input.slice(0, 40))}`, () => {
      expect(findCredentials(input)).toEqual([]);
    });
  }
});

describe("secret-like names", () => {
  const yes = ["DB_PASSWORD", "dbPassword", "db.password", "api-key", "API_KEY", "secretKey", "stripe.secretKey", "clientSecret", "GITHUB_TOKEN", "aws_secret_access_key", "credentials", "SMTP_PASS", "privateKey"];
  const no = ["SECRET_NAME", "passwordFile", "tokenPath", "existingSecret", "TOKEN_TTL", "secretKeyRef", "passwordKey", "KEY_PATH", "monkey", "keyspace", "checksum/secret", "PASSWORD_MIN_LENGTH", "AUTH_TOKEN_URL", "passport"];
  for (const n of yes) it(`"${n}" is secret-like`, () => expect(isSecretLikeName(n)).toBe(true));
  for (const n of no) it(`"${n}" is not`, () => expect(isSecretLikeName(n)).toBe(false));
});

describe("placeholders and entropy", () => {
  const placeholders = ["{{ .Values.password }}", "${DB_PASSWORD}", "$(TOKEN)", "ENC[AES256_GCM,data:Zm9v,iv:YmFy,tag:YmF6,type:str]", "<password>", "xxxxxxxx", "changeme", "REPLACE_WITH_BASE64_KEY", "your-api-key", "vault:secret/data/app#password"];
  for (const p of placeholders) it(`${JSON.stringify(p)} is a placeholder`, () => expect(isPlaceholder(p)).toBe(true));

  const random = ["Zx8vQ2mLp4R7tY1wK9sB3nF6hJ0cD5gA", "NvM8ORsM5mwpW86q/i3Ctew4Pf/7IEBxpkj477Qegwg=", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"];
  const notRandom = [
    "cGFzc3dvcmQ=", // base64 of "password": a short word
    "my-application-database-secret", // a DNS-style name
    "/var/run/secrets/kubernetes.io/serviceaccount/token",
    "aaaaaaaaaaaaaaaaaaaaaaaa",
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  ];
  for (const r of random) it(`${r.slice(0, 12)}… looks random`, () => expect(looksHighEntropy(r)).toBe(true));
  for (const r of notRandom) it(`${r.slice(0, 20)}… does not`, () => expect(looksHighEntropy(r)).toBe(false));
});

describe("credentialIn", () => {
  it("finds assignments in config files line by line, with the key named", () => {
    const file = "spring.datasource.url=jdbc:postgresql://db/app\nspring.datasource.password=Sh0p-Fixture-Pass\n";
    expect(credentialIn("application.properties", file, "literal")).toEqual({ label: 'a literal value for "spring.datasource.password"', text: "Sh0p-Fixture-Pass" });
  });
  it("needs randomness in entropy mode but not in literal mode", () => {
    expect(credentialIn("password", "hunter2-for-tests", "literal")?.label).toBe("a literal credential");
    expect(credentialIn("password", "hunter2-for-tests", "entropy")).toBeUndefined();
    expect(credentialIn("password", "Zx8vQ2mLp4R7tY1wK9sB3nF6hJ0cD5gA", "entropy")?.label).toBe("a literal credential");
  });
  it("prefers a known format and ignores placeholders", () => {
    expect(credentialIn("CONFIG", "AKIAIOSFODNN7EXAMPLE", "literal")?.label).toBe("an AWS access key ID");
    expect(credentialIn("password", "{{ .Values.password }}", "literal")).toBeUndefined();
    expect(credentialIn("password", "true", "literal")).toBeUndefined();
  });
});
