import { readFileSync } from 'node:fs';

/**
 * IP datagrams the kernel failed to reassemble from fragments (IPv4 `Ip: ReasmFails` in /proc/net/snmp plus
 * IPv6 `Ip6ReasmFails` in /proc/net/snmp6), for the whole network namespace. A mirror source whose frames do
 * not fit the path MTU after encapsulation sends them as IP fragments, and the kernel must put them back
 * together before the UDP socket sees anything: what it cannot (a datagram over 65 535 bytes, as a Linux VXLAN
 * device makes from a GSO super-frame that tc mirrors; fragment memory past net.ipv4.ipfrag_high_thresh) is
 * lost without touching the socket's own drop counter. Undefined where neither table exists (not Linux).
 */
export function kernelReassemblyFailures(): number | undefined {
  const v4 = readProc('/proc/net/snmp');
  const v6 = readProc('/proc/net/snmp6');
  if (v4 === undefined && v6 === undefined) return undefined;
  return (v4 === undefined ? 0 : snmpCounter(v4, 'Ip', 'ReasmFails') ?? 0) + (v6 === undefined ? 0 : snmp6Counter(v6, 'Ip6ReasmFails') ?? 0);
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A counter of /proc/net/snmp, where each protocol has a line of names followed by a line of values. */
export function snmpCounter(table: string, protocol: string, name: string): number | undefined {
  const prefix = `${protocol}: `;
  const lines = table.split('\n').filter((l) => l.startsWith(prefix));
  if (lines.length < 2) return undefined;
  const at = lines[0].slice(prefix.length).trim().split(/\s+/).indexOf(name);
  if (at === -1) return undefined;
  const value = Number(lines[1].slice(prefix.length).trim().split(/\s+/)[at]);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** A counter of /proc/net/snmp6: one `name value` pair per line. */
export function snmp6Counter(table: string, name: string): number | undefined {
  for (const line of table.split('\n')) {
    const [n, v] = line.trim().split(/\s+/);
    if (n === name) {
      const value = Number(v);
      return Number.isSafeInteger(value) ? value : undefined;
    }
  }
  return undefined;
}
