import { createHash } from "node:crypto";
import path from "node:path";

export interface FingerprintInput {
  ruleId: string;
  /** Identity (group, kind, namespace, name) or, for file-level findings, the file and message. */
  identity: string;
  path: string;
  /** The repo-relative file, used to tell apart same-identity findings in different places. */
  file: string;
}

function hash(parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest().toString("hex", 0, 16);
}

/**
 * hash(rule, identity, path); when two findings of a run would share one, the repo-relative
 * directory of each one's source joins the hash for all of them (then the file, then an ordinal).
 */
export function fingerprints(inputs: readonly FingerprintInput[]): string[] {
  const out = inputs.map((f) => hash([f.ruleId, f.identity, f.path]));
  const refine = (indexes: number[], extra: (i: number) => string) => {
    for (const i of indexes) out[i] = hash([out[i] as string, extra(i)]);
  };
  const stages: ((i: number) => string)[] = [
    (i) => path.posix.dirname((inputs[i] as FingerprintInput).file),
    (i) => path.posix.basename((inputs[i] as FingerprintInput).file),
  ];
  for (const stage of stages) {
    const groups = collisions(out);
    if (groups.length === 0) return out;
    for (const g of groups) refine(g, stage);
  }
  for (const g of collisions(out)) g.forEach((i, n) => (out[i] = hash([out[i] as string, String(n)])));
  return out;
}

function collisions(values: readonly string[]): number[][] {
  const seen = new Map<string, number[]>();
  values.forEach((v, i) => {
    const list = seen.get(v);
    if (list) list.push(i);
    else seen.set(v, [i]);
  });
  return [...seen.values()].filter((l) => l.length > 1);
}
