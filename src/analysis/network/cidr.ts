/** CIDR parsing and containment for NetworkPolicy `ipBlock`s, Service source ranges and external IPs. */

export interface Cidr {
  readonly family: 4 | 6;
  /** The network address as an unsigned integer (host bits cleared). */
  readonly base: bigint;
  readonly prefix: number;
  /** The text as written. */
  readonly text: string;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = (n << 8n) | BigInt(v);
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  let text = s;
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hextets.
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".") && lastColon >= 0) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

/** Parses an address (`10.0.0.1`, `::1`) as a host CIDR, or a CIDR (`10.0.0.0/8`); undefined when malformed. */
export function parseCidr(input: unknown): Cidr | undefined {
  if (typeof input !== "string") return undefined;
  const text = input.trim();
  const slash = text.indexOf("/");
  const addr = slash < 0 ? text : text.slice(0, slash);
  const family: 4 | 6 = addr.includes(":") ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const value = family === 4 ? parseV4(addr) : parseV6(addr);
  if (value === undefined) return undefined;
  let prefix = bits;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) return undefined;
    prefix = Number(p);
  }
  const hostBits = BigInt(bits - prefix);
  const base = (value >> hostBits) << hostBits;
  return { family, base, prefix, text: input };
}

/** True when `outer` contains every address of `inner` (same family only). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const bits = BigInt((outer.family === 4 ? 32 : 128) - outer.prefix);
  return inner.base >> bits === outer.base >> bits;
}

/** True for `0.0.0.0/0` and `::/0`: every address of a family. */
export function isWholeRange(c: Cidr): boolean {
  return c.prefix === 0;
}

const PRIVATE_RANGES: readonly Cidr[] = [
  "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
  "fc00::/7", "fe80::/10", "::1/128",
].map((s) => parseCidr(s) as Cidr);

/** True when every address of the block is private, loopback or link-local (not reachable from the internet). */
export function isPrivateRange(c: Cidr): boolean {
  return PRIVATE_RANGES.some((p) => cidrContains(p, c));
}

/** True when an address (or block) lies in `cidr` and in none of `except`. */
export function ipBlockContains(cidr: string, except: readonly string[], address: string): boolean {
  const block = parseCidr(cidr);
  const ip = parseCidr(address);
  if (!block || !ip || !cidrContains(block, ip)) return false;
  for (const e of except) {
    const x = parseCidr(e);
    if (!x) continue;
    // An address inside an excepted block, or a block overlapping one, is not wholly allowed.
    if (cidrContains(x, ip) || cidrContains(ip, x)) return false;
  }
  return true;
}
