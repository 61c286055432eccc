import type { Path } from "./path.js";
import type { Resource } from "./resource.js";
import { arr, getIn, isObj, obj, str, type Obj } from "./values.js";

export type ContainerKind = "container" | "initContainer" | "ephemeralContainer";

export interface ContainerRef {
  /** The container's name, or `#<index>` when it has none. */
  readonly name: string;
  readonly kind: ContainerKind;
  /** The container's plain value (only map entries are yielded). */
  readonly value: Obj;
  /** Path of the container item within the resource. */
  readonly path: Path;
}

export interface PodSpecRef {
  readonly resource: Resource;
  /** The pod spec's plain value. */
  readonly spec: Obj;
  /** Path of the pod spec within the resource. */
  readonly path: Path;
  /** The pod (template) metadata, which holds labels and the pod-level annotations. */
  readonly metadata: Obj | undefined;
  readonly metadataPath: Path;
  /** Every container, init container and ephemeral container, in that order. */
  readonly containers: readonly ContainerRef[];
}

/** Where a kind keeps its pod template, relative to the resource root. */
export interface WorkloadKind {
  /** `group/version` or a bare group; matched on the API group only. */
  apiVersion: string;
  kind: string;
  /** Path of the pod spec, e.g. `["spec","template","spec"]`. */
  podSpec: Path;
}

const TEMPLATE: Path = ["spec", "template", "spec"];

const BUILT_IN: readonly WorkloadKind[] = [
  { apiVersion: "v1", kind: "Pod", podSpec: ["spec"] },
  { apiVersion: "v1", kind: "PodTemplate", podSpec: ["template", "spec"] },
  { apiVersion: "v1", kind: "ReplicationController", podSpec: TEMPLATE },
  { apiVersion: "apps/v1", kind: "Deployment", podSpec: TEMPLATE },
  { apiVersion: "apps/v1", kind: "ReplicaSet", podSpec: TEMPLATE },
  { apiVersion: "apps/v1", kind: "StatefulSet", podSpec: TEMPLATE },
  { apiVersion: "apps/v1", kind: "DaemonSet", podSpec: TEMPLATE },
  { apiVersion: "extensions/v1beta1", kind: "Deployment", podSpec: TEMPLATE },
  { apiVersion: "extensions/v1beta1", kind: "ReplicaSet", podSpec: TEMPLATE },
  { apiVersion: "extensions/v1beta1", kind: "DaemonSet", podSpec: TEMPLATE },
  { apiVersion: "batch/v1", kind: "Job", podSpec: TEMPLATE },
  { apiVersion: "batch/v1", kind: "CronJob", podSpec: ["spec", "jobTemplate", "spec", "template", "spec"] },
  { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", podSpec: TEMPLATE },
];

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  if (slash >= 0) return apiVersion.slice(0, slash);
  // "v1" is the core group; a bare name with a dot is a group without a version.
  return apiVersion.includes(".") ? apiVersion : "";
}

/** Looks up how to reach the pod spec of a kind, or undefined for kinds without one. */
export class WorkloadKinds {
  private readonly byKey = new Map<string, Path>();

  constructor(extra: readonly WorkloadKind[] = []) {
    for (const w of [...BUILT_IN, ...extra]) this.byKey.set(`${groupOf(w.apiVersion)}|${w.kind}`, w.podSpec);
  }

  podSpecPath(resource: Pick<Resource, "group" | "kind">): Path | undefined {
    return this.byKey.get(`${resource.group}|${resource.kind}`);
  }
}

export const defaultWorkloadKinds = new WorkloadKinds();

const CONTAINER_LISTS: readonly [string, ContainerKind][] = [
  ["containers", "container"],
  ["initContainers", "initContainer"],
  ["ephemeralContainers", "ephemeralContainer"],
];

/** Every container of a pod spec with its path, tolerating wrong types anywhere. */
export function containersOf(spec: Obj, specPath: Path): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const [field, kind] of CONTAINER_LISTS) {
    arr(spec[field]).forEach((item, i) => {
      if (!isObj(item)) return;
      out.push({ name: str(item.name) ?? `#${i}`, kind, value: item, path: [...specPath, field, i] });
    });
  }
  return out;
}

const memo = new WeakMap<Resource, { kinds: WorkloadKinds; ref: PodSpecRef | undefined }>();

/**
 * The pod spec of a pod-bearing resource, or undefined (also when the spec is not a map).
 * Every pod rule asks for it, so it is computed once per resource (resources are immutable).
 */
export function podSpecOf(resource: Resource, kinds: WorkloadKinds = defaultWorkloadKinds): PodSpecRef | undefined {
  const hit = memo.get(resource);
  if (hit && hit.kinds === kinds) return hit.ref;
  const ref = computePodSpec(resource, kinds);
  memo.set(resource, { kinds, ref });
  return ref;
}

function computePodSpec(resource: Resource, kinds: WorkloadKinds): PodSpecRef | undefined {
  const path = kinds.podSpecPath(resource);
  if (!path) return undefined;
  const spec = obj(getIn(resource.value, path));
  if (!spec) return undefined;
  const metadataPath = [...path.slice(0, -1), "metadata"];
  const metadata = path.length === 1 ? obj(resource.value.metadata) : obj(getIn(resource.value, metadataPath));
  return {
    resource,
    spec,
    path,
    metadata,
    metadataPath: path.length === 1 ? ["metadata"] : metadataPath,
    containers: containersOf(spec, path),
  };
}
