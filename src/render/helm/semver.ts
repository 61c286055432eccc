// Masterminds/semver v3: versions, constraints and semverCompare as Sprig uses them.
import { GoError, GoObject } from "./template/values.js";

const VERSION_RE = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

export class Version {
  constructor(readonly major: bigint, readonly minor: bigint, readonly patch: bigint, readonly pre: string, readonly meta: string, readonly original: string) {}
  toString(): string { return `${this.major}.${this.minor}.${this.patch}${this.pre ? "-" + this.pre : ""}${this.meta ? "+" + this.meta : ""}`; }
  toObject(): GoObject {
    return new GoObject("*semver.Version", {}, {
      Major: () => this.major, Minor: () => this.minor, Patch: () => this.patch,
      Prerelease: () => this.pre, Metadata: () => this.meta, Original: () => this.original, String: () => this.toString(),
    }, () => this.toString());
  }
}

export function parseSemver(s: string): Version | Error {
  const m = VERSION_RE.exec(s);
  if (!m) return new GoError("Invalid Semantic Version");
  return new Version(BigInt(m[1]!), BigInt(m[2]?.slice(1) ?? 0), BigInt(m[3]?.slice(1) ?? 0), m[5] ?? "", m[8] ?? "", s);
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  const pa = a.split("."), pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i], y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x), ny = /^\d+$/.test(y);
    if (nx && ny) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (nx) return -1;
    if (ny) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  for (const k of ["major", "minor", "patch"] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return comparePre(a.pre, b.pre);
}

const CONSTRAINT_RE = /^\s*(=>|=<|!=|>=|<=|~>|[=><~^]|)\s*(v?[0-9xX*]+(?:\.[0-9xX*]+)?(?:\.[0-9xX*]+)?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\s*$/;

interface Constraint { op: string; v: Version; dirty: boolean; wildMinor: boolean; wildPatch: boolean; orig: string }

function parseConstraint(c: string): Constraint | Error {
  const m = CONSTRAINT_RE.exec(c);
  if (!m) return new GoError(`improper constraint: ${c}`);
  const raw = m[2]!;
  const parts = raw.replace(/^v/, "").split(/[-+]/)[0]!.split(".");
  const isWild = (x: string | undefined) => x === undefined || x === "x" || x === "X" || x === "*";
  const wildMajor = parts[0] === "x" || parts[0] === "X" || parts[0] === "*";
  const wildMinor = isWild(parts[1]);
  const wildPatch = isWild(parts[2]);
  const fixed = raw.replace(/^v/, "").replace(/^([0-9xX*]+)(\.[0-9xX*]+)?(\.[0-9xX*]+)?/, (_all) => parts.map((p) => (isWild(p) ? "0" : p)).concat(["0", "0", "0"]).slice(0, 3).join(".").replace(/^$/, "0.0.0"));
  const v = parseSemver(wildMajor ? "0.0.0" : fixed);
  if (v instanceof Error) return new GoError(`improper constraint: ${c}`);
  return { op: wildMajor && (m[1] === "" || m[1] === "=") ? "*" : m[1]!, v, dirty: wildMinor || wildPatch, wildMinor, wildPatch, orig: raw };
}

function check(c: Constraint, v: Version): boolean {
  if (v.pre && !c.v.pre) return false;
  const cmp = compareVersions(v, c.v);
  const bump = (major: bigint, minor: bigint, patch: bigint) => new Version(major, minor, patch, "", "", "");
  switch (c.op) {
    case "*": return true;
    case "": case "=":
      if (c.dirty) {
        if (c.wildMinor) return v.major === c.v.major;
        return v.major === c.v.major && v.minor === c.v.minor;
      }
      return cmp === 0;
    case "!=":
      if (c.dirty) return c.wildMinor ? v.major !== c.v.major : !(v.major === c.v.major && v.minor === c.v.minor);
      return cmp !== 0;
    case ">":
      if (c.dirty) return c.wildMinor ? v.major > c.v.major : v.major > c.v.major || (v.major === c.v.major && v.minor > c.v.minor);
      return cmp > 0;
    case "<":
      return cmp < 0;
    case ">=": case "=>":
      return cmp >= 0;
    case "<=": case "=<":
      if (c.dirty) return c.wildMinor ? v.major <= c.v.major : v.major < c.v.major || (v.major === c.v.major && v.minor <= c.v.minor);
      return cmp <= 0;
    case "~": case "~>": {
      if (cmp < 0) return false;
      if (c.wildMinor && c.v.major === 0n && !c.orig.includes(".")) return v.major === 0n;
      if (c.wildMinor) return v.major === c.v.major;
      return compareVersions(v, bump(c.v.major, c.v.minor + 1n, 0n)) < 0;
    }
    case "^": {
      if (cmp < 0) return false;
      if (c.v.major > 0n || c.wildMinor) return compareVersions(v, bump(c.v.major + 1n, 0n, 0n)) < 0;
      if (c.v.minor > 0n || c.wildPatch) return compareVersions(v, bump(0n, c.v.minor + 1n, 0n)) < 0;
      return compareVersions(v, bump(0n, 0n, c.v.patch + 1n)) < 0;
    }
  }
  return false;
}

export function constraintMatches(constraint: string, version: Version): boolean | Error {
  for (const orPart of constraint.split("||")) {
    let part = orPart.trim();
    // hyphen ranges
    part = part.replace(/\s*(v?[0-9xX*][0-9A-Za-z.+\-*]*)\s+-\s+(v?[0-9xX*][0-9A-Za-z.+\-*]*)\s*/g, (_m, a: string, b: string) => ` >=${a}, <=${b} `);
    const pieces = part.replace(/(>=|<=|=>|=<|!=|~>|[><=~^])\s+/g, "$1").split(/[,\s]+/).filter(Boolean);
    let ok = true;
    for (const p of pieces) {
      const c = parseConstraint(p);
      if (c instanceof Error) return c;
      if (!check(c, version)) { ok = false; break; }
    }
    if (ok) return true;
  }
  return false;
}

export function semverCompare(constraint: string, version: string): boolean | Error {
  const v = parseSemver(version);
  if (v instanceof Error) return new GoError(`failed to parse semver version: ${v.message}`);
  const r = constraintMatches(constraint, v);
  if (r instanceof Error) return new GoError(`failed to parse semver constraint: ${r.message}`);
  return r;
}
