/**
 * Runs `work` and counts the bytes that Buffer#indexOf searched in it (from its start offset to the buffer's
 * end): the native forward search is how the collectors look for a line or a message start, so work that
 * searches each piece once counts about its input, and one that searches past each piece's end to the end of
 * the buffer it was sliced from counts far more. A count instead of a clock: the same on any machine.
 */
export function bytesSearchedBy(work: () => void): number {
  let searched = 0;
  const indexOf = Buffer.prototype.indexOf;
  Buffer.prototype.indexOf = function (this: Buffer, value: Parameters<Buffer['indexOf']>[0], byteOffset?: number | BufferEncoding, encoding?: BufferEncoding) {
    const from = typeof byteOffset === 'number' ? (byteOffset < 0 ? Math.max(0, this.length + byteOffset) : byteOffset) : 0;
    searched += Math.max(0, this.length - from);
    return indexOf.call(this, value, byteOffset as number, encoding);
  };
  try {
    work();
  } finally {
    Buffer.prototype.indexOf = indexOf;
  }
  return searched;
}
