import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseYaml } from "../load/parse.js";
import { arr, isObj, str, type Obj } from "../model/values.js";

export const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

export interface KustomizationInfo {
  /** Absolute path of the kustomization file. */
  file: string;
  dir: string;
  namespace: string | undefined;
  /** Absolute paths of files listed as resources. */
  resourceFiles: string[];
  /** Absolute paths of files listed as patches (partial objects, not whole resources). */
  patchFiles: string[];
}

/** What the kustomizations in and around the linted files say about them, without rendering. */
export interface KustomizeView {
  kustomizations: KustomizationInfo[];
  /** The kustomization that lists a file as a resource (the nearest one if several do). */
  listedBy: Map<string, KustomizationInfo>;
  patchFiles: Set<string>;
}

function entryPath(v: unknown): string | undefined {
  if (typeof v === "string") return v.includes("\n") ? undefined : v;
  if (isObj(v)) return str(v.path);
  return undefined;
}

function readKustomization(file: string): Obj | undefined {
  try {
    const parsed = parseYaml(readFileSync(file, "utf8"));
    const v = parsed.documents[0]?.value;
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Finds the kustomization file of a directory, if any. */
export function kustomizationIn(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_NAMES) {
    const f = path.join(dir, name);
    if (existsSync(f)) return f;
  }
  return undefined;
}

/** Reads the kustomizations of every directory that holds a linted file. */
export function kustomizeView(files: readonly string[], top: string): KustomizeView {
  const dirs = new Set<string>();
  for (const f of files) {
    // The file's own directory and its ancestors within the repo: a kustomization may list `sub/x.yaml`.
    let d = path.dirname(f);
    while (!dirs.has(d)) {
      dirs.add(d);
      const rel = path.relative(top, d);
      if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) break;
      d = path.dirname(d);
    }
  }
  const kustomizations: KustomizationInfo[] = [];
  for (const dir of [...dirs].sort()) {
    const file = kustomizationIn(dir);
    if (!file) continue;
    const k = readKustomization(file);
    if (!k) continue;
    const local = (list: unknown): string[] =>
      arr(list).map(entryPath).filter((p): p is string => p !== undefined && !/^[a-z]+:\/\/|^git@|^github\.com\//i.test(p)).map((p) => path.resolve(dir, p));
    kustomizations.push({
      file,
      dir,
      namespace: str(k.namespace) || undefined,
      resourceFiles: [...local(k.resources), ...local(k.bases)],
      patchFiles: [...local(k.patches), ...local(k.patchesStrategicMerge), ...local(k.patchesJson6902)],
    });
  }
  const listedBy = new Map<string, KustomizationInfo>();
  const patchFiles = new Set<string>();
  for (const k of kustomizations) {
    for (const f of k.resourceFiles) {
      const prev = listedBy.get(f);
      if (!prev || prev.dir.length < k.dir.length) listedBy.set(f, k);
    }
    for (const f of k.patchFiles) patchFiles.add(f);
  }
  return { kustomizations, listedBy, patchFiles };
}
