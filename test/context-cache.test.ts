/**
 * `--context` (the pre-commit hook): the rest of the repo is context. Per-resource rules check only
 * the reported files (and same-identity objects, for stable fingerprints), and the parse cache in
 * `.shipshape/cache` gives the same findings, at the same places, as parsing everything again.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/engine/lint.js";
import type { Finding } from "../src/engine/types.js";
import { ParseCache, PARSE_CACHE_FILE } from "../src/load/cache.js";
import { runShipshape, tempTree } from "./helpers/cli.js";

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "list"]
`;

const BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: web
    namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
`;

const deployment = (name: string, privileged: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      serviceAccountName: web
      containers:
        - name: app
          image: nginx:1.27.3
          securityContext:
            privileged: ${privileged}
`;

/** A repo with cross-file relations: a Role bound elsewhere, a workload using that identity, same-named objects in two folders. */
function shop(): string {
  return tempTree({
    "rbac/role.yaml": ROLE,
    "rbac/binding.yaml": BINDING,
    "apps/web.yaml": deployment("web", true),
    "apps/api.yaml": deployment("api", true),
    "clusters/eu/web.yaml": deployment("web", true),
    "special.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: odd\n  namespace: shop\ndata:\n  nan: .nan\n  neg: -0\nbinaryData:\n  blob: !!binary aGVsbG8=\n",
  });
}

const at = (fs: readonly Finding[]) => fs.map((f) => `${f.ruleId} ${f.file}:${f.line}`);
const RULES = ["strict"];

async function whole(cwd: string, file: string): Promise<Finding[]> {
  const r = await lint({ cwd, paths: ["."], config: false, only: RULES });
  return r.findings.filter((f) => f.file === file);
}

async function context(cwd: string, file: string, cacheDir?: string) {
  return lint({ cwd, paths: ["."], config: false, only: RULES, reportOnly: [path.join(cwd, file)], contextOnly: true, ...(cacheDir ? { cacheDir } : {}) });
}

describe("--context: per-resource rules only where findings are reported", () => {
  it("reports exactly what a whole-repo run reports in the file: findings, related locations into other files, fingerprints", async () => {
    const cwd = shop();
    for (const file of ["rbac/role.yaml", "apps/web.yaml", "apps/api.yaml"]) {
      const expected = await whole(cwd, file);
      const r = await context(cwd, file);
      expect(r.findings).toEqual(expected);
      expect(r.errors).toEqual([]);
    }
    // The Role's finding names the binding's subject in the other file, located there.
    const role = (await context(cwd, "rbac/role.yaml")).findings.find((f) => f.ruleId === "rbac-secrets-read");
    expect(role && `${role.file}:${role.line}`).toBe("rbac/role.yaml:9");
    expect(role?.related.map((r) => `${r.file}:${r.line}`)).toContain("rbac/binding.yaml:7");
  });

  it("checks a same-named object in another folder too, so fingerprints equal the whole-repo run's", async () => {
    const cwd = shop();
    const expected = await whole(cwd, "apps/web.yaml");
    const r = await context(cwd, "apps/web.yaml");
    expect(at(r.findings)).toContain("privileged-container apps/web.yaml:18");
    expect(r.findings.map((f) => f.fingerprint)).toEqual(expected.map((f) => f.fingerprint));
  });

  it("checks everything when the config file itself is reported on (its unused exceptions need every rule)", async () => {
    const cwd = tempTree({
      ".shipshape.yaml": "exceptions:\n  - rule: privileged-container\n    files: [\"apps/api.yaml\"]\n    reason: legacy\n",
      "apps/api.yaml": deployment("api", true),
      "apps/web.yaml": deployment("web", false),
    });
    const r = await lint({ cwd, paths: ["."], only: ["privileged-container", "unused-suppression"], reportOnly: [path.join(cwd, ".shipshape.yaml")], contextOnly: true });
    expect(at(r.findings)).toEqual([]);
    const all = await lint({ cwd, paths: ["."], only: ["privileged-container", "unused-suppression"] });
    expect(at(all.findings.filter((f) => !f.suppressed))).toEqual([]);
  });
});

describe("the parse cache (.shipshape/cache)", () => {
  it("a warm run gives the cold run's findings at the same places, and parses only what it must locate", async () => {
    const cwd = shop();
    const cacheDir = path.join(cwd, ".shipshape", "cache");
    for (const file of ["rbac/role.yaml", "apps/web.yaml", "special.yaml"]) {
      const cold = await context(cwd, file);
      const first = await context(cwd, file, cacheDir);
      const warm = await context(cwd, file, cacheDir);
      expect(first.findings).toEqual(cold.findings);
      expect(warm.findings).toEqual(cold.findings);
      expect(warm.notifications).toEqual(cold.notifications);
    }
    expect(at((await context(cwd, "rbac/role.yaml", cacheDir)).findings)).toEqual([
      "rbac-secrets-read rbac/role.yaml:9",
    ]);
  });

  it("hits for unchanged files and misses for edited ones; the edit shows at once", async () => {
    const cwd = shop();
    const cacheDir = path.join(cwd, ".shipshape", "cache");
    await context(cwd, "apps/api.yaml", cacheDir);
    const cache = ParseCache.open(cacheDir);
    const bytes = readFileSync(path.join(cwd, "apps/api.yaml"));
    expect(cache.lookup(ParseCache.hash(bytes), bytes.toString("utf8"), () => { throw new Error("not parsed"); })?.documents).toHaveLength(1);

    writeFileSync(path.join(cwd, "apps/api.yaml"), deployment("api", false));
    const r = await context(cwd, "apps/api.yaml", cacheDir);
    expect(at(r.findings).filter((f) => f.startsWith("privileged-container"))).toEqual([]);
    writeFileSync(path.join(cwd, "apps/api.yaml"), `# a comment moves everything down\n${deployment("api", true)}`);
    const moved = await context(cwd, "apps/api.yaml", cacheDir);
    expect(at(moved.findings).filter((f) => f.startsWith("privileged-container"))).toEqual(["privileged-container apps/api.yaml:19"]);
  });

  it("keeps values JSON cannot hold (.nan, -0, !!binary) exactly", async () => {
    const cwd = shop();
    const cacheDir = path.join(cwd, ".shipshape", "cache");
    await context(cwd, "special.yaml", cacheDir);
    const bytes = readFileSync(path.join(cwd, "special.yaml"));
    const hit = ParseCache.open(cacheDir).lookup(ParseCache.hash(bytes), bytes.toString("utf8"), () => { throw new Error("not parsed"); });
    const value = hit?.documents[0]?.value as { data: { nan: number; neg: number }; binaryData: { blob: unknown } };
    expect(Number.isNaN(value.data.nan)).toBe(true);
    expect(Object.is(value.data.neg, -0)).toBe(true);
    expect(value.binaryData.blob).toBeInstanceOf(Uint8Array);
  });

  it("ignores a corrupt or foreign cache and rewrites it; keeps itself out of git and private", async () => {
    const cwd = shop();
    const cacheDir = path.join(cwd, ".shipshape", "cache");
    const expected = (await context(cwd, "apps/web.yaml")).findings;
    await context(cwd, "apps/web.yaml", cacheDir);
    for (const junk of ["{\"key\":", "{\"key\":\"shipshape 0.0.0 parse 1\",\"entries\":{}}", "\u0000\u0001binary"]) {
      writeFileSync(path.join(cacheDir, PARSE_CACHE_FILE), junk);
      const r = await context(cwd, "apps/web.yaml", cacheDir);
      expect(r.findings).toEqual(expected);
      expect(r.errors).toEqual([]);
    }
    expect(readFileSync(path.join(cacheDir, ".gitignore"), "utf8")).toContain("*\n");
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(cacheDir).filter((n) => n !== ".gitignore")) expect(statSync(path.join(cacheDir, f)).mode & 0o777).toBe(0o600);
  });

  it("keeps only the entries of the files the last run read", async () => {
    const cwd = shop();
    const cacheDir = path.join(cwd, ".shipshape", "cache");
    const keys = () => Object.keys((JSON.parse(readFileSync(path.join(cacheDir, PARSE_CACHE_FILE), "utf8")) as { entries: object }).entries).sort();
    const hash = (text: string) => ParseCache.hash(Buffer.from(text));
    await context(cwd, "apps/web.yaml", cacheDir);
    // apps/web.yaml and clusters/eu/web.yaml have the same bytes: one entry; special.yaml lives in the side file
    expect(keys()).toEqual([hash(ROLE), hash(BINDING), hash(deployment("web", true)), hash(deployment("api", true))].sort());
    writeFileSync(path.join(cwd, "apps/api.yaml"), deployment("api", false));
    await context(cwd, "apps/web.yaml", cacheDir);
    expect(keys()).toEqual([hash(ROLE), hash(BINDING), hash(deployment("web", true)), hash(deployment("api", false))].sort());
  });
});

describe("the CLI", () => {
  it("--context writes .shipshape/cache under the repo; --no-cache does not", async () => {
    const cwd = shop();
    const r = await runShipshape(["--context", ".", "apps/web.yaml", "--only", "privileged-container", "--format", "json"], { cwd });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: Finding[] }).findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(["privileged-container apps/web.yaml:18"]);
    expect(existsSync(path.join(cwd, ".shipshape", "cache", PARSE_CACHE_FILE))).toBe(true);
    // The cache is JSON, and never linted as a manifest, even with --no-gitignore.
    const all = await lint({ cwd, paths: ["."], config: false, gitignore: false, only: RULES });
    expect([...all.findings, ...all.notifications].filter((f) => (f.file ?? "").startsWith(".shipshape"))).toEqual([]);
    expect(all.stats.files).toBe(6);

    const other = shop();
    const n = await runShipshape(["--context", ".", "apps/web.yaml", "--no-cache", "--only", "privileged-container", "--format", "json"], { cwd: other });
    expect(n.code).toBe(1);
    expect(existsSync(path.join(other, ".shipshape"))).toBe(false);
  });
});
