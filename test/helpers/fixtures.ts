import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import { lint, type LintOptions } from "../../src/engine/lint.js";
import { parseCliArgs } from "../../src/cli/args.js";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const FIXTURE_ROOT = path.join(REPO_ROOT, "fixtures", "rules");

export interface FixtureCase {
  ruleId: string;
  kind: "pass" | "fail";
  /** Absolute path of the file or directory. */
  abs: string;
  /** Name shown in test titles. */
  name: string;
}

const MARKER = /#\s*expect(-next-line)?:\s*([A-Za-z0-9_,\s/-]+?)\s*$/;
const ARGS = /^#\s*shipshape-test:\s*(.*)$/;

/** Every fixture case under fixtures/rules/<id>/{pass,fail}. */
export function fixtureCases(): FixtureCase[] {
  const out: FixtureCase[] = [];
  if (!existsSync(FIXTURE_ROOT)) return out;
  for (const ruleId of readdirSync(FIXTURE_ROOT).sort()) {
    for (const kind of ["pass", "fail"] as const) {
      const dir = path.join(FIXTURE_ROOT, ruleId, kind);
      if (!existsSync(dir)) continue;
      for (const entry of readdirSync(dir).sort()) {
        out.push({ ruleId, kind, abs: path.join(dir, entry), name: `${ruleId}/${kind}/${entry}` });
      }
    }
  }
  return out;
}

function filesOf(abs: string): string[] {
  if (!statSync(abs).isDirectory()) return [abs];
  const out: string[] = [];
  for (const e of readdirSync(abs, { withFileTypes: true })) {
    const p = path.join(abs, e.name);
    if (e.isDirectory()) out.push(...filesOf(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** The expected (rule, file, line) triples from `# expect:` markers, as sorted strings. */
export function expectedMarkers(c: FixtureCase): string[] {
  const cwd = statSync(c.abs).isDirectory() ? c.abs : path.dirname(c.abs);
  const out: string[] = [];
  for (const f of filesOf(c.abs)) {
    if (!/\.(ya?ml|json)$/.test(f) && path.basename(f) !== "Kustomization") continue;
    const lines = readFileSync(f, "utf8").split(/\r?\n/);
    lines.forEach((line, i) => {
      const m = MARKER.exec(line);
      if (!m) return;
      const target = m[1] ? i + 2 : i + 1;
      for (const rule of (m[2] ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
        out.push(`${rule} ${path.relative(cwd, f).split(path.sep).join("/")}:${target}`);
      }
    });
  }
  return out.sort();
}

/** CLI arguments from a `# shipshape-test:` first line (of the file, or of any file in a directory case). */
export function fixtureArgs(c: FixtureCase): Partial<LintOptions> {
  for (const f of filesOf(c.abs)) {
    const first = readFileSync(f, "utf8").split(/\r?\n/, 1)[0] ?? "";
    const m = ARGS.exec(first);
    if (!m) continue;
    const args = parseCliArgs((m[1] ?? "").trim().split(/\s+/).filter(Boolean));
    const out: Partial<LintOptions> = {};
    if (args.kubeVersion) out.kubeVersion = args.kubeVersion;
    if (args.disable.length > 0) out.disable = args.disable;
    if (args.exclude.length > 0) out.exclude = args.exclude;
    return out;
  }
  return {};
}

/** Lints one case with `--only <rule>` and returns the found (rule, file, line) triples, sorted. */
export async function actualFindings(c: FixtureCase): Promise<{ found: string[]; errors: string[] }> {
  const isDir = statSync(c.abs).isDirectory();
  const cwd = isDir ? c.abs : path.dirname(c.abs);
  const ownConfig = isDir && (existsSync(path.join(c.abs, ".shipshape.yaml")) || existsSync(path.join(c.abs, ".shipshape.yml")));
  const result = await lint({
    cwd,
    paths: [isDir ? "." : path.basename(c.abs)],
    config: ownConfig ? undefined : false,
    only: [c.ruleId],
    gitignore: false,
    ...fixtureArgs(c),
  });
  const found = result.findings.filter((f) => !f.suppressed).map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();
  return { found, errors: result.errors.map((e) => e.message) };
}
