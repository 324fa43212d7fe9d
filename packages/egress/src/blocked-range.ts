import { isIP } from 'node:net';

// Ranges a request from the service must never reach: the host itself, private networks,
// link-local (where cloud metadata lives), carrier-grade NAT, and everything reserved or
// not unicast. More specific entries come first so that the name given is the precise one.
const V4_RANGES = [
  ['169.254.169.254/32', 'cloud metadata'],
  ['255.255.255.255/32', 'broadcast'],
  ['0.0.0.0/8', '"this network"'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
] as const;

const V6_RANGES = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fd00:ec2::254/128', 'cloud metadata'],
  ['::/96', 'IPv4-compatible (deprecated)'],
  ['64:ff9b:1::/48', 'local-use NAT64'],
  ['100::/64', 'discard-only'],
  ['2001::/23', 'IETF special-purpose (Teredo, benchmarking…)'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'unique local (private)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast'],
] as const;

// IPv6 forms that carry an IPv4 address, which decides: [prefix, byte offset of the IPv4].
const V6_EMBEDDING_V4 = [
  ['::ffff:0:0/96', 12, 'IPv4-mapped'],
  ['::ffff:0:0:0/96', 12, 'IPv4-translated'],
  ['64:ff9b::/96', 12, 'NAT64'],
  ['2002::/16', 2, '6to4'],
] as const;

interface Cidr {
  readonly bytes: Uint8Array;
  readonly bits: number;
}

const v4Table = V4_RANGES.map(([cidr, name]) => ({ ...parseCidr(cidr), name }));
const v6Table = V6_RANGES.map(([cidr, name]) => ({ ...parseCidr(cidr), name }));
const v6Embedding = V6_EMBEDDING_V4.map(([cidr, offset, name]) => ({
  ...parseCidr(cidr),
  offset,
  name,
}));

/**
 * The name of the blocked range an IP address lies in (`loopback`, `private`,
 * `cloud metadata`, …), or undefined for an ordinary public unicast address. IPv6 forms
 * that embed an IPv4 address (mapped, NAT64, 6to4) are judged by that address. Throws a
 * TypeError for text that is not an IP address.
 */
export function blockedRange(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return lookupRange(v4Table, parseV4(bare));
  if (family !== 6) throw new TypeError(`"${address}" is not an IP address`);
  const bytes = parseV6(bare);
  for (const embedding of v6Embedding) {
    if (!matches(embedding, bytes)) continue;
    const v4 = bytes.subarray(embedding.offset, embedding.offset + 4);
    const range = lookupRange(v4Table, v4);
    return range && `${range} (${embedding.name} ${[...v4].join('.')})`;
  }
  return lookupRange(v6Table, bytes);
}

/** `localhost` and its subdomains, which resolve to the host itself whatever DNS says. */
export function isLocalhostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost');
}

function lookupRange(
  table: ReadonlyArray<Cidr & { readonly name: string }>,
  bytes: Uint8Array,
): string | undefined {
  return table.find((range) => matches(range, bytes))?.name;
}

function matches(range: Cidr, bytes: Uint8Array): boolean {
  if (range.bytes.length !== bytes.length) return false;
  const whole = Math.floor(range.bits / 8);
  for (let i = 0; i < whole; i += 1) if (range.bytes[i] !== bytes[i]) return false;
  const rest = range.bits % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((range.bytes[whole] ?? 0) & mask) === ((bytes[whole] ?? 0) & mask);
}

function parseCidr(cidr: string): Cidr {
  const [address = '', bits = ''] = cidr.split('/');
  return { bytes: isIP(address) === 4 ? parseV4(address) : parseV6(address), bits: Number(bits) };
}

function parseV4(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

/** 16 bytes of a valid IPv6 address (as net.isIP accepts it), `::` and a dotted tail included. */
function parseV6(text: string): Uint8Array {
  let groups: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let head = text;
  let tail: number[] = [];
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = parseV4(dotted[1]);
    tail = [(a << 8) | b, (c << 8) | d];
    head = text.slice(0, -dotted[1].length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const hex = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const gap = head.indexOf('::');
  if (gap < 0) groups = [...hex(head), ...tail];
  else {
    const before = hex(head.slice(0, gap));
    const after = [...hex(head.slice(gap + 2)), ...tail];
    groups = [...before, ...Array<number>(8 - before.length - after.length).fill(0), ...after];
  }
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & 0xff;
  });
  return bytes;
}
