import { formatPath, type Path } from "./path.js";
import type { Obj } from "./values.js";

export type NamespaceSource = "metadata" | "kustomization" | "argocd" | "flux" | "helm";

/** One Kubernetes object as the API server would receive it, plus where it came from. */
export interface Resource {
  /** Index of the resource in this run; stable for one run only. */
  readonly id: number;
  readonly apiVersion: string;
  readonly kind: string;
  /** API group, "" for the core group. */
  readonly group: string;
  readonly name: string | undefined;
  /** Resolved namespace; undefined when nothing sets it (never assumed "default"). */
  readonly namespace: string | undefined;
  readonly namespaceSource: NamespaceSource | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Display path of the source file: relative to the working directory, forward slashes. */
  readonly file: string;
  /** Index of the YAML document within its file (0-based). */
  readonly docIndex: number;
  /** Index of the item within a `kind: List` document, if it came from one. */
  readonly listIndex: number | undefined;
  /** The plain value (YAML 1.1 scalars, as the API server receives it). */
  readonly value: Obj;
  /** The `# Source:` comment of Helm output, when present. */
  readonly helmSource: string | undefined;
  /** Directory of the kustomization, chart or folder that scopes an unset namespace. */
  readonly scope: string;
  /**
   * Set only on resources shipshape rendered from Helm templates: the paths (`formatPath`) of the strings a
   * random, time or key-generating function produced (`randAlphaNum`, `genCA`, `now`, … or a value computed
   * from one). They are not in the repository: secret rules never report them. Empty when nothing was generated.
   */
  readonly generatedPaths?: ReadonlySet<string>;
}

/** Whether the string at `path` was produced by a generator function during a render (see `generatedPaths`). */
export function isGenerated(r: Resource, path: Path): boolean {
  return r.generatedPaths !== undefined && r.generatedPaths.size > 0 && r.generatedPaths.has(formatPath(path));
}

/** What identifies a resource in output. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string | null;
}

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

export function resourceRef(r: Resource): ResourceRef {
  return { apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace ?? null, name: r.name ?? null };
}

/** Identity = API group + kind + resolved namespace + name (not the version). */
export function identityOf(r: Resource): string {
  return `${r.group}|${r.kind}|${r.namespace ?? ""}|${r.name ?? ""}`;
}

/** `Kind/namespace/name`, as used for SARIF logical locations and messages. */
export function displayName(r: Resource): string {
  return [r.kind, r.namespace, r.name ?? "(unnamed)"].filter((s) => s !== undefined).join("/");
}
