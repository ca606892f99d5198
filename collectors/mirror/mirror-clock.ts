/** A clock step (NTP, an operator) larger than this moves the mirror's clock with the wall clock's. */
const STEP_MS = 20;

/**
 * The time a live mirror gives each datagram: the wall clock's, with the monotonic clock's sub-millisecond precision.
 * With Date.now() alone every latency was a whole number of milliseconds (a 0.3 ms answer read 0, a 3.4 ms one 3 or 4),
 * where a capture of the same traffic has microseconds. `check` (once a second) follows a step of the wall clock.
 */
export class MirrorClock {
  private base = Date.now() - performance.now();

  now(): number {
    return this.base + performance.now();
  }

  check(): void {
    const mono = performance.now();
    const wall = Date.now();
    if (Math.abs(wall - (this.base + mono)) > STEP_MS) this.base = wall - mono;
  }
}
