/**
 * Which image tags name a release. A tag matching the version pattern is a version; anything else
 * (no tag, `latest`, `stable`, a branch name, a bare major such as `15`) can move under the same manifest.
 */
export const DEFAULT_VERSION_TAG_PATTERN = "^v?\\d+(\\.\\d+){1,3}([-+._][0-9A-Za-z.-]+)?$";

/** Tags that are well known to move; named as such in messages. */
const MOVING_TAGS = new Set(["latest", "stable", "main", "master", "edge", "dev", "develop", "nightly", "canary", "beta", "alpha", "next", "current", "lts", "rolling", "mainline", "trunk", "head"]);

export type TagVerdict = "version" | "missing" | "moving" | "not-version";

/** Compiles the allowed-tag option; undefined when it is not a valid regular expression. */
export function compileTagPattern(pattern: unknown): RegExp | undefined {
  if (typeof pattern !== "string") return undefined;
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

/** Classifies a tag: a version (matches `allowed`), missing, a well-known moving tag or bare major, or another non-version tag. */
export function tagVerdict(tag: string | undefined, allowed: RegExp): TagVerdict {
  if (tag === undefined || tag === "") return "missing";
  if (allowed.test(tag)) return "version";
  if (MOVING_TAGS.has(tag.toLowerCase()) || /^v?\d+$/.test(tag)) return "moving";
  return "not-version";
}
