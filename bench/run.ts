/**
 * `npm run bench`: generates seeded corpora (1k, 10k, 50k documents) and measures, interleaved in
 * one run, the single-thread `yaml` parse floor and shipshape end to end with `recommended` and
 * `strict`; also `--version` against a bare `node -e 0` and one small file. Prints one JSON line per
 * measurement and writes bench/results.md. `--corpus DIR` measures a real repo instead.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, statSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateCorpus } from "./corpus.js";
import { benchHelmCharts } from "./helm.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repo root, from lib/bench/ (compiled) or bench/ (sources). */
const ROOT = path.basename(path.dirname(here)) === "lib" ? path.resolve(here, "../..") : path.resolve(here, "..");
const BIN = path.join(ROOT, "bin", "shipshape.js");
const DIST_BIN = path.join(ROOT, "dist", "cli.cjs");
const FLOOR = path.join(ROOT, "bench", "floor.mjs");
const RUSAGE = path.join(ROOT, "bench", "rusage.mjs");

export interface Measurement {
  name: string;
  corpus: string;
  documents: number;
  bytes: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  docsPerSec: number;
  ratioToFloor: number | null;
  exitCode: number | null;
}

function measure(args: string[], cwd: string): { wallMs: number; cpuMs: number; peakRssMb: number; status: number | null; stdout: string } {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "shipshape-rusage-"));
  const file = path.join(tmp, "rusage.json");
  const start = process.hrtime.bigint();
  const proc = spawnSync(process.execPath, ["--import", RUSAGE, ...args], {
    cwd, encoding: "utf8", env: { ...process.env, BENCH_RUSAGE_FILE: file, NO_COLOR: "1" }, maxBuffer: 1 << 30,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  let usage = { cpuMs: 0, maxRssKb: 0 };
  try {
    usage = JSON.parse(readFileSync(file, "utf8")) as typeof usage;
  } catch {
    // the child died before its exit hook ran
  }
  rmSync(tmp, { recursive: true, force: true });
  if (proc.status !== 0 && proc.status !== 1) process.stderr.write(`bench: ${args.join(" ")} exited ${proc.status}: ${proc.stderr.slice(0, 500)}\n`);
  return { wallMs, cpuMs: usage.cpuMs, peakRssMb: usage.maxRssKb / 1024, status: proc.status, stdout: proc.stdout };
}

/** The first manifest of a directory tree in sorted order, relative to it: the file a hook run passes. */
function firstManifest(dir: string): string | undefined {
  const walk = (d: string): string | undefined => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const p = path.join(d, e.name);
      const found = e.isDirectory() ? walk(p) : /\.(ya?ml|json)$/.test(e.name) && e.name !== "kustomization.yaml" ? p : undefined;
      if (found) return found;
    }
    return undefined;
  };
  const found = walk(dir);
  return found ? path.relative(dir, found) : undefined;
}

function dirStats(dir: string): { bytes: number } {
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== ".git" && e.name !== "node_modules") walk(p);
      } else if (/\.(ya?ml|json)$/.test(e.name)) bytes += statSync(p).size;
    }
  };
  walk(dir);
  return { bytes };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Runs the benchmark; returns the measurements (also printed as JSON lines). */
export function runBench(opts: { sizes: number[]; corpus?: string; work: string; log?: (line: string) => void; quick?: boolean }): Measurement[] {
  const log = opts.log ?? ((l) => process.stdout.write(`${l}\n`));
  const out: Measurement[] = [];
  const record = (m: Measurement) => {
    out.push(m);
    log(JSON.stringify(m));
  };
  const corpora = opts.corpus
    ? [{ name: path.basename(path.resolve(opts.corpus)), dir: path.resolve(opts.corpus), documents: 0 }]
    : opts.sizes.map((n) => {
      const info = generateCorpus(path.join(opts.work, `corpus-${n}`), n);
      return { name: `${n}`, dir: info.dir, documents: info.documents };
    });
  const strictConfig = path.join(opts.work, "strict.shipshape.yaml");
  writeFileSync(strictConfig, "extends: [strict]\n");
  for (const c of corpora) {
    const { bytes } = dirStats(c.dir);
    const reportFile = path.join(opts.work, "report.json");
    const floor = measure([FLOOR, c.dir], ROOT);
    const documents = c.documents || Number(floor.stdout.trim()) || 0;
    const base = { corpus: c.name, documents, bytes };
    const row = (name: string, r: ReturnType<typeof measure>, ratio: boolean): Measurement => ({
      name, ...base, wallMs: round(r.wallMs), cpuMs: round(r.cpuMs), peakRssMb: round(r.peakRssMb),
      docsPerSec: Math.round(documents / (r.wallMs / 1000)), ratioToFloor: ratio ? Math.round((r.wallMs / floor.wallMs) * 100) / 100 : null, exitCode: r.status,
    });
    record(row("parse-floor", floor, true));
    const rec = measure([BIN, c.dir, "--format", "json", "-o", reportFile, "--fail-on", "none", "--config", path.join(opts.work, "none.yaml")], opts.work);
    record(row("recommended", rec, true));
    const strict = measure([BIN, c.dir, "--format", "json", "-o", reportFile, "--fail-on", "none", "--config", strictConfig], opts.work);
    record(row("strict", strict, true));
    // The pre-commit hook: one passed file, the rest of the repo as context (the bundled CLI, as the hook runs it).
    const passed = firstManifest(c.dir);
    if (passed) {
      const contextArgs = [DIST_BIN, "--context", ".", passed, "--fail-on", "none"];
      rmSync(path.join(c.dir, ".shipshape"), { recursive: true, force: true });
      record(row("context-cold", measure(contextArgs, c.dir), false));
      record(row("context-warm", measure(contextArgs, c.dir), false));
      rmSync(path.join(c.dir, ".shipshape"), { recursive: true, force: true });
    }
  }
  // Small runs must feel instant.
  const bare = measure(["-e", "0"], ROOT);
  // What users run (package.json `bin`): the bundled launcher, which answers --version without loading the CLI.
  const version = measure([DIST_BIN, "--version"], ROOT);
  const small = path.join(opts.work, "small");
  mkdirSync(small, { recursive: true });
  writeFileSync(path.join(small, "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27.3\n");
  const one = measure([DIST_BIN, small, "--fail-on", "none"], opts.work);
  // The hook in a one-file repo (what a new repo's first commit runs).
  const oneContext = measure([DIST_BIN, "--context", ".", "pod.yaml", "--fail-on", "none"], small);
  const tiny = { corpus: "tiny", documents: 1, bytes: 0, ratioToFloor: null, docsPerSec: 0 };
  record({ name: "node-e-0", ...tiny, wallMs: round(bare.wallMs), cpuMs: round(bare.cpuMs), peakRssMb: round(bare.peakRssMb), exitCode: bare.status });
  record({ name: "version", ...tiny, wallMs: round(version.wallMs), cpuMs: round(version.cpuMs), peakRssMb: round(version.peakRssMb), exitCode: version.status });
  record({ name: "one-small-file", ...tiny, wallMs: round(one.wallMs), cpuMs: round(one.cpuMs), peakRssMb: round(one.peakRssMb), exitCode: one.status });
  record({ name: "context-one-file-repo", ...tiny, wallMs: round(oneContext.wallMs), cpuMs: round(oneContext.cpuMs), peakRssMb: round(oneContext.peakRssMb), exitCode: oneContext.status });
  return out;
}

export function resultsMarkdown(ms: readonly Measurement[]): string {
  const lines = [
    "# Benchmark results",
    "",
    `Generated by \`npm run bench\` on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}.`,
    "",
    "| corpus | measurement | documents | MB | wall ms | cpu ms | peak RSS MB | docs/s | × parse floor |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...ms.map((m) => `| ${m.corpus} | ${m.name} | ${m.documents} | ${(m.bytes / 1e6).toFixed(1)} | ${m.wallMs} | ${m.cpuMs} | ${m.peakRssMb} | ${m.docsPerSec} | ${m.ratioToFloor ?? ""} |`),
    "",
  ];
  const at = (corpus: string, name: string) => ms.find((m) => m.corpus === corpus && m.name === name);
  const s10 = at("10000", "strict");
  const s50 = at("50000", "strict");
  if (s10 && s50) lines.push(`Scaling, strict: time(50k) / time(10k) = ${(s50.wallMs / s10.wallMs).toFixed(2)} (target ≤ 5.5).`, "");
  const v = at("tiny", "version");
  const b = at("tiny", "node-e-0");
  if (v && b) lines.push(`\`--version\` costs ${Math.round(v.wallMs - b.wallMs)} ms above \`node -e 0\` (target ≤ 60 ms).`, "");
  const c1 = at("tiny", "context-one-file-repo");
  if (c1) lines.push(`Pre-commit hook (\`--context . FILE\`): one-file repo ${Math.round(c1.wallMs)} ms (target ≤ 400 ms).`, "");
  for (const m of ms.filter((x) => x.name === "context-warm")) {
    const cold = at(m.corpus, "context-cold");
    lines.push(`Pre-commit hook, one passed file in the ${m.corpus}-document corpus: ${Math.round(m.wallMs)} ms with a warm cache (target ≤ 1,000 ms at 10k)${cold ? `, ${Math.round(cold.wallMs)} ms cold` : ""}.`, "");
  }
  return lines.join("\n");
}

export function main(argv: string[]): number {
  let sizes = [1000, 10000, 50000];
  let corpus: string | undefined;
  let out: string | undefined = path.join(ROOT, "bench", "results.md");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--sizes") sizes = (argv[++i] ?? "").split(",").map(Number).filter((n) => n > 0);
    else if (a === "--corpus") corpus = argv[++i];
    else if (a === "--out") out = argv[++i];
    else if (a === "--no-out") out = undefined;
    else {
      process.stderr.write(`bench: unknown argument ${a}\nusage: npm run bench -- [--sizes 1000,10000,50000] [--corpus DIR] [--out FILE]\n`);
      return 2;
    }
  }
  const work = mkdtempSync(path.join(os.tmpdir(), "shipshape-bench-"));
  writeFileSync(path.join(work, "none.yaml"), "extends: [recommended]\n");
  try {
    const ms = runBench({ sizes, work, ...(corpus ? { corpus } : {}) });
    const helmOracle = path.resolve(ROOT, "../shared/oracles/helm/charts");
    const helm = existsSync(helmOracle) ? `\n${benchHelmCharts(helmOracle)}` : "";
    if (out) writeFileSync(out, resultsMarkdown(ms) + helm);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return 0;
}
