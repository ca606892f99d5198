/** Runs of packets kept before every later packet is taken as untimed (a file alternating block kinds). */
const MAX_RUNS = 65_536;

/**
 * Packets a capture reader dated because they carry no time (pcapng simple packet blocks get the time of the packet
 * before them), as runs of packet numbers: a latency from or to one is not known, so a record carries none
 * (finishExchange). Until 6 Dec such exchanges reported `latencyMs: 0`, or a latency off by however long the undated
 * packets took.
 */
export class UntimedPackets {
  /** Inclusive [first, last] packet numbers of each run, in order. */
  private readonly runs: number[] = [];
  /** Past MAX_RUNS: every packet from this one on (Infinity: none). */
  private allFrom = Infinity;

  add(packet: number): void {
    const n = this.runs.length;
    if (n > 0 && this.runs[n - 1] === packet - 1) this.runs[n - 1] = packet;
    else if (n < MAX_RUNS * 2) this.runs.push(packet, packet);
    else this.allFrom = Math.min(this.allFrom, packet);
  }

  has(packet: number): boolean {
    if (packet >= this.allFrom) return true;
    let lo = 0;
    let hi = this.runs.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (packet < this.runs[mid * 2]) hi = mid - 1;
      else if (packet > this.runs[mid * 2 + 1]) lo = mid + 1;
      else return true;
    }
    return false;
  }
}
