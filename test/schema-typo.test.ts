import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { checkBuiltIn, schemaView, type SchemaView, type Spec } from "../src/analysis/schema/builtin.js";
import { DEFAULT_KUBE_VERSION, parseKubeVersion } from "../src/model/kube-version.js";
import { isObj, type Obj } from "../src/model/values.js";
import type { Path } from "../src/model/path.js";
import { REPO_ROOT } from "./helpers/fixtures.js";

/**
 * Typo injection: every field name of every fixture manifest is mutated three ways (a letter dropped,
 * the case of a letter swapped, a letter added); each mutation must yield `unknown-field` on exactly
 * that key, suggesting the original name. Keys under free-form maps (labels, annotations, data,
 * preserve-unknown-fields) are not fields and are skipped, as is a mutation that yields another valid
 * field name at that position. The unmutated manifests must have no unknown field at all.
 */

function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...manifestFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

interface Doc {
  file: string;
  value: Obj;
  apiVersion: string;
  kind: string;
  kubeVersion: string;
}

function docsOf(file: string): Doc[] {
  const text = readFileSync(file, "utf8");
  const args = /^#\s*shipshape-test:.*--kube-version\s+(\S+)/.exec(text.split("\n", 1)[0] ?? "");
  const kubeVersion = (args?.[1] && parseKubeVersion(args[1])) || DEFAULT_KUBE_VERSION;
  const out: Doc[] = [];
  for (const doc of parseAllDocuments(text, { version: "1.1", uniqueKeys: false })) {
    if ("errors" in doc && doc.errors.length > 0) continue;
    const value: unknown = doc.toJS({ maxAliasCount: -1 });
    if (!isObj(value) || typeof value.apiVersion !== "string" || typeof value.kind !== "string") continue;
    out.push({ file, value, apiVersion: value.apiVersion, kind: value.kind, kubeVersion });
  }
  return out;
}

interface KeySite {
  path: Path;
  key: string;
  valid: ReadonlySet<string>;
}

/** Every key of the document that is a schema field (not a free-form map key), with its siblings' valid names. */
function keySites(view: SchemaView, value: unknown, spec: Spec, path: Path, out: KeySite[]): void {
  if (spec.k === "list" && Array.isArray(value)) value.forEach((v, i) => keySites(view, v, spec.of, [...path, i], out));
  if (spec.k !== "ref" || !isObj(value)) return;
  const t = view.type(spec.name);
  if (!t) return;
  const valid = new Set(t.fields.keys());
  for (const [k, v] of Object.entries(value)) {
    const field = t.fields.get(k);
    if (!field) continue;
    out.push({ path, key: k, valid });
    keySites(view, v, field, [...path, k], out);
  }
}

function mutations(key: string): string[] {
  const mid = Math.floor(key.length / 2);
  const swapAt = key.length > 1 ? mid : 0;
  const ch = key[swapAt] as string;
  const swapped = ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
  return [
    key.slice(0, mid) + key.slice(mid + 1),
    key.slice(0, swapAt) + swapped + key.slice(swapAt + 1),
    key.slice(0, mid) + "x" + key.slice(mid),
  ].filter((m) => m !== key && m.length > 0);
}

/** A copy of the document with one key renamed in place (key order kept). */
function renamed(root: Obj, path: Path, from: string, to: string): Obj {
  const copy = structuredClone(root);
  let parent: unknown = copy;
  for (const seg of path) parent = (parent as Record<string | number, unknown>)[seg];
  const obj = parent as Obj;
  const entries = Object.entries(obj).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) obj[k] = v;
  return copy;
}

const OWN_FAIL = path.join(REPO_ROOT, "fixtures", "rules", "unknown-field", "fail");
const docs = manifestFiles(path.join(REPO_ROOT, "fixtures")).flatMap(docsOf);

describe("unknown-field typo injection over every fixture manifest", () => {
  it("finds no unknown field in the unmutated fixtures (except unknown-field's own fail cases)", () => {
    const found: string[] = [];
    for (const d of docs) {
      if (d.file.startsWith(OWN_FAIL)) continue;
      for (const i of checkBuiltIn(d.value, d.apiVersion, d.kind, d.kubeVersion)?.issues ?? []) {
        if (i.kind === "unknown") found.push(`${path.relative(REPO_ROOT, d.file)} ${i.path.join(".")}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("reports each mutated key with the original name as the suggestion", () => {
    const misses: string[] = [];
    let mutated = 0;
    const seen = new Set<string>();
    for (const d of docs) {
      const view = schemaView(d.kubeVersion);
      const root = view.rootType(d.apiVersion, d.kind);
      if (!root) continue;
      const sites: KeySite[] = [];
      keySites(view, d.value, { k: "ref", name: root }, [], sites);
      for (const site of sites) {
        for (const typo of mutations(site.key)) {
          if (site.valid.has(typo)) continue;
          // The same key, typo and document shape need checking once.
          const id = `${d.kubeVersion}|${d.apiVersion}|${d.kind}|${site.path.join(".")}|${typo}`;
          if (seen.has(id)) continue;
          seen.add(id);
          mutated++;
          const value = renamed(d.value, site.path, site.key, typo);
          const issues = (checkBuiltIn(value, d.apiVersion, d.kind, d.kubeVersion)?.issues ?? []).filter((i) => i.kind === "unknown");
          const at = [...site.path, typo].join(".");
          const hit = issues.filter((i) => i.path.join(".") === at);
          const baseline = d.file.startsWith(OWN_FAIL) ? 1 : 0;
          if (hit.length !== 1 || hit[0]?.suggestions?.[0] !== site.key || hit[0]?.suggestions?.length !== 1 || (baseline === 0 && issues.length !== 1)) {
            misses.push(`${path.relative(REPO_ROOT, d.file)} ${at}: suggested ${JSON.stringify(hit[0]?.suggestions)} for ${site.key}`);
          }
        }
      }
    }
    console.log(`typo injection: ${mutated} mutated keys, ${misses.length} misses`);
    expect(mutated).toBeGreaterThan(1000);
    expect(misses).toEqual([]);
  });
});
