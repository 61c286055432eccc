/** The newest Kubernetes minor version every bundled dataset covers; the default target. */
export const DEFAULT_KUBE_VERSION = "1.35";

const VERSION_RE = /^v?1\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:[-+][0-9A-Za-z.+-]*)?$/;

/** Normalises `1.N`, `v1.N`, `1.N.P`, `v1.N.P` with an optional `-…`/`+…` suffix to `1.N`; undefined otherwise. */
export function parseKubeVersion(input: string): string | undefined {
  const m = VERSION_RE.exec(input.trim());
  return m ? `1.${m[1]}` : undefined;
}

/** The minor number of a normalised `1.N` version. */
export function kubeMinor(version: string): number {
  return Number(version.slice(2));
}

/** True when `version` is at least `1.minor`. */
export function atLeast(version: string, minor: number): boolean {
  return kubeMinor(version) >= minor;
}
