import { existsSync } from "node:fs";
import path from "node:path";
import type { Path } from "../model/path.js";
import { apiGroup, type NamespaceSource, type Resource } from "../model/resource.js";
import { isClusterScoped } from "../model/cluster-scoped.js";
import { arr, getIn, isObj, obj, str, stringMap, type Obj } from "../model/values.js";
import { topKeyRange } from "./locate.js";
import type { LoadedFile } from "./read.js";
import type { ParsedDocument, SourceRange } from "./parse.js";

/** Where a resource's nodes are in the source: for the locator. */
export interface ResourceSource {
  loaded: LoadedFile;
  doc: ParsedDocument;
  /** Path of the resource within the document (`["items", 3]` for a List item). */
  prefix: Path;
}

/** A document-level problem that is not a resource yet (`not-a-resource`). */
export interface DocumentProblem {
  ruleId: "not-a-resource";
  file: string;
  range: SourceRange;
  message: string;
}

export interface NamespaceHints {
  /** The namespace and directory of the kustomization that lists a file, by absolute path. */
  kustomization(abs: string): { namespace: string | undefined; dir: string } | undefined;
}

/** Documents from tools that share the apiVersion/kind shape but are not cluster objects. */
function isToolConfig(apiVersion: string, kind: string): boolean {
  return /^kustomize\.config\.k8s\.io\//.test(apiVersion) || /^skaffold\//.test(apiVersion) || (apiVersion.startsWith("kind.x-k8s.io/") && kind === "Cluster");
}

/** Files that are YAML metadata of tools, never cluster objects (Helm charts and repos, Kustomize). */
const TOOL_FILES = new Set(["Chart.yaml", "Chart.lock", "index.yaml", "requirements.yaml", "requirements.lock", "kustomization.yaml", "kustomization.yml", "Kustomization"]);

function isToolMetadataFile(file: string): boolean {
  const base = file.slice(file.lastIndexOf("/") + 1);
  return TOOL_FILES.has(base);
}

interface Draft {
  value: Obj;
  source: ResourceSource;
  listIndex: number | undefined;
  namespace: string | undefined;
  namespaceSource: NamespaceSource | undefined;
  scope: string;
}

/**
 * Turns parsed documents into resources: expands `kind: List`, skips non-Kubernetes documents
 * silently, reports half-resources, and resolves namespaces without ever assuming `default`.
 */
export function assemble(
  files: readonly LoadedFile[],
  hints: NamespaceHints,
  repoRoot: string,
  cwd: string,
  roots: readonly string[] = [],
): { resources: Resource[]; sources: ResourceSource[]; problems: DocumentProblem[]; documents: number } {
  const drafts: Draft[] = [];
  const problems: DocumentProblem[] = [];
  let documents = 0;
  for (const loaded of files) {
    const toolFile = isToolMetadataFile(loaded.file);
    const hint = loaded.abs ? hints.kustomization(loaded.abs) : undefined;
    const fileDir = loaded.abs ? path.dirname(loaded.abs) : cwd;
    for (const doc of loaded.parsed.documents) {
      if (doc.value === undefined || doc.value === null) continue;
      documents++;
      if (toolFile) continue;
      const value = obj(doc.value);
      if (!value) continue;
      const hasApi = value.apiVersion !== undefined, hasKind = value.kind !== undefined;
      if (!hasApi && !hasKind) continue;
      if (typeof value.apiVersion !== "string" || typeof value.kind !== "string" || value.apiVersion === "" || value.kind === "") {
        problems.push(halfResource(loaded, doc, value));
        continue;
      }
      if (isToolConfig(value.apiVersion, value.kind)) continue;
      const items: [Obj, Path, number | undefined][] = [];
      if (value.kind === "List" || (value.kind.endsWith("List") && Array.isArray(value.items))) {
        arr(value.items).forEach((item, i) => {
          if (isObj(item) && typeof item.apiVersion === "string" && typeof item.kind === "string") items.push([item, ["items", i], i]);
        });
      } else {
        items.push([value, [], undefined]);
      }
      for (const [v, prefix, listIndex] of items) {
        const ns = str(getIn(v, ["metadata", "namespace"])) || undefined;
        drafts.push({
          value: v,
          source: { loaded, doc, prefix },
          listIndex,
          namespace: ns ?? hint?.namespace,
          namespaceSource: ns ? "metadata" : hint?.namespace ? "kustomization" : undefined,
          scope: hint?.dir ?? fileDir,
        });
      }
    }
  }
  applyGitOpsNamespaces(drafts, [repoRoot, ...roots, cwd]);
  const resources: Resource[] = [];
  const sources: ResourceSource[] = [];
  drafts.forEach((d, id) => {
    const apiVersion = d.value.apiVersion as string;
    const kind = d.value.kind as string;
    const group = apiGroup(apiVersion);
    const clusterScoped = isClusterScoped(group, kind);
    const meta = obj(d.value.metadata);
    resources.push({
      id,
      apiVersion,
      kind,
      group,
      name: str(meta?.name) || undefined,
      namespace: clusterScoped ? undefined : d.namespace,
      namespaceSource: clusterScoped ? undefined : d.namespaceSource,
      labels: stringMap(meta?.labels),
      annotations: stringMap(meta?.annotations),
      file: d.source.loaded.file,
      docIndex: d.source.doc.index,
      listIndex: d.listIndex,
      value: d.value,
      helmSource: d.source.doc.helmSource,
      scope: path.relative(repoRoot, d.scope).split(path.sep).join("/") || ".",
    });
    sources.push(d.source);
  });
  return { resources, sources, problems, documents };
}

function halfResource(loaded: LoadedFile, doc: ParsedDocument, value: Obj): DocumentProblem {
  const missing = value.apiVersion === undefined ? "apiVersion" : value.kind === undefined ? "kind" : typeof value.apiVersion !== "string" || value.apiVersion === "" ? "apiVersion" : "kind";
  const present = missing === "apiVersion" ? "kind" : "apiVersion";
  const bad = value[missing] !== undefined;
  return {
    ruleId: "not-a-resource",
    file: loaded.file,
    range: topKeyRange(doc, loaded.parsed.source, present),
    message: bad
      ? `document has ${missing} that is not a non-empty string: it is not a valid Kubernetes object`
      : `document has ${present} but no ${missing}: it is not a complete Kubernetes object and was not linted`,
  };
}

/**
 * Argo CD Applications and Flux Kustomizations name a path (relative to their repository's root)
 * and a destination namespace. Their repository root is not known offline, so the path is tried
 * against the git top level and each linted root, and the first that exists is taken.
 */
function applyGitOpsNamespaces(drafts: Draft[], bases: readonly string[]): void {
  const resolve = (p: string): string | undefined => {
    for (const base of bases) {
      const abs = path.resolve(base, p);
      if (existsSync(abs)) return abs;
    }
    return undefined;
  };
  const targets: { dir: string; namespace: string; source: NamespaceSource }[] = [];
  for (const d of drafts) {
    const apiVersion = d.value.apiVersion as string;
    const kind = d.value.kind as string;
    const spec = obj(d.value.spec);
    if (!spec) continue;
    if (apiVersion.startsWith("argoproj.io/") && kind === "Application") {
      const ns = str(getIn(spec, ["destination", "namespace"]));
      if (!ns) continue;
      const paths = [str(getIn(spec, ["source", "path"])), ...arr(spec.sources).map((s) => str(getIn(s, ["path"])))];
      for (const p of paths) {
        const dir = p ? resolve(p) : undefined;
        if (dir) targets.push({ dir, namespace: ns, source: "argocd" });
      }
    } else if (apiVersion.startsWith("kustomize.toolkit.fluxcd.io/") && kind === "Kustomization") {
      const ns = str(spec.targetNamespace);
      const p = str(spec.path);
      const dir = ns && p ? resolve(p) : undefined;
      if (ns && dir) targets.push({ dir, namespace: ns, source: "flux" });
    }
  }
  if (targets.length === 0) return;
  targets.sort((a, b) => b.dir.length - a.dir.length);
  for (const d of drafts) {
    if (d.namespace !== undefined || !d.source.loaded.abs) continue;
    const abs = d.source.loaded.abs;
    const t = targets.find((t) => abs === t.dir || abs.startsWith(t.dir + path.sep));
    if (t) {
      d.namespace = t.namespace;
      d.namespaceSource = t.source;
    }
  }
}
