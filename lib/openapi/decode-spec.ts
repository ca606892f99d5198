import type { SpecProblem } from './spec-model';

export type DecodedSpec = { ok: true; text: string } | { ok: false; problems: SpecProblem[] };

/**
 * Spec bytes → text, strictly: a file in Latin-1 or cut mid-character is refused with the offset of the first bad
 * byte, where decoding it leniently would load U+FFFD in its place and never say so. A leading byte order mark is
 * dropped (the decoder's default), as YAML and JSON readers expect.
 */
export function decodeSpecBytes(bytes: Uint8Array, file?: string): DecodedSpec {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const message = `not valid UTF-8: the byte sequence at byte offset ${firstInvalidOffset(bytes)} is not a character (save the file as UTF-8)`;
    return { ok: false, problems: [{ pointer: '', message, ...(file ? { file } : {}) }] };
  }
}

/**
 * The strict decoder does not say where it failed. Everything before the first U+FFFD of a lenient decode is valid,
 * so its UTF-8 length is the offset, unless that U+FFFD was written in the file (bytes EF BF BD) — then go on.
 */
function firstInvalidOffset(bytes: Uint8Array): number {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let offset = bom ? 3 : 0;
  for (const ch of new TextDecoder('utf-8').decode(bytes)) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0xfffd && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
    offset += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return offset;
}
