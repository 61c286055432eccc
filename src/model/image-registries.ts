import type { ImageRef } from "./image.js";

/**
 * The full name of an image as a runtime pulls it: `registry/repository`, with Docker Hub's implicit
 * `docker.io` and `library/` made explicit and the registry host in lower case (hosts are case-insensitive).
 */
export function fullImageName(ref: ImageRef): string {
  let registry = (ref.registry ?? "docker.io").toLowerCase();
  if (registry === "index.docker.io" || registry === "registry-1.docker.io") registry = "docker.io";
  const repository = registry === "docker.io" && !ref.repository.includes("/") ? `library/${ref.repository}` : ref.repository;
  return `${registry}/${repository}`;
}

/**
 * Normalises an allow-list entry (`ghcr.io/acme/`, `docker.io/library`, `quay.io`) to the same form:
 * no trailing slash, host in lower case, Docker Hub explicit when the first component is not a host.
 */
export function normalizeRegistryPrefix(entry: string): string | undefined {
  const s = entry.trim().replace(/\/+$/, "");
  if (s === "") return undefined;
  const slash = s.indexOf("/");
  const first = slash < 0 ? s : s.slice(0, slash);
  const isHost = first.includes(".") || first.includes(":") || first === "localhost";
  if (!isHost) return `docker.io/${s}`;
  const host = first.toLowerCase() === "index.docker.io" ? "docker.io" : first.toLowerCase();
  return slash < 0 ? host : `${host}${s.slice(slash)}`;
}

/** True when the image's full name is the prefix or lies below it at a path boundary (`ghcr.io/acme` does not cover `ghcr.io/acmecorp`). */
export function imageUnderPrefix(fullName: string, prefix: string): boolean {
  return fullName === prefix || fullName.startsWith(`${prefix}/`);
}

export interface FrozenRegistry {
  /** Normalised prefix. */
  readonly prefix: string;
  /** Why it is a problem, for messages. */
  readonly why: string;
  /** Where the images live now. */
  readonly instead: string;
}

/** Registries and repositories that no longer receive images: what runs from them never gets a fix. */
export const FROZEN_REGISTRIES: readonly FrozenRegistry[] = [
  { prefix: "k8s.gcr.io", why: "frozen since April 2023", instead: "registry.k8s.io" },
  { prefix: "gcr.io/google-containers", why: "the frozen backing store of k8s.gcr.io", instead: "registry.k8s.io" },
  { prefix: "gcr.io/google_containers", why: "the frozen backing store of k8s.gcr.io", instead: "registry.k8s.io" },
  { prefix: "quay.io/kubernetes-ingress-controller", why: "abandoned when ingress-nginx moved registries", instead: "registry.k8s.io/ingress-nginx" },
  { prefix: "docker.pkg.github.com", why: "GitHub's retired Docker registry", instead: "ghcr.io" },
  { prefix: "docker.io/bitnamilegacy", why: "Bitnami's frozen archive, which gets no more updates", instead: "a maintained image" },
];

/** The frozen registry an image comes from, if any. */
export function frozenRegistryOf(fullName: string): FrozenRegistry | undefined {
  return FROZEN_REGISTRIES.find((f) => imageUnderPrefix(fullName, f.prefix));
}
