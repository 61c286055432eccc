/** What the secrets rules share: recognising Secrets, SOPS files, and finding a credential in a named value. */
import { isObj, type Resource } from "../../model/index.js";
import { findCredentials } from "./detectors.js";
import { SECRET_HINT, isLiteralCredential, isSecretLikeName, looksHighEntropy } from "./heuristics.js";
import { assignment } from "./walk.js";

export const isCoreSecret = (r: Resource): boolean => r.group === "" && r.kind === "Secret";
export const isCoreConfigMap = (r: Resource): boolean => r.group === "" && r.kind === "ConfigMap";

/** A SOPS-encrypted document carries a top-level `sops:` map with its metadata. */
export function isSopsEncrypted(r: Resource): boolean {
  return isObj(r.value.sops);
}

export interface CredentialHit {
  /** What was found, for messages: "an AWS access key ID", "a literal credential", "a literal value for \"db.password\"". */
  readonly label: string;
  /** The credential text, only ever shown through redact. */
  readonly text: string;
}

/**
 * How strict a secret-like name must be backed by the value:
 * `literal` — any literal counts (env vars, ConfigMap keys: a secret there is wrong even if weak);
 * `entropy` — only random-looking values (anywhere else, where names are less telling).
 */
export type NameMode = "literal" | "entropy";

function byName(name: string, value: string, mode: NameMode): boolean {
  if (!isSecretLikeName(name)) return false;
  return mode === "literal" ? isLiteralCredential(value) : looksHighEntropy(value);
}

/**
 * A credential in a value stored under `name`: a known format anywhere in it; else, if the name
 * is secret-like, the value itself; else, line by line, `name = value` assignments whose name is
 * secret-like (config files in ConfigMaps, `--password=…` arguments).
 */
export function credentialIn(name: string | undefined, value: string, mode: NameMode): CredentialHit | undefined {
  const known = findCredentials(value)[0];
  if (known) return { label: known.label, text: known.text };
  const multiline = value.includes("\n");
  if (name !== undefined && !multiline && byName(name, value, mode)) return { label: "a literal credential", text: value };
  if (!value.includes("=") && !value.includes(":")) return undefined;
  for (const line of multiline ? value.split("\n") : [value]) {
    if (!SECRET_HINT.test(line)) continue;
    const a = assignment(line);
    if (a && a.name !== name && byName(a.name, a.value, mode)) return { label: `a literal value for "${a.name}"`, text: a.value };
  }
  return undefined;
}
