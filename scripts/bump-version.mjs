#!/usr/bin/env node
// Sets a new release version everywhere it is written down: package.json and package-lock.json,
// the version comment in action.yml, the version pins in the README's Action, pre-commit and npx
// snippets, and the CHANGELOG (the `Unreleased` section becomes the dated release).
// Rebuild dist/ afterwards (npm run build:dist): the bundle reads the version from package.json.
//
// Usage: node scripts/bump-version.mjs X.Y.Z [--date YYYY-MM-DD] [--root DIR]
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;

/** Each place a version is pinned: file, pattern (the version is group 2), and whether it must be there. */
const PINS = [
  { file: "action.yml", pattern: /^(# shipshape )(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/m, required: true },
  { file: "README.md", pattern: /(uses: shipshape-dev\/shipshape@v)(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/g, required: true },
  { file: "README.md", pattern: /(repo: https:\/\/github\.com\/shipshape-dev\/shipshape\n\s+rev: v)(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/g, required: true },
  { file: "README.md", pattern: /(npx shipshape@)(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/g, required: true },
];

function compare(a, b) {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  if (pa[4] === pb[4]) return 0;
  if (!pa[4]) return 1;
  if (!pb[4]) return -1;
  return pa[4] < pb[4] ? -1 : 1;
}

/** Every version pinned in the repository, by place (for the consistency test). */
export function pinnedVersions(root) {
  const out = [];
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  out.push({ place: "package.json", version: pkg.version });
  const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));
  out.push({ place: "package-lock.json", version: lock.version }, { place: "package-lock.json packages[\"\"]", version: lock.packages?.[""]?.version });
  for (const pin of PINS) {
    const text = readFileSync(path.join(root, pin.file), "utf8");
    const re = new RegExp(pin.pattern.source, pin.pattern.flags.includes("g") ? pin.pattern.flags : `${pin.pattern.flags}g`);
    const found = [...text.matchAll(re)];
    if (found.length === 0 && pin.required) out.push({ place: `${pin.file} ${pin.pattern.source}`, version: undefined });
    for (const m of found) out.push({ place: `${pin.file} ${m[1].trim()}`, version: m[2] });
  }
  return out;
}

export function bumpVersion(root, version, date = new Date().toISOString().slice(0, 10)) {
  if (!SEMVER.test(version)) throw new Error(`"${version}" is not a version (X.Y.Z)`);
  const pkgFile = path.join(root, "package.json");
  const pkgText = readFileSync(pkgFile, "utf8");
  const current = JSON.parse(pkgText).version;
  if (compare(version, current) <= 0) throw new Error(`${version} is not newer than the current version ${current}`);

  // Text replacements keep each file's formatting as it is.
  writeFileSync(pkgFile, pkgText.replace(/("version":\s*")[^"]+(")/, `$1${version}$2`));
  const lockFile = path.join(root, "package-lock.json");
  const lock = readFileSync(lockFile, "utf8");
  // The root's own version appears twice at the top: the lockfile's and packages[""]'s.
  let n = 0;
  writeFileSync(lockFile, lock.replace(/("version":\s*")[^"]+(")/g, (m, a, b) => (n++ < 2 ? `${a}${version}${b}` : m)));

  const files = new Map();
  for (const pin of PINS) {
    const file = path.join(root, pin.file);
    const text = files.get(file) ?? readFileSync(file, "utf8");
    const replaced = text.replace(pin.pattern, (_, prefix) => `${prefix}${version}`);
    if (pin.required && replaced === text && !text.match(pin.pattern)) throw new Error(`${pin.file}: no version pin matching ${pin.pattern}`);
    files.set(file, replaced);
  }
  for (const [file, text] of files) writeFileSync(file, text);

  const changelogFile = path.join(root, "CHANGELOG.md");
  const changelog = readFileSync(changelogFile, "utf8");
  if (!changelog.includes("\n## Unreleased\n")) throw new Error("CHANGELOG.md has no \"## Unreleased\" section");
  writeFileSync(changelogFile, changelog.replace("\n## Unreleased\n", `\n## Unreleased\n\n## ${version} — ${date}\n`));
  return { from: current, to: version };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const date = opt("--date");
  const root = path.resolve(opt("--root") ?? path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));
  const [version] = args;
  if (!version) {
    process.stderr.write("usage: node scripts/bump-version.mjs X.Y.Z [--date YYYY-MM-DD] [--root DIR]\n");
    process.exit(2);
  }
  try {
    const r = bumpVersion(root, version, date);
    process.stdout.write(`shipshape ${r.from} → ${r.to}; now run npm run build:dist and commit dist/ with the bump\n`);
  } catch (e) {
    process.stderr.write(`bump-version: ${e.message}\n`);
    process.exit(2);
  }
}
