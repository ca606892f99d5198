/**
 * A byte buffer that fast lanes serialize records into directly: at a million lines a second,
 * making a string per record, joining the strings and encoding them again for `write` cost more than
 * reading the line. The owner of the output (bin/line-writer.ts for stdout) flushes it.
 */
export interface JsonByteOutput {
  buf: Uint8Array;
  /** Next free byte in `buf`. */
  pos: number;
  /** Makes `buf.length - pos >= bytes`, flushing what is written (`buf` may be replaced). */
  makeRoom(bytes: number): void;
  /** Called after each record line a capture lane wrote into `buf` (a capture worker's slabs count lines). */
  line?(): void;
}

/**
 * Handles the complete line that starts at `start` (a newline follows it in `buf`): writes its record
 * and returns the index of that newline, or returns -1 (writing nothing) so that the line is read as
 * text by the general path.
 */
export type ByteLane = (buf: Uint8Array, start: number, lineNo: number) => number;

/**
 * `ExtractOptions.emitJson` may carry the writer's byte buffer as a `bytes` property: the options type
 * is shared by every collector, and only log lines are written this way.
 */
export type EmitJson = ((json: string) => void) & { bytes?: JsonByteOutput };

export function jsonBytesOf(emitJson: ((json: string) => void) | undefined): JsonByteOutput | undefined {
  return (emitJson as EmitJson | undefined)?.bytes;
}
