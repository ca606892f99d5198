/** `ip:port` as records carry it: dotted IPv4, bracketed RFC 5952 IPv6. */
export function formatEndpoint(af: 4 | 6, buf: Buffer, off: number, port: number): string {
  if (af === 4) return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}:${port}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(buf.readUInt16BE(off + i).toString(16));
  return `[${compressIpv6(groups)}]:${port}`;
}

/** formatEndpoint of an IPv4 endpoint packed as address·2^16 + port (how the reassembler keys flows). */
export function formatPackedIpv4(endpoint: number): string {
  const port = endpoint % 65536;
  const ip = (endpoint - port) / 65536;
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}:${port}`;
}

/** RFC 5952 text form: the longest run of zero groups (two or more) becomes `::`. */
function compressIpv6(groups: string[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best === -1) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}
