/**
 * `lantern mirror --vni N[,M]`: one mirror target often receives several sessions (AWS Traffic Mirroring
 * sets a VNI per session, Azure vTAP and OVS per tap); only the listed VXLAN Network Identifiers are decoded.
 */
const MAX_VNI = 0xffffff; // 24 bits (RFC 7348 §5)

/** `"100,200"` → [100, 200], or a message naming the bad entry. */
export function parseVniList(text: string): number[] | { error: string } {
  const vnis: number[] = [];
  for (const part of text.split(',')) {
    const t = part.trim();
    if (!/^\d{1,8}$/.test(t) || Number(t) > MAX_VNI) return { error: `--vni: '${t}' is not a VNI (0-${MAX_VNI})` };
    vnis.push(Number(t));
  }
  return vnis;
}

/** The VNI of a VXLAN datagram (bytes 4-6 of the header), or -1 when it is too short to have one. */
export function datagramVni(msg: Uint8Array): number {
  return msg.length >= 8 ? (msg[4] << 16) | (msg[5] << 8) | msg[6] : -1;
}
