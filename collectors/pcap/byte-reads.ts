/**
 * Unchecked big/little-endian reads for the per-packet path. Buffer#readUInt16BE and friends validate
 * their offset argument on every call, which showed as its own line in the profile at ~10 reads per packet.
 * Callers check lengths before reading (every decoder does: `end - off < N` → malformed), so the
 * checks here would only repeat them.
 */
export function u16be(buf: Uint8Array, o: number): number {
  return (buf[o] << 8) | buf[o + 1];
}

export function u32be(buf: Uint8Array, o: number): number {
  return buf[o] * 0x1000000 + ((buf[o + 1] << 16) | (buf[o + 2] << 8) | buf[o + 3]);
}

export function u32le(buf: Uint8Array, o: number): number {
  return buf[o + 3] * 0x1000000 + ((buf[o + 2] << 16) | (buf[o + 1] << 8) | buf[o]);
}
