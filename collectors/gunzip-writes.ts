import { createGunzip } from 'node:zlib';

/**
 * A gunzip fed one awaited write at a time, its output collected and its error kept instead of thrown: the careful
 * re-inflation (logs/file-chunks.ts) must know which write failed, and standard input (gunzip-stream.ts) must hand
 * out everything inflated before damage; an error event nobody listens to would crash the process instead.
 */
export class GunzipWrites {
  /** Inflated chunks not yet taken (`out.splice(0)`). */
  readonly out: Buffer[] = [];
  failure: Error | undefined;
  private readonly gunzip = createGunzip();

  constructor() {
    this.gunzip.on('data', (c: Buffer) => this.out.push(c));
    this.gunzip.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Settles once zlib took `part`, or failed: after an error zlib may never call a write's callback. */
  write(part: Buffer): Promise<void> {
    return new Promise<void>((resolve) => {
      const onError = () => resolve();
      this.gunzip.once('error', onError);
      this.gunzip.write(part, () => {
        this.gunzip.off('error', onError);
        resolve();
      });
    });
  }

  /** Ends the input and settles at the output's end or an error: end()'s callback may come before a cut member's error. */
  end(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.gunzip.once('end', resolve);
      this.gunzip.once('error', () => resolve());
      this.gunzip.end();
    });
  }

  destroy(): void {
    this.gunzip.destroy();
  }
}
