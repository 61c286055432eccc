/**
 * Known credential formats, found inside any string. Hand-written and offline: each detector is a
 * pattern with a validation step that keeps documentation strings, regexes and placeholders out.
 * A match's text is only ever shown through `redact`.
 */
import { isPlaceholder } from "./heuristics.js";

export interface CredentialMatch {
  /** Stable id of the detector, e.g. `aws-access-key-id`. */
  readonly type: string;
  /** What it is, for messages: "an AWS access key ID". */
  readonly label: string;
  /** The matched credential text (never print it; use redact). */
  readonly text: string;
  /** Offset of the match in the scanned string. */
  readonly index: number;
}

interface Detector {
  type: string;
  label: string;
  pattern: RegExp;
  /** The credential within the match (a capture group), default the whole match. */
  group?: number;
  valid?: (text: string, whole: string) => boolean;
}

function decodeBase64Url(s: string): string | undefined {
  try {
    return Buffer.from(s.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
  } catch {
    return undefined;
  }
}

/** A JWT's header must decode to a JSON object with an `alg`. */
function validJwt(text: string): boolean {
  const header = decodeBase64Url(text.split(".")[0] ?? "");
  if (!header) return false;
  try {
    const h: unknown = JSON.parse(header);
    return typeof h === "object" && h !== null && "alg" in h;
  } catch {
    return false;
  }
}

/** A PEM private key needs a body: a header alone is documentation or a regex. */
function hasPemBody(_text: string, whole: string): boolean {
  const after = whole.replace(/^-----BEGIN [A-Z ]*-----/, "").slice(0, 400).replace(/\\n/g, "\n");
  // Skip encryption headers such as `Proc-Type:` and `DEK-Info:`.
  const body = after.split("\n").filter((l) => !/^[A-Za-z-]+:/.test(l.trim())).join("").replace(/\s/g, "");
  return /^[A-Za-z0-9+/=]{40,}/.test(body);
}

/** The password of a `scheme://user:password@host` URL must be a literal, not a reference. */
function literalUrlPassword(text: string): boolean {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^:@/\s]*):([^@/\s]*)@/i.exec(text);
  const password = m?.[2];
  return password !== undefined && password.length >= 3 && !isPlaceholder(password) && !/^(password|pass|passwd|secret|pwd)$/i.test(password);
}

const DETECTORS: readonly Detector[] = [
  { type: "private-key", label: "a private key", pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |)PRIVATE KEY(?: BLOCK)?-----/g, valid: hasPemBody },
  { type: "aws-access-key-id", label: "an AWS access key ID", pattern: /(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])/g, group: 1 },
  { type: "github-token", label: "a GitHub token", pattern: /(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g, group: 1 },
  { type: "gitlab-token", label: "a GitLab token", pattern: /(?<![A-Za-z0-9_-])(gl(?:pat|dt|rt|ptt|cbt|oas)-[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g, group: 1 },
  { type: "slack-token", label: "a Slack token", pattern: /(?<![A-Za-z0-9-])(xox[abposr]-(?:[0-9]+-)+[A-Za-z0-9-]{8,})(?![A-Za-z0-9-])/g, group: 1 },
  { type: "slack-webhook", label: "a Slack webhook URL", pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{16,}/g },
  { type: "stripe-key", label: "a Stripe secret key", pattern: /(?<![A-Za-z0-9_])((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,})(?![A-Za-z0-9_])/g, group: 1 },
  { type: "google-api-key", label: "a Google API key", pattern: /(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/g, group: 1 },
  { type: "npm-token", label: "an npm token", pattern: /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/g, group: 1 },
  { type: "sendgrid-key", label: "a SendGrid API key", pattern: /(?<![A-Za-z0-9_])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g, group: 1 },
  { type: "azure-storage-key", label: "an Azure storage account key", pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/g, group: 1 },
  { type: "jwt", label: "a JSON Web Token", pattern: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/g, group: 1, valid: validJwt },
  { type: "url-credentials", label: "a URL with a password", pattern: /[a-z][a-z0-9+.-]{1,20}:\/\/[^:@/\s"'`]*:[^@/\s"'`]+@[^\s/"'`]+/gi, valid: literalUrlPassword },
];

/** Every known-format credential in a string, in order of position (at most one per detector and position). */
export function findCredentials(s: string): CredentialMatch[] {
  // Cheap pre-filter: every detector needs one of these substrings.
  if (!/BEGIN|AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|gl[a-z]{1,3}-|xox|hooks\.slack|_live_|_test_|AIza|npm_|SG\.|AccountKey=|eyJ|:\/\//.test(s)) return [];
  const out: CredentialMatch[] = [];
  for (const d of DETECTORS) {
    d.pattern.lastIndex = 0;
    for (let m = d.pattern.exec(s); m; m = d.pattern.exec(s)) {
      const text = d.group !== undefined ? (m[d.group] as string) : m[0];
      if (d.valid && !d.valid(text, s.slice(m.index))) continue;
      out.push({ type: d.type, label: d.label, text: d.type === "private-key" ? privateKeyBlock(s, m.index) : text, index: m.index + m[0].indexOf(text) });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The whole PEM block from its BEGIN line (for the redacted length hint). */
function privateKeyBlock(s: string, from: number): string {
  const end = s.indexOf("-----END", from);
  if (end < 0) return s.slice(from);
  const close = s.indexOf("-----", end + 8);
  return s.slice(from, close < 0 ? s.length : close + 5);
}
