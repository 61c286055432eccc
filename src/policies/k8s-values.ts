/**
 * The value types of the Kubernetes CEL libraries (quantity, URL, IP, CIDR), written to follow
 * the API server's semantics (k8s.io/apiserver/pkg/cel/library). Pure functions, no I/O.
 */
import { isIP } from "node:net";

// ---------------------------------------------------------------- quantity

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

/** An exact `resource.Quantity`: a rational number num/den (den > 0), with the text it came from. */
export class Quantity {
  readonly num: bigint;
  readonly den: bigint;
  constructor(num: bigint, den: bigint, readonly text: string) {
    const g = gcd(num, den) || 1n;
    this.num = num / g;
    this.den = den / g;
  }

  static parse(s: string): Quantity | undefined {
    const m = QUANTITY.exec(s);
    if (!m || s.length > 64) return undefined;
    const sign = m[1] === "-" ? -1n : 1n;
    const [whole = "", frac = ""] = (m[2] as string).split(".");
    let num = BigInt((whole || "0") + frac) * sign;
    let den = 10n ** BigInt(frac.length);
    const suffix = m[3] ?? "";
    if (suffix in BINARY) num *= BINARY[suffix] as bigint;
    else {
      const exp = suffix in DECIMAL ? (DECIMAL[suffix] as number) : Number(suffix.slice(1));
      if (Math.abs(exp) > 64) return undefined;
      if (exp >= 0) num *= 10n ** BigInt(exp);
      else den *= 10n ** BigInt(-exp);
    }
    return new Quantity(num, den, s);
  }

  compare(o: Quantity): number {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  add(o: Quantity): Quantity {
    return new Quantity(this.num * o.den + o.num * this.den, this.den * o.den, "");
  }

  sign(): bigint {
    return this.num < 0n ? -1n : this.num > 0n ? 1n : 0n;
  }

  isInteger(): boolean {
    return this.num % this.den === 0n;
  }

  /** The integer value; throws when it is fractional or does not fit in an int64. */
  asInteger(): bigint {
    if (!this.isInteger()) throw new Error(`quantity ${this.toString()} is not an integer`);
    const v = this.num / this.den;
    if (v > INT64_MAX || v < INT64_MIN) throw new Error(`quantity ${this.toString()} overflows int64`);
    return v;
  }

  asApproximateFloat(): number {
    return Number(this.num) / Number(this.den);
  }

  toString(): string {
    return this.text || (this.isInteger() ? String(this.num / this.den) : String(this.asApproximateFloat()));
  }
}

// ---------------------------------------------------------------- IP and CIDR

/** An IP address as 4 or 16 bytes; IPv4-mapped IPv6 and zones are rejected, as the API server does. */
export class IPAddr {
  constructor(readonly bytes: Uint8Array, readonly text: string) {}

  static parse(s: string): IPAddr | undefined {
    if (s.includes("%")) return undefined;
    const kind = isIP(s);
    if (kind === 4) {
      const parts = s.split(".");
      // leading zeros are ambiguous (octal in some parsers) and rejected by the API server
      if (parts.some((p) => p.length > 1 && p.startsWith("0"))) return undefined;
      return new IPAddr(Uint8Array.from(parts.map(Number)), s);
    }
    if (kind === 6) {
      const bytes = ipv6Bytes(s);
      if (!bytes) return undefined;
      if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return undefined;
      return new IPAddr(bytes, s);
    }
    return undefined;
  }

  family(): bigint {
    return this.bytes.length === 4 ? 4n : 6n;
  }

  isUnspecified(): boolean {
    return this.bytes.every((b) => b === 0);
  }

  isLoopback(): boolean {
    if (this.bytes.length === 4) return this.bytes[0] === 127;
    return this.bytes.slice(0, 15).every((b) => b === 0) && this.bytes[15] === 1;
  }

  isLinkLocalMulticast(): boolean {
    const b = this.bytes;
    if (b.length === 4) return b[0] === 224 && b[1] === 0 && b[2] === 0;
    return b[0] === 0xff && ((b[1] as number) & 0x0f) === 0x02;
  }

  isLinkLocalUnicast(): boolean {
    const b = this.bytes;
    if (b.length === 4) return b[0] === 169 && b[1] === 254;
    return b[0] === 0xfe && ((b[1] as number) & 0xc0) === 0x80;
  }

  isMulticast(): boolean {
    const b = this.bytes;
    return b.length === 4 ? ((b[0] as number) & 0xf0) === 0xe0 : b[0] === 0xff;
  }

  /** Go's net.IP.IsGlobalUnicast (private ranges count as global unicast there too). */
  isGlobalUnicast(): boolean {
    const broadcast = this.bytes.length === 4 && this.bytes.every((b) => b === 255);
    return !broadcast && !this.isUnspecified() && !this.isLoopback() && !this.isMulticast() && !this.isLinkLocalUnicast();
  }

  toString(): string {
    return this.bytes.length === 4 ? this.text : formatIPv6(this.bytes);
  }
}

function ipv6Bytes(s: string): Uint8Array | undefined {
  let head = s;
  let tail4: number[] = [];
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    const v4 = IPAddr.parse(s.slice(lastColon + 1));
    if (!v4) return undefined;
    tail4 = [...v4.bytes];
    head = s.slice(0, lastColon + 1) + "0:0";
  }
  const [left = "", right] = head.split("::");
  const groups = (x: string) => (x === "" ? [] : x.split(":").map((g) => parseInt(g, 16)));
  const l = groups(left);
  const r = right === undefined ? [] : groups(right);
  const fill = 8 - l.length - r.length;
  if (fill < 0 || (right === undefined && fill !== 0)) return undefined;
  const all = [...l, ...Array<number>(fill).fill(0), ...r];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  if (tail4.length === 4) out.set(tail4, 12);
  return out;
}

function formatIPv6(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] as number) << 8) | (b[i + 1] as number));
  // the longest run of zero groups (length ≥ 2) becomes "::", per RFC 5952
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

export class CIDR {
  constructor(readonly ip: IPAddr, readonly prefix: number, readonly text: string) {}

  static parse(s: string): CIDR | undefined {
    const slash = s.indexOf("/");
    if (slash < 0) return undefined;
    const ip = IPAddr.parse(s.slice(0, slash));
    const p = s.slice(slash + 1);
    if (!ip || !/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith("0"))) return undefined;
    const prefix = Number(p);
    if (prefix > ip.bytes.length * 8) return undefined;
    return new CIDR(ip, prefix, s);
  }

  containsIP(ip: IPAddr): boolean {
    if (ip.bytes.length !== this.ip.bytes.length) return false;
    return prefixEqual(this.ip.bytes, ip.bytes, this.prefix);
  }

  containsCIDR(o: CIDR): boolean {
    return o.prefix >= this.prefix && this.containsIP(o.ip);
  }

  masked(): CIDR {
    const b = Uint8Array.from(this.ip.bytes);
    for (let i = 0; i < b.length; i++) {
      const keep = Math.max(0, Math.min(8, this.prefix - i * 8));
      b[i] = (b[i] as number) & ((0xff << (8 - keep)) & 0xff);
    }
    const ip = new IPAddr(b, b.length === 4 ? [...b].join(".") : "");
    return new CIDR(ip, this.prefix, `${ip.toString()}/${this.prefix}`);
  }

  toString(): string {
    return `${this.ip.toString()}/${this.prefix}`;
  }
}

function prefixEqual(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; i < a.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((a[i] as number) & mask) !== ((b[i] as number) & mask)) return false;
  }
  return true;
}

// ---------------------------------------------------------------- URL

/** A URL as the API server's `url()` accepts it: an absolute URI, or an absolute path. */
export class CelURL {
  private constructor(
    readonly scheme: string,
    readonly host: string,
    readonly hostname: string,
    readonly port: string,
    readonly escapedPath: string,
    readonly query: Map<string, string[]>,
    readonly text: string,
  ) {}

  static parse(s: string): CelURL | undefined {
    if (s.startsWith("/")) {
      let u: URL;
      try {
        u = new URL(s, "http://placeholder.invalid");
      } catch {
        return undefined;
      }
      return new CelURL("", "", "", "", u.pathname, queryOf(u), s);
    }
    const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(s);
    if (!m) return undefined;
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      return undefined;
    }
    const host = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(s)?.[1]?.replace(/^.*@/, "") ?? "";
    const bracket = /^\[([^\]]*)\](?::(\d*))?$/.exec(host);
    const hostname = bracket ? (bracket[1] as string) : host.replace(/:\d*$/, "");
    const port = bracket ? (bracket[2] ?? "") : (/:(\d*)$/.exec(host)?.[1] ?? "");
    return new CelURL(m[1] as string, host, hostname, port, u.pathname === "/" && !/^[^:]+:\/\/[^/]*\//.test(s) ? "" : u.pathname, queryOf(u), s);
  }
}

function queryOf(u: URL): Map<string, string[]> {
  const q = new Map<string, string[]>();
  for (const [k, v] of u.searchParams) q.set(k, [...(q.get(k) ?? []), v]);
  return q;
}
