import { isInside } from "../../util/paths.js";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { KUSTOMIZATION_NAMES, kustomizationIn } from "../../discover/kustomize.js";
import { parseYaml } from "../../load/parse.js";
import type { LoadedFile } from "../../load/read.js";
import type { Path } from "../../model/path.js";
import { arr, isObj, obj, str, type Obj } from "../../model/values.js";

/**
 * What a kustomization entry points at. Only `local` entries are ever handed to kustomize:
 * anything else makes every root whose closure holds it unrenderable.
 */
export type RefClass = "local" | "remote" | "outside" | "missing";

/** The fields whose entries are kustomizations (or files) that kustomize accumulates. */
export type RefField =
  | "resources" | "bases" | "components" | "generators" | "transformers" | "validators"
  | "patch" | "generator-file" | "replacements" | "configurations" | "crds" | "openapi";

export interface KustomizationRef {
  field: RefField;
  /** The entry as written. */
  value: string;
  /** Where the entry is in the kustomization document. */
  path: Path;
  cls: RefClass;
  /** Absolute path for local (and outside) entries. */
  abs: string | undefined;
  isDir: boolean;
}

export interface HelmEntry {
  path: Path;
  name: string;
}

/** One kustomization file, parsed with positions, with every reference it makes. */
export interface KFile {
  abs: string;
  dir: string;
  loaded: LoadedFile;
  value: Obj | undefined;
  kind: "Kustomization" | "Component";
  refs: KustomizationRef[];
  /** Kustomization directories this one accumulates (resources, bases, components, generator/transformer dirs). */
  children: string[];
  helm: HelmEntry[];
  /**
   * Local files a plugin config names (a PatchTransformer's `path:`, a generator's `files:`): kustomize reads
   * them too, so they count as the root's sources (content hash, `--context` scope) but are not entries.
   */
  pluginFiles: string[];
  /** A parse problem that keeps shipshape from checking the file's entries. */
  unreadable: string | undefined;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** Keys of built-in plugin configs whose values kustomize loads as files (and would fetch if they are URLs). */
const PLUGIN_FILE_KEYS = new Set(["path", "paths", "files", "envs", "env", "valuesFile", "additionalValuesFiles", "chartHome", "repo"]);
const SCP = /^[^/\s@]+@[^/\s:]+:/;
const REMOTE_QUERY = /\?(?:.*&)?(?:ref|version|submodules|timeout)=/;
const HOST_PATH = /^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?\/[^/\s]+/i;

/** Entries kustomize would try to fetch: URLs with or without a scheme, git and scp-style addresses. */
export function looksRemote(entry: string): boolean {
  return SCHEME.test(entry) || SCP.test(entry) || REMOTE_QUERY.test(entry) || entry.includes("//") || HOST_PATH.test(entry);
}

export { isInside };

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** A string that is a YAML document rather than a path (inline patches and plugin configs). */
function isInline(entry: string): boolean {
  return entry.includes("\n") || /^\s*[{[]/.test(entry) || /^\s*[A-Za-z]+:\s/.test(entry);
}

/** Reads the kustomization files of a run, each once, and classifies their entries. */
export class KustomizationTree {
  private readonly files = new Map<string, KFile | null>();
  private readonly realRepo: string;

  constructor(
    readonly repoRoot: string,
    /** Files the run already read and parsed, by absolute path. */
    private readonly loadedByAbs: ReadonlyMap<string, LoadedFile>,
    private readonly display: (abs: string) => string,
  ) {
    this.realRepo = realOrSelf(repoRoot);
  }

  /** The kustomization of a directory, parsed; undefined when the directory has none. */
  at(dir: string): KFile | undefined {
    const abs = kustomizationIn(dir);
    if (!abs) return undefined;
    return this.file(abs) ?? undefined;
  }

  file(abs: string): KFile | null {
    const known = this.files.get(abs);
    if (known !== undefined) return known;
    let loaded = this.loadedByAbs.get(abs);
    if (!loaded) {
      let text: string;
      try {
        text = readFileSync(abs, "utf8");
      } catch {
        this.files.set(abs, null);
        return null;
      }
      loaded = { file: this.display(abs), abs, parsed: parseYaml(text) };
    }
    const k = this.describe(abs, loaded);
    this.files.set(abs, k);
    return k;
  }

  /** Every kustomization file a root accumulates, the root first, each once (cycles are cut). */
  closure(root: KFile): KFile[] {
    const out: KFile[] = [];
    const seen = new Set<string>();
    const visit = (k: KFile) => {
      if (seen.has(k.abs)) return;
      seen.add(k.abs);
      out.push(k);
      for (const dir of k.children) {
        const child = this.at(dir);
        if (child) visit(child);
      }
    };
    visit(root);
    return out;
  }

  /** Inside the repository after symlinks are resolved. */
  insideRepo(abs: string): boolean {
    return isInside(this.realRepo, realOrSelf(abs));
  }

  private classify(entry: string, dir: string, dirOnly: boolean): { cls: RefClass; abs: string | undefined; isDir: boolean } {
    const abs = path.resolve(dir, entry);
    const exists = !SCHEME.test(entry) && existsSync(abs);
    if (exists) {
      let isDir = false;
      try {
        isDir = statSync(abs).isDirectory();
      } catch {
        /* a race with deletion: treated as a file kustomize will fail on */
      }
      return { cls: this.insideRepo(abs) ? "local" : "outside", abs, isDir };
    }
    if (looksRemote(entry)) return { cls: "remote", abs: undefined, isDir: false };
    if (!this.insideRepo(abs)) return { cls: "outside", abs, isDir: false };
    // A missing resource may be tried as a remote address by kustomize; a missing file is only an error.
    return { cls: dirOnly ? "missing" : "local", abs, isDir: false };
  }

  /**
   * What an inline or local plugin config (generators, transformers, validators) names by file: URLs
   * anywhere in it (kustomize would fetch them), and the local files inside the repository it would read.
   */
  private pluginConfigFiles(entry: unknown, dir: string): { urls: string[]; locals: string[] } {
    const out = { urls: [] as string[], locals: [] as string[] };
    if (typeof entry !== "string") return out;
    let text = entry;
    if (!isInline(entry)) {
      const abs = path.resolve(dir, entry);
      try {
        if (!this.insideRepo(abs) || !statSync(abs).isFile()) return out;
        text = readFileSync(abs, "utf8");
      } catch {
        return out;
      }
    }
    const walk = (v: unknown, fileKey: boolean) => {
      if (typeof v === "string") {
        const s = v.includes("=") ? v.slice(v.indexOf("=") + 1).trim() : v.trim();
        if (!fileKey || s === "") return;
        if (SCHEME.test(s)) out.urls.push(s);
        else if (!s.includes("\n")) {
          const abs = path.resolve(dir, s);
          try {
            if (this.insideRepo(abs) && statSync(abs).isFile()) out.locals.push(abs);
          } catch {
            /* not a file: kustomize reports it */
          }
        }
      } else if (Array.isArray(v)) v.forEach((x) => walk(x, fileKey));
      else if (isObj(v)) for (const [key, x] of Object.entries(v)) walk(x, PLUGIN_FILE_KEYS.has(key));
    };
    for (const d of parseYaml(text).documents) walk(d.value, false);
    return out;
  }

  private describe(abs: string, loaded: LoadedFile): KFile {
    const dir = path.dirname(abs);
    const doc = loaded.parsed.documents[0];
    const problem = loaded.parsed.problems.find((p) => p.ruleId === "yaml-syntax");
    const value = obj(doc?.value);
    const k: KFile = {
      abs, dir, loaded, value,
      kind: value?.kind === "Component" ? "Component" : "Kustomization",
      refs: [], children: [], helm: [], pluginFiles: [],
      unreadable: problem ? problem.message : value === undefined && doc?.value !== undefined && doc.value !== null ? "the file is not a map" : undefined,
    };
    if (!value) return k;
    const add = (field: RefField, entry: unknown, at: Path, dirLike: boolean) => {
      if (typeof entry !== "string" || entry.trim() === "") return;
      if (isInline(entry) && field !== "resources" && field !== "bases" && field !== "components") return;
      // Kustomize tries an accumulated entry it cannot find locally as a remote address: refuse it up front.
      const c = this.classify(entry, dir, dirLike);
      k.refs.push({ field, value: entry, path: at, ...c });
      if (c.cls === "local" && c.isDir && c.abs) k.children.push(c.abs);
    };
    for (const field of ["resources", "bases", "components"] as const) arr(value[field]).forEach((e, i) => add(field, e, [field, i], true));
    for (const field of ["generators", "transformers", "validators"] as const) {
      arr(value[field]).forEach((e, i) => {
        add(field, e, [field, i], true);
        // A built-in plugin's config may name a file by URL (a PatchTransformer's `path:`): kustomize would fetch it.
        const named = this.pluginConfigFiles(e, dir);
        for (const url of named.urls) k.refs.push({ field, value: url, path: [field, i], cls: "remote", abs: undefined, isDir: false });
        k.pluginFiles.push(...named.locals);
      });
    }
    arr(value.patchesStrategicMerge).forEach((e, i) => add("patch", e, ["patchesStrategicMerge", i], false));
    for (const field of ["patches", "patchesJson6902", "replacements"] as const) {
      arr(value[field]).forEach((e, i) => {
        if (isObj(e)) add(field === "replacements" ? "replacements" : "patch", e.path, [field, i, "path"], false);
      });
    }
    for (const field of ["configMapGenerator", "secretGenerator"] as const) {
      arr(value[field]).forEach((g, i) => {
        if (!isObj(g)) return;
        arr(g.files).forEach((f, j) => {
          const s = str(f);
          if (s !== undefined) add("generator-file", s.includes("=") ? s.slice(s.indexOf("=") + 1) : s, [field, i, "files", j], false);
        });
        arr(g.envs).forEach((f, j) => add("generator-file", f, [field, i, "envs", j], false));
        if (g.env !== undefined) add("generator-file", g.env, [field, i, "env"], false);
      });
    }
    arr(value.configurations).forEach((e, i) => add("configurations", e, ["configurations", i], false));
    arr(value.crds).forEach((e, i) => add("crds", e, ["crds", i], false));
    const openapi = obj(value.openapi);
    if (openapi) add("openapi", openapi.path, ["openapi", "path"], false);
    arr(value.helmCharts).forEach((h, i) => k.helm.push({ path: ["helmCharts", i], name: str(obj(h)?.name) ?? "" }));
    arr(value.helmChartInflationGenerator).forEach((h, i) => k.helm.push({ path: ["helmChartInflationGenerator", i], name: str(obj(h)?.chartName) ?? "" }));
    return k;
  }
}

export function isKustomizationFile(abs: string): boolean {
  return KUSTOMIZATION_NAMES.includes(path.basename(abs));
}
