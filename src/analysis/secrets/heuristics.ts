/**
 * Heuristics for values with no known format: does a key name say "secret", is a value a
 * placeholder or reference rather than a literal, and is it random enough to be a key.
 * Each guard exists because a real chart or manifest tripped over it.
 */

/** Words of a key or variable name: `dbPassword`, `DB_PASSWORD`, `db.password`, `db-password` → db, password. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
}

/** Words that make a name secret-like on their own. */
const SECRET_WORDS = new Set([
  "password", "passwd", "passphrase", "pwd", "secret", "secrets", "token", "tokens", "credential", "credentials",
  "creds", "apikey", "privatekey", "secretkey", "accesskey", "clientsecret", "authtoken", "bearer", "pat",
]);

/** `key` counts only after one of these (`API_KEY`, `secretKey`, `private-key`), not in `keyPath` or `monkey`. */
const KEY_QUALIFIERS = new Set(["api", "access", "secret", "private", "signing", "encryption", "master", "account", "auth", "client", "license", "storage", "shared", "app"]);

/**
 * Last words that make the value a reference or a setting about a secret rather than the secret:
 * `SECRET_NAME`, `passwordFile`, `tokenPath`, `existingSecret`, `TOKEN_TTL`, `secretKeyRef`.
 */
const NOT_A_VALUE = new Set([
  "name", "names", "ref", "refs", "path", "paths", "file", "files", "dir", "directory", "url", "uri", "endpoint", "host",
  "port", "id", "type", "length", "size", "ttl", "timeout", "expiry", "expiration", "expires", "enabled", "enable",
  "disabled", "mode", "field", "fields", "header", "annotation", "label", "namespace", "selector", "hint", "policy",
  "format", "version", "prefix", "suffix", "location", "source", "provider", "template", "store", "mount", "volume",
  "env", "count", "rotation", "period", "interval", "audience", "audiences", "issuer", "algorithm", "method", "kind",
  "required", "min", "max", "regex", "pattern", "sha", "hash", "checksum", "digest", "fingerprint", "description",
]);

/** First words that say the name describes something else: `existingSecret`, `checksum/secret`, `useToken`. */
const NOT_A_VALUE_FIRST = new Set(["existing", "checksum", "hash", "use", "create", "generate", "auto", "mount", "rotate", "sha", "with", "skip", "no"]);

export const SECRET_HINT = /pass|pwd|secret|token|cred|key|bearer|pat/i;

/** Does a key or variable name say its value is a credential? */
export function isSecretLikeName(name: string): boolean {
  // Cheap pre-filter: every secret word contains one of these.
  if (!SECRET_HINT.test(name)) return false;
  const words = nameWords(name);
  if (words.length === 0) return false;
  const last = words[words.length - 1] as string;
  if (NOT_A_VALUE.has(last) || NOT_A_VALUE_FIRST.has(words[0] as string)) return false;
  // `passwordKey: password` names a key inside a Secret.
  if (last === "key" && words.length >= 2 && ["password", "token", "user", "username"].includes(words[words.length - 2] as string)) return false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (SECRET_WORDS.has(w)) return true;
    if (w === "pass" && i === words.length - 1) return true;
    if ((w === "key" || w === "keys") && i > 0 && KEY_QUALIFIERS.has(words[i - 1] as string)) return true;
  }
  return false;
}

/**
 * A value that stands for a secret rather than being one: template and variable references,
 * SOPS ciphertext, secret-manager URIs, and filler such as `xxx`, `<password>` or `changeit-in-prod`.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === "") return true;
  if (/\{\{|\}\}|\$\{|\$\(|%\(|%[sd]\b|#\{/.test(v)) return true;
  if (/^ENC\[[A-Z0-9_]+,data:/.test(v) || v.startsWith("ENC[")) return true;
  if (/^(vault|ref\+[a-z]+|sm|awssm|gcpsm|azkv|op|doppler|bws|secret|env|file|k8s):\/?\/?/i.test(v) && !/^[a-z]+:\/\/[^:@/]*:[^@/]*@/i.test(v)) return true;
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v)) return true; // SCREAMING_SNAKE: a variable name or REPLACE_WITH_KEY
  if (/^<[^<>]*>$/.test(v) || /^\[[^[\]]*\]$/.test(v)) return true;
  if (/^([*xX.#_-])\1{2,}$/.test(v) || /^x{3,}/i.test(v)) return true;
  if (/(^|[^a-z])(example|placeholder|changeme|change[-_]?me|replace[-_]?me|your[-_]?[a-z]*|redacted|dummy|sample|todo|fixme|notset|none|null|undefined)([^a-z]|$)/i.test(v)) return true;
  return false;
}

/** Values a secret-like key may hold that are clearly not credentials. */
export function isNonCredentialValue(value: string): boolean {
  const v = value.trim();
  if (/^(true|false|yes|no|on|off|y|n|enabled|disabled|required|optional|auto|none|null|nil|default|empty)$/i.test(v)) return true;
  if (/^-?\d{1,6}(\.\d+)?$/.test(v) || /^\d+(\.\d+)?([smhd]|ms|[KMGT]i?)$/.test(v)) return true; // a count, port or quantity
  if (/^(\/|\.\/|\.\.\/|~\/|[A-Za-z]:\\)/.test(v)) return true; // a file path
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i.test(v)) return true; // a URL without user info
  return false;
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = [...s].length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

function printable(s: string): boolean {
  return /^[\x20-\x7e\t\r\n]*$/.test(s);
}

/**
 * Is a value random enough to be a key or token? At least 16 characters without spaces, not a
 * DNS-style name, a mix of character classes (or long hex), and high entropy. Base64 that
 * decodes to short text (`c2VjcmV0` = "secret") is judged by what it decodes to.
 */
export function looksHighEntropy(value: string): boolean {
  const v = value.trim();
  if (v.length < 16 || /\s/.test(v) || isPlaceholder(v) || isNonCredentialValue(v)) return false;
  if (/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(v) && /[.-]/.test(v)) return false; // a DNS name or label value
  if (/^(sha\d+|md5|sha):/i.test(v)) return false; // a digest
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(v) && v.length % 4 === 0) {
    const decoded = Buffer.from(v, "base64").toString("latin1");
    if (printable(decoded)) return decoded.length >= 12 ? looksHighEntropy(decoded) || entropy(decoded) >= 3.5 : false;
  }
  if (/^[0-9a-f]+$/i.test(v)) return v.length >= 32 && entropy(v) >= 3.0;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length;
  return classes >= 2 && entropy(v) >= 3.5;
}

/**
 * Is a value under a secret-like name a literal credential? Anything non-empty that is not a
 * placeholder, a reference or an obvious non-credential (`true`, `8080`, a path, a plain URL).
 */
export function isLiteralCredential(value: string): boolean {
  const v = value.trim();
  return v.length >= 3 && !isPlaceholder(v) && !isNonCredentialValue(v);
}
