/**
 * Lazy access to the bundled Kubernetes API data. Nothing is read until a schema or lifecycle rule
 * first asks; the files are parsed once per process. The data sits in `data/` at the package root,
 * three levels above this module in the sources and four above its compiled form in `lib/`.
 * (Package maintainers: `data/` must ship with the package and beside any bundle.)
 */
import { readFileSync } from "node:fs";
import type { LifecycleData, SchemaData } from "./format.js";

function readData<T>(name: string): T {
  // The nearest `data/` above this module: src/analysis/schema/ (sources), lib/src/analysis/schema/
  // (compiled), or a bundle's own folder such as dist/.
  for (let up = "./"; up.length < 24; up += "../") {
    let text: string;
    try {
      text = readFileSync(new URL(`${up}data/${name}`, import.meta.url), "utf8");
    } catch {
      continue;
    }
    return JSON.parse(text) as T;
  }
  throw new Error(`cannot find shipshape's data/${name} above ${import.meta.url}`);
}

let schema: SchemaData | undefined;
let lifecycle: LifecycleData | undefined;

/** The merged field tree of every supported minor (`data/k8s-schema.json`). */
export function schemaData(): SchemaData {
  return (schema ??= readData<SchemaData>("k8s-schema.json"));
}

/** The API lifecycle table (`data/k8s-schema-lifecycle.json`). */
export function lifecycleData(): LifecycleData {
  return (lifecycle ??= readData<LifecycleData>("k8s-schema-lifecycle.json"));
}

/** The minor the data is read at for a target `1.N`, and whether it had to be clamped to the covered range. */
export function dataMinor(kubeVersion: string, covered: [number, number]): { minor: number; clamped: boolean } {
  const wanted = Number(kubeVersion.slice(2));
  const minor = Math.min(Math.max(wanted, covered[0]), covered[1]);
  return { minor, clamped: minor !== wanted };
}

/** The notification a rule gives once per run when the target version lies outside the data. */
export function fallbackNote(kubeVersion: string, covered: [number, number]): string | undefined {
  const { minor, clamped } = dataMinor(kubeVersion, covered);
  return clamped ? `the bundled Kubernetes API schemas cover 1.${covered[0]}–1.${covered[1]}; ${kubeVersion} is checked against 1.${minor}` : undefined;
}

/** The label of a field in messages: from the last key on, `ports[0]`, `securityContext`. */
export function fieldLabel(path: readonly (string | number)[]): string {
  let i = path.length - 1;
  while (i > 0 && typeof path[i] === "number") i--;
  let out = "";
  for (const seg of path.slice(Math.max(i, 0))) out += typeof seg === "number" ? `[${seg}]` : out === "" ? seg : `.${seg}`;
  return out;
}

/** Whether any bundled data file has been read in this process (tests check the loading is lazy). */
export function dataLoaded(): boolean {
  return schema !== undefined || lifecycle !== undefined;
}
