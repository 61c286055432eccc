/**
 * Runs the Kubernetes pod-security-admission fixtures (`test/testdata/` upstream:
 * `<level>/v1.<minor>/<pass|fail>/<checkid><index>.yaml`) against our checks.
 * Shared by `test/pss-conformance.test.ts` and `scripts/conformance.ts`.
 * Not exported from the pss index: rules never load files or parse YAML.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { apiGroup, isObj, podSpecOf, type Obj, type Resource } from "../../model/index.js";
import { PSS_CHECKS, evaluateCheck, evaluatePodSpec, pssCheckByLowerId } from "./registry.js";
import type { PssCheckId, PssLevel } from "./types.js";

export type FixtureExpect = "pass" | "fail";
export type WrapKind = "Pod" | "Deployment";

export interface FixtureCase {
  readonly file: string;
  readonly level: Exclude<PssLevel, "privileged">;
  /** Normalised `1.N`. */
  readonly version: string;
  readonly expect: FixtureExpect;
  /** The check the file name names (undefined for `base*` and unknown names). */
  readonly check: PssCheckId | undefined;
  readonly checkName: string;
}

export interface Disagreement {
  readonly file: string;
  readonly wrap: WrapKind;
  readonly reason: string;
}

export interface LevelFigures {
  readonly level: string;
  passAgree: number;
  passTotal: number;
  failAgree: number;
  failTotal: number;
}

export interface ConformanceResult {
  readonly levels: LevelFigures[];
  readonly disagreements: Disagreement[];
  readonly files: number;
  readonly distinctContents: number;
}

const LEVEL_DIRS = ["baseline", "restricted"] as const;
const VERSION_DIR = /^v1\.(0|[1-9][0-9]*)$/;

/** Lists the fixture files of a pss testdata folder. */
export function listFixtures(dir: string): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const level of LEVEL_DIRS) {
    const levelDir = path.join(dir, level);
    if (!isDir(levelDir)) continue;
    for (const versionDir of readdirSync(levelDir).sort()) {
      const m = VERSION_DIR.exec(versionDir);
      if (!m) continue;
      for (const expect of ["pass", "fail"] as const) {
        const expectDir = path.join(levelDir, versionDir, expect);
        if (!isDir(expectDir)) continue;
        for (const name of readdirSync(expectDir).sort()) {
          if (!name.endsWith(".yaml") && !name.endsWith(".yml")) continue;
          const stem = name.replace(/\.ya?ml$/, "");
          const checkName = stem.replace(/[0-9]+$/, "");
          cases.push({
            file: path.join(level, versionDir, expect, name),
            level,
            version: `1.${m[1]}`,
            expect,
            check: pssCheckByLowerId(checkName),
            checkName,
          });
        }
      }
    }
  }
  return cases;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A Resource as the loader would build it, for a plain value. */
export function resourceFromValue(value: Obj, file: string): Resource {
  const apiVersion = typeof value.apiVersion === "string" ? value.apiVersion : "";
  const metadata = isObj(value.metadata) ? value.metadata : {};
  return {
    id: 0,
    apiVersion,
    kind: typeof value.kind === "string" ? value.kind : "",
    group: apiGroup(apiVersion),
    name: typeof metadata.name === "string" ? metadata.name : undefined,
    namespace: undefined,
    namespaceSource: undefined,
    labels: {},
    annotations: {},
    file,
    docIndex: 0,
    listIndex: undefined,
    value,
    helmSource: undefined,
    scope: "",
  };
}

/** Wraps a pod's metadata and spec into a Deployment's pod template, as upstream's test runner does. */
export function wrapInDeployment(pod: Obj): Obj {
  const metadata = isObj(pod.metadata) ? pod.metadata : {};
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: typeof metadata.name === "string" ? metadata.name : "fixture" },
    spec: { template: { metadata, spec: pod.spec } },
  };
}

function rulesOfLevel(level: Exclude<PssLevel, "privileged">): PssCheckId[] {
  return PSS_CHECKS.filter((c) => level === "restricted" || c.level === "baseline").map((c) => c.id);
}

/** The verdict for one case on one wrapping; undefined when it agrees, else the reason. */
function judge(c: FixtureCase, value: Obj, wrap: WrapKind): string | undefined {
  const resource = resourceFromValue(wrap === "Pod" ? value : wrapInDeployment(value), c.file);
  const pod = podSpecOf(resource);
  if (!pod) return "no pod spec found";
  if (c.expect === "pass") {
    // Admission's verdict, and also each rule of the level's preset on its own (no overrides).
    const found = [...evaluatePodSpec(pod, c.level, c.version), ...rulesOfLevel(c.level).flatMap((id) => evaluateCheck(id, pod, c.version))];
    return found.length === 0 ? undefined : `expected no violation, got ${found.map((v) => `${v.check}: ${v.message}`).join("; ")}`;
  }
  if (!c.check) return `file name "${c.checkName}" names no known check`;
  if (evaluateCheck(c.check, pod, c.version).length === 0) return `expected a ${c.check} violation, got none`;
  if (evaluatePodSpec(pod, c.level, c.version).length === 0) return `expected the pod to be rejected at ${c.level}, got no violation`;
  return undefined;
}

/** Runs every fixture under `dir` as a Pod and wrapped in a Deployment. Each distinct content is parsed once. */
export function runConformance(dir: string): ConformanceResult {
  const cases = listFixtures(dir);
  const parsed = new Map<string, Obj | undefined>();
  const figures = new Map<string, LevelFigures>();
  const disagreements: Disagreement[] = [];
  for (const c of cases) {
    const text = readFileSync(path.join(dir, c.file), "utf8");
    let value = parsed.get(text);
    if (!parsed.has(text)) {
      const js: unknown = parseDocument(text, { version: "1.1" }).toJS();
      value = isObj(js) ? js : undefined;
      parsed.set(text, value);
    }
    let fig = figures.get(c.level);
    if (!fig) {
      fig = { level: c.level, passAgree: 0, passTotal: 0, failAgree: 0, failTotal: 0 };
      figures.set(c.level, fig);
    }
    let agrees = true;
    for (const wrap of ["Pod", "Deployment"] as const) {
      const reason = value ? judge(c, value, wrap) : "not a YAML map";
      if (reason !== undefined) {
        agrees = false;
        disagreements.push({ file: c.file, wrap, reason });
      }
    }
    if (c.expect === "pass") {
      fig.passTotal++;
      if (agrees) fig.passAgree++;
    } else {
      fig.failTotal++;
      if (agrees) fig.failAgree++;
    }
  }
  const levels = [...figures.values()].sort((a, b) => (a.level < b.level ? -1 : a.level > b.level ? 1 : 0));
  return { levels, disagreements, files: cases.length, distinctContents: parsed.size };
}

function pct(agree: number, total: number): string {
  return total === 0 ? "n/a" : `${((100 * agree) / total).toFixed(2)}%`;
}

/** One line per level: `baseline: 1555/1555 (100.00%) — pass 433/433, fail 1122/1122`. */
export function formatFigures(result: ConformanceResult): string[] {
  return result.levels.map((f) => {
    const agree = f.passAgree + f.failAgree;
    const total = f.passTotal + f.failTotal;
    return `${f.level}: ${agree}/${total} (${pct(agree, total)}) agree, pass ${f.passAgree}/${f.passTotal}, fail ${f.failAgree}/${f.failTotal} (each as a Pod and as a Deployment template)`;
  });
}

/** True when every fixture agrees and there was at least one. */
export function isFullAgreement(result: ConformanceResult): boolean {
  return result.files > 0 && result.disagreements.length === 0;
}
