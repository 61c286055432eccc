/** A container image reference split into its parts, as the container runtime reads it. */
export interface ImageRef {
  /** The registry host (with port), or undefined for Docker Hub's implicit `docker.io`. */
  registry: string | undefined;
  /** The repository path without registry, tag and digest. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

/**
 * Parses `[registry[:port]/]path[:tag][@digest]`. The first component is a registry only when it
 * holds a dot or a colon or is `localhost`, so `host:5000/app` has a port and no tag.
 */
export function parseImage(image: string): ImageRef | undefined {
  const s = image.trim();
  if (s === "" || /\s/.test(s)) return undefined;
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf("/");
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes(".") || first.includes(":") || first === "localhost") {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon >= 0 && !rest.slice(colon + 1).includes("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (rest === "") return undefined;
  return { registry, repository: rest, tag, digest };
}

/** True for a digest the runtime can pin to: `algorithm:hex` of a plausible length. */
export function isPinnedDigest(digest: string | undefined): boolean {
  return digest !== undefined && /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/.test(digest);
}
