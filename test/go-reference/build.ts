// Builds the Go reference renderer (main.go) offline, with Debian's Go and the Go sources Debian installs under
// /usr/share/gocode (golang-github-masterminds-sprig-dev, golang-k8s-sigs-yaml-dev and their dependencies), into
// the OS temp directory: a throwaway module whose vendor/ links to those sources (GOFLAGS=-mod=vendor, no network).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const GOCODE = "/usr/share/gocode/src";

/** Module path → (version, directory under GOCODE, packages used). Versions are those Debian 12 ships. */
const MODULES: { mod: string; version: string; dir: string; pkgs: string[]; explicit?: boolean }[] = [
  { mod: "github.com/Masterminds/sprig/v3", version: "v3.2.3", dir: "github.com/Masterminds/sprig", pkgs: [""], explicit: true },
  { mod: "sigs.k8s.io/yaml", version: "v1.3.0", dir: "sigs.k8s.io/yaml", pkgs: [""], explicit: true },
  { mod: "github.com/Masterminds/goutils", version: "v1.1.1", dir: "github.com/Masterminds/goutils", pkgs: [""] },
  { mod: "github.com/Masterminds/semver/v3", version: "v3.2.0", dir: "github.com/Masterminds/semver", pkgs: [""] },
  { mod: "github.com/google/uuid", version: "v1.3.0", dir: "github.com/google/uuid", pkgs: [""] },
  { mod: "github.com/huandu/xstrings", version: "v1.3.3", dir: "github.com/huandu/xstrings", pkgs: [""] },
  { mod: "github.com/imdario/mergo", version: "v0.3.13", dir: "github.com/imdario/mergo", pkgs: [""] },
  { mod: "github.com/mitchellh/copystructure", version: "v1.2.0", dir: "github.com/mitchellh/copystructure", pkgs: [""] },
  { mod: "github.com/mitchellh/reflectwalk", version: "v1.0.2", dir: "github.com/mitchellh/reflectwalk", pkgs: [""] },
  { mod: "github.com/shopspring/decimal", version: "v1.3.1", dir: "github.com/shopspring/decimal", pkgs: [""] },
  { mod: "github.com/spf13/cast", version: "v1.5.0", dir: "github.com/spf13/cast", pkgs: [""] },
  { mod: "golang.org/x/crypto", version: "v0.4.0", dir: "golang.org/x/crypto", pkgs: ["/bcrypt", "/blowfish", "/pbkdf2", "/scrypt"] },
  { mod: "gopkg.in/yaml.v2", version: "v2.4.0", dir: "gopkg.in/yaml.v2", pkgs: [""] },
];

export interface GoReference {
  /** The built binary, or undefined with the reason. */
  bin: string | undefined;
  reason: string;
}

/** Whether Debian's Go and the sources are installed. */
export function goAvailable(): string | undefined {
  try {
    execFileSync("go", ["version"], { stdio: "pipe" });
  } catch {
    return "no `go` on PATH (Debian: apt-get install golang-go)";
  }
  for (const m of MODULES) if (!existsSync(path.join(GOCODE, m.dir))) return `${path.join(GOCODE, m.dir)} is missing (Debian: golang-github-masterminds-sprig-dev, golang-k8s-sigs-yaml-dev)`;
  return undefined;
}

/** Builds the reference once into a fresh temp directory. */
export function buildGoReference(): GoReference {
  const missing = goAvailable();
  if (missing) return { bin: undefined, reason: missing };
  const dir = mkdtempSync(path.join(os.tmpdir(), "shipshape-goref-"));
  const src = path.join(dir, "src");
  mkdirSync(src);
  copyFileSync(path.join(import.meta.dirname, "main.go"), path.join(src, "main.go"));
  const explicit = MODULES.filter((m) => m.explicit);
  writeFileSync(path.join(src, "go.mod"), `module shipshape.test/goref\n\ngo 1.16\n\nrequire (\n${explicit.map((m) => `\t${m.mod} ${m.version}\n`).join("")})\n`);
  let txt = "";
  for (const m of MODULES) {
    txt += `# ${m.mod} ${m.version}\n${m.explicit ? "## explicit\n" : ""}`;
    for (const p of m.pkgs) txt += `${m.mod}${p}\n`;
    const target = path.join(src, "vendor", m.mod);
    mkdirSync(path.dirname(target), { recursive: true });
    symlinkSync(path.join(GOCODE, m.dir), target);
  }
  writeFileSync(path.join(src, "vendor", "modules.txt"), txt);
  const bin = path.join(dir, "goref");
  try {
    execFileSync("go", ["build", "-o", bin, "."], {
      cwd: src,
      stdio: "pipe",
      env: { ...process.env, GOFLAGS: "-mod=vendor", GO111MODULE: "on", GOPROXY: "off", GOCACHE: path.join(dir, "cache"), GOPATH: path.join(dir, "gopath"), GOTOOLCHAIN: "local" },
    });
  } catch (e) {
    const err = e as { stderr?: Buffer };
    return { bin: undefined, reason: `go build failed: ${err.stderr?.toString() ?? String(e)}` };
  }
  return { bin, reason: "" };
}

/**
 * Runs the reference in one mode with a JSON request. A string is sent as is (JSON text written by the caller, e.g.
 * floats spelled `3.0` so that Go decodes them as float64 — JSON.stringify would write `3`, an int for Go).
 */
export function runGoReference<T>(bin: string, mode: "snippets" | "charts" | "yaml2json", input: unknown): T {
  const out = execFileSync(bin, [mode], { input: typeof input === "string" ? input : JSON.stringify(input), maxBuffer: 1 << 30 });
  return JSON.parse(out.toString("utf8")) as T;
}
