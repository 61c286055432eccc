import {
  containersOf,
  getIn,
  isObj,
  obj,
  type ContainerRef,
  type Obj,
  type Path,
} from "../../model/index.js";
import type { PssPod } from "./types.js";

/** A pod normalised for the checks: every accessor tolerates wrong types. */
export interface PodView {
  readonly spec: Obj;
  readonly specPath: Path;
  readonly metadataPath: Path;
  /** Pod-level annotations (values of any type, as found). */
  readonly annotations: Readonly<Record<string, unknown>>;
  readonly containers: readonly ContainerRef[];
  /** `spec.securityContext` when it is a map. */
  readonly podSecurityContext: Obj | undefined;
  /** `spec.os.name: windows`. */
  readonly windows: boolean;
  /** `spec.hostUsers: false`: the pod runs in a user namespace. */
  readonly userNamespace: boolean;
  /** The policy version's minor number. */
  readonly minor: number;
}

export function podView(pod: PssPod, minor: number): PodView {
  const spec = obj(pod.spec) ?? {};
  const specPath = pod.specPath ?? pod.path ?? [];
  const metadataPath = pod.metadataPath ?? [...specPath.slice(0, -1), "metadata"];
  const annotations = obj(obj(pod.metadata)?.annotations) ?? {};
  const containers = Array.isArray(pod.containers) ? pod.containers : containersOf(spec, specPath);
  return {
    spec,
    specPath,
    metadataPath,
    annotations,
    containers,
    podSecurityContext: obj(spec.securityContext),
    windows: getIn(spec, ["os", "name"]) === "windows",
    userNamespace: spec.hostUsers === false,
    minor,
  };
}

/** The container's `securityContext` when it is a map. */
export function securityContextOf(c: ContainerRef): Obj | undefined {
  return obj(c.value.securityContext);
}

/** `pod`, or `container "app"` / `init container "app"` / `ephemeral container "app"`. */
export function subjectOf(c: ContainerRef): string {
  const kind = c.kind === "initContainer" ? "init container" : c.kind === "ephemeralContainer" ? "ephemeral container" : "container";
  return `${kind} "${c.name}"`;
}

/** A value as quoted in messages: strings as they are, anything else as JSON. */
export function display(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === undefined) return "unset";
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** True for a value that is present: neither undefined nor null (Go's non-nil pointer). */
export function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** A map-valued field as Go would see a non-nil struct pointer. */
export function structOf(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}
