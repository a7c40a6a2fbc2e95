/** IP addresses and CIDR ranges for the `IpAddress` / `NotIpAddress` condition operators. */

import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  readonly version: 4 | 6;
  /** The first address of the range. */
  readonly network: bigint;
  readonly prefix: number;
}

const bits = (version: 4 | 6) => (version === 4 ? 32 : 128);

function parseV4(text: string): bigint {
  return text.split('.').reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n);
}

function parseV6(text: string): bigint {
  let address = text;
  // An IPv4 tail (::ffff:192.0.2.1) is two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4) {
    const n = parseV4(v4[1]!);
    address = `${address.slice(0, v4.index)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (s: string | undefined) => (s ? s.split(':').filter((g) => g !== '') : []);
  const left = groups(head);
  const right = groups(tail);
  const all =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((n, group) => (n << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** An address (`192.0.2.1`, `2001:db8::1`) as a number with its version; undefined when not one. */
export function parseAddress(text: string): { version: 4 | 6; value: bigint } | undefined {
  const trimmed = text.trim();
  if (isIPv4(trimmed)) return { version: 4, value: parseV4(trimmed) };
  if (isIPv6(trimmed)) return { version: 6, value: parseV6(trimmed) };
  return undefined;
}

/** A range (`203.0.113.0/24`) or a single address (a /32 or /128); undefined when not one. */
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0 || address === undefined) return undefined;
  const parsed = parseAddress(address);
  if (!parsed) return undefined;
  const width = bits(parsed.version);
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > width ||
    (prefixText !== undefined && !/^\d+$/.test(prefixText))
  )
    return undefined;
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - prefix)) - 1n);
  return { version: parsed.version, network: parsed.value & mask, prefix };
}

export function cidrContains(cidr: Cidr, address: string): boolean {
  const parsed = parseAddress(address);
  if (!parsed || parsed.version !== cidr.version) return false;
  const shift = BigInt(bits(cidr.version) - cidr.prefix);
  return parsed.value >> shift === cidr.network >> shift;
}

export function formatAddress(version: 4 | 6, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  return groups.join(':');
}

/**
 * Ranges that pin the caller are those a stranger cannot simply pick an address in. A range wider
 * than /8 (IPv4) or /32 (IPv6) spans networks of many owners, so anyone can find an address in it.
 */
export function isBroadRange(cidr: Cidr): boolean {
  return cidr.prefix < (cidr.version === 4 ? 8 : 32);
}

/**
 * Addresses a stranger can make requests from: one in each broad range and one outside every listed
 * range, none inside a narrow range of the policy.
 */
export function strangerAddresses(cidrs: readonly Cidr[]): string[] {
  const narrow = cidrs.filter((c) => !isBroadRange(c));
  const free = (version: 4 | 6, value: bigint) => {
    const text = formatAddress(version, value);
    return narrow.every((c) => !cidrContains(c, text)) ? text : undefined;
  };
  const found = new Set<string>();
  const search = (version: 4 | 6, start: bigint, size: bigint) => {
    // Probe addresses spread across the range; narrow ranges are at most a /8 (or /32) of it.
    const step = size / 97n || 1n;
    for (let k = 0n; k < 97n; k += 1n) {
      const address = free(version, start + ((k * step + 12345n) % size));
      if (address) return address;
    }
    return undefined;
  };
  for (const cidr of cidrs.filter(isBroadRange)) {
    const size = 1n << BigInt(bits(cidr.version) - cidr.prefix);
    const address = search(cidr.version, cidr.network, size);
    if (address) found.add(address);
  }
  const outside = (version: 4 | 6, candidates: bigint[]) =>
    candidates.map((v) => formatAddress(version, v)).find((a) => cidrs.every((c) => !cidrContains(c, a)));
  const v4 = outside(4, [0xc6336407n, 0xcb00716fn, 0x08080404n, 0x2d4c1d03n, 0x5e1a0b2dn]);
  const v6 = outside(6, [0x2a0504800000000000000000000000a1n, 0x2600_1f18_0000_0000_0000_0000_0000_00b2n]);
  if (v4) found.add(v4);
  if (v6) found.add(v6);
  return [...found];
}
