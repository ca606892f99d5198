/**
 * RFC 7541 Appendix B code lengths, symbols 0–256 (256 = EOS). The code is canonical (codes of one length
 * are consecutive, in symbol order), so lengths alone rebuild it; hpack-huffman.test.ts checks every code
 * against hpack.js's table.
 */
const CODE_LENGTHS = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, 13, 6, 7, 7, 7, 7,
  7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, 15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6,
  6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, 20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24,
  24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, 22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21,
  21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, 26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19,
  21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, 20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26,
  27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, 30,
];
const EOS = 256;
const MAX_LEN = 30;

/** Canonical decoding tables: per length, the first code, how many codes, and where its symbols start. */
const firstCode = new Int32Array(MAX_LEN + 1);
const codeCount = new Int32Array(MAX_LEN + 1);
const symbolStart = new Int32Array(MAX_LEN + 1);
const symbols = new Uint16Array(CODE_LENGTHS.length);
{
  for (const len of CODE_LENGTHS) codeCount[len]++;
  let code = 0;
  let at = 0;
  for (let len = 1; len <= MAX_LEN; len++) {
    firstCode[len] = code;
    symbolStart[len] = at;
    at += codeCount[len];
    code = (code + codeCount[len]) << 1;
  }
  const fill = symbolStart.slice();
  for (let s = 0; s < CODE_LENGTHS.length; s++) symbols[fill[CODE_LENGTHS[s]]++] = s;
}

/** The canonical code of `symbol` (for tests: must equal the RFC's table). */
export function huffmanCode(symbol: number): [bits: number, code: number] {
  const len = CODE_LENGTHS[symbol];
  let rank = 0;
  for (let s = 0; s < symbol; s++) if (CODE_LENGTHS[s] === len) rank++;
  return [len, firstCode[len] + rank];
}

let scratch = Buffer.alloc(256);

/**
 * Decodes a Huffman-coded HPACK string as latin1 (octets as they are, like hpack.js), or `undefined`
 * when the coding is invalid: EOS inside, padding over 7 bits or not all ones (RFC 7541 §5.2).
 */
export function decodeHuffman(buf: Buffer, start: number, end: number): string | undefined {
  // The shortest code is 5 bits: at most 8/5 output octets per input octet.
  const most = Math.ceil(((end - start) * 8) / 5);
  if (scratch.length < most) scratch = Buffer.alloc(Math.max(most, scratch.length * 2));
  let out = 0;
  let code = 0;
  let len = 0;
  for (let p = start; p < end; p++) {
    const octet = buf[p];
    for (let bit = 7; bit >= 0; bit--) {
      code = (code << 1) | ((octet >> bit) & 1);
      len++;
      const rank = code - firstCode[len];
      if (rank >= 0 && rank < codeCount[len]) {
        const symbol = symbols[symbolStart[len] + rank];
        if (symbol === EOS) return undefined;
        scratch[out++] = symbol;
        code = 0;
        len = 0;
      } else if (len === MAX_LEN) return undefined;
    }
  }
  if (len > 7 || code !== (1 << len) - 1) return undefined;
  return scratch.toString('latin1', 0, out);
}
