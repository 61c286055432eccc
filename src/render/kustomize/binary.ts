import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { isInside } from "./tree.js";

/** How to run a kustomize build: `kustomize build DIR` or `kubectl kustomize DIR`. */
export interface KustomizeCommand {
  bin: string;
  /** Arguments that come before the directory. */
  args: string[];
  /** For messages: `kustomize build` or `kubectl kustomize`. */
  label: string;
}

function executable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Looks a program up on PATH. Relative PATH entries and entries inside the repository are skipped:
 * a pull request must not be able to put its own `kustomize` in front of the real one.
 */
export function which(name: string, env: NodeJS.ProcessEnv, repoRoot: string): string | undefined {
  const exts = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir) || isInside(repoRoot, dir)) continue;
    for (const ext of exts) {
      const f = path.join(dir, name + ext);
      if (executable(f)) return f;
    }
  }
  return undefined;
}

function commandFor(bin: string): KustomizeCommand {
  const base = path.basename(bin).toLowerCase();
  return base.startsWith("kubectl")
    ? { bin, args: ["kustomize"], label: "kubectl kustomize" }
    : { bin, args: ["build"], label: "kustomize build" };
}

export type BinaryLookup = { command: KustomizeCommand } | { command: undefined; reason: string };

/**
 * The kustomize to run. `configured` comes from `--kustomize-bin` (trusted: the workflow author
 * wrote it) or `render.kustomizeBin` (untrusted on a pull request: it may not name a file inside
 * the repository). Default: `kustomize`, else `kubectl kustomize`, from PATH.
 */
export function findKustomize(opts: { configured?: string; fromConfig?: boolean; baseDir: string; repoRoot: string; env?: NodeJS.ProcessEnv }): BinaryLookup {
  const env = opts.env ?? process.env;
  const c = opts.configured;
  if (c !== undefined && c !== "") {
    const hasSlash = c.includes("/") || c.includes("\\");
    const file = hasSlash ? path.resolve(opts.baseDir, c) : which(c, env, opts.repoRoot);
    if (!file || !executable(file)) return { command: undefined, reason: `the configured kustomize "${c}" was not found or is not executable` };
    if (opts.fromConfig && isInside(opts.repoRoot, file)) {
      return { command: undefined, reason: `render.kustomizeBin "${c}" is inside the repository, so the config may not run it (pass --kustomize-bin to allow it)` };
    }
    return { command: commandFor(file) };
  }
  const kustomize = which("kustomize", env, opts.repoRoot);
  if (kustomize) return { command: commandFor(kustomize) };
  const kubectl = which("kubectl", env, opts.repoRoot);
  if (kubectl) return { command: commandFor(kubectl) };
  return { command: undefined, reason: "neither kustomize nor kubectl was found on PATH" };
}

export interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const MAX_OUTPUT = 256 * 1024 * 1024;

/**
 * Runs a build without a shell, with a scrubbed environment (no plugin home, no user config)
 * and a hard timeout. Plugins, exec functions and Helm stay disabled: no flag enables them.
 */
export function runKustomize(command: KustomizeCommand, dir: string, scratch: string, timeoutMs: number): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "",
    HOME: scratch,
    XDG_CONFIG_HOME: scratch,
    XDG_CACHE_HOME: scratch,
    KUSTOMIZE_PLUGIN_HOME: path.join(scratch, "no-plugins"),
    KUBECONFIG: path.join(scratch, "no-kubeconfig"),
    LANG: "C",
  };
  if (process.env.SYSTEMROOT) env.SYSTEMROOT = process.env.SYSTEMROOT;
  return new Promise((resolve) => {
    // Its own process group, so a timeout ends whatever it started too.
    const child = spawn(command.bin, [...command.args, dir], { cwd: scratch, env, stdio: ["ignore", "pipe", "pipe"], shell: false, windowsHide: true, detached: process.platform !== "win32" });
    let settled = false;
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== "win32") process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let tooLarge = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
      finish(false, "");
    }, timeoutMs);
    child.stdout.on("data", (b: Buffer) => {
      size += b.length;
      if (size > MAX_OUTPUT) {
        tooLarge = true;
        kill();
        return;
      }
      out.push(b);
    });
    child.stderr.on("data", (b: Buffer) => {
      if (err.reduce((n, x) => n + x.length, 0) < 64 * 1024) err.push(b);
    });
    const finish = (ok: boolean, stderr: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ok, stdout: ok ? Buffer.concat(out).toString("utf8") : "", stderr, timedOut });
    };
    child.on("error", (e) => finish(false, e.message));
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString("utf8");
      if (tooLarge) finish(false, `the output exceeded ${MAX_OUTPUT} bytes`);
      else finish(code === 0 && !timedOut, stderr);
    });
  });
}

/** kustomize's error without klog decoration: the `err="…"` of kubectl, or the `Error:` line of kustomize. */
export function cleanError(stderr: string): string {
  const quoted = /err="((?:[^"\\]|\\.)*)"/.exec(stderr);
  if (quoted?.[1] !== undefined) {
    try {
      return (JSON.parse(`"${quoted[1]}"`) as string).trim();
    } catch {
      return quoted[1];
    }
  }
  const block = /err=<\n([\s\S]*?)\n\s*>/.exec(stderr);
  if (block?.[1] !== undefined) return block[1].split("\n").map((l) => l.trim()).filter(Boolean).join(" ");
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const error = lines.find((l) => l.startsWith("Error:"));
  return (error ? error.slice("Error:".length) : lines.join(" ")).trim();
}
