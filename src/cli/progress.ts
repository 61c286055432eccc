/**
 * A one-line progress indicator on stderr for long runs: `shipshape: reading files 1234/10000`.
 * It appears only once a run has taken `delayMs` (about two seconds; short runs stay silent), only
 * when stderr is a terminal, never in CI logs (`CI` set) and never when a machine format is written.
 * It redraws in place (carriage return, erase to end of line) at most every `intervalMs`, and
 * `done()` erases it before the report is printed.
 */
import type { LintProgress } from "../engine/lint.js";

export interface ProgressOptions {
  write: (s: string) => void;
  /** stderr is a terminal. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Output formats of the run: json, sarif and github are read by programs, so no indicator. */
  formats: readonly string[];
  /** Terminal width; the line is cut to fit. */
  columns?: number;
  /** Clock in milliseconds (tests). */
  now?: () => number;
  delayMs?: number;
  intervalMs?: number;
}

export interface Progress {
  update: (p: LintProgress) => void;
  /** Erases the line if one was drawn. */
  done: () => void;
}

const MACHINE_FORMATS = new Set(["json", "sarif", "github"]);

const STAGES: Record<LintProgress["stage"], string> = {
  discover: "finding files",
  read: "reading files",
  render: "rendering Kustomize and Helm sources",
  rules: "running rules",
  report: "writing the report",
};

const NOOP: Progress = { update: () => undefined, done: () => undefined };

/** True when `CI` is set to anything but an explicit off (as CI services set it). */
function inCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}

export function createProgress(opts: ProgressOptions): Progress {
  if (!opts.isTTY || inCi(opts.env) || opts.formats.some((f) => MACHINE_FORMATS.has(f))) return NOOP;
  const now = opts.now ?? (() => performance.now());
  const delayMs = opts.delayMs ?? 2000;
  const intervalMs = opts.intervalMs ?? 100;
  const started = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastStage: LintProgress["stage"] | undefined;
  let drawn = false;
  return {
    update(p) {
      const t = now();
      if (t - started < delayMs) return;
      // Redraw on a new stage at once, otherwise at most every intervalMs.
      if (p.stage === lastStage && t - lastDraw < intervalMs) return;
      lastStage = p.stage;
      lastDraw = t;
      const count = p.total > 0 ? ` ${p.done}/${p.total}` : "";
      let line = `shipshape: ${STAGES[p.stage]}${count}`;
      const width = opts.columns ?? 80;
      if (line.length > width - 1) line = line.slice(0, Math.max(0, width - 1));
      opts.write(`\r${line}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) opts.write("\r\x1b[K");
      drawn = false;
    },
  };
}
