import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { isIPv4 } from 'node:net';

/**
 * Datagrams the kernel dropped for a bound UDP socket because its receive buffer was full: the `drops`
 * column of Linux's /proc/net/udp and udp6. A mirror that falls behind loses packets silently otherwise
 * (they only show up later as capture gaps). Undefined where the table does not exist (not Linux) or does
 * not list the socket.
 */
export function udpSocketDrops(address: string, port: number): number | undefined {
  const v4 = isIPv4(address);
  const local = `${v4 ? ipv4Hex(address) : ipv6Hex(address)}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let table: string;
  try {
    table = readFileSync(v4 ? '/proc/net/udp' : '/proc/net/udp6', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
    if (fields[1] === local && fields.length >= 13) return Number(fields[12]);
  }
  return undefined;
}

/** The kernel prints addresses as 32-bit words in host byte order. */
function word(bytes: number[]): string {
  const ordered = endianness() === 'LE' ? [...bytes].reverse() : bytes;
  return ordered.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
}

function ipv4Hex(address: string): string {
  return word(address.split('.').map(Number));
}

function ipv6Hex(address: string): string {
  const bytes = ipv6Bytes(address);
  let out = '';
  for (let i = 0; i < 16; i += 4) out += word(bytes.slice(i, i + 4));
  return out;
}

/** The 16 bytes of an IPv6 address (with `::` and an embedded IPv4 tail). */
function ipv6Bytes(address: string): number[] {
  const [head, tail = ''] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (s: string | undefined) => (s ? s.split(':') : []).flatMap((g) => (g.includes('.') ? ipv4Groups(g) : [parseInt(g, 16)]));
  const h = groups(head);
  const t = address.includes('::') ? groups(tail) : [];
  const all = [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

function ipv4Groups(dotted: string): number[] {
  const b = dotted.split('.').map(Number);
  return [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
}
