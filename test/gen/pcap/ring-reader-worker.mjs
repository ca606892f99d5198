// Reads every block of an InputRing (collectors/pcap/input-ring.ts) as a capture worker does and reports
// a hash of the bytes, how the input ended, and the error it saw (collectors/pcap/input-ring.test.ts).
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { InputRing } = await import('../../../collectors/pcap/input-ring.ts');
const blocks = new InputRing(workerData.memory).reader();
const hash = createHash('sha256');
let bytes = 0;
let error;
try {
  for (let b = blocks.next(); b !== undefined; b = blocks.next()) {
    hash.update(b);
    bytes += b.length;
    // A slow reader, so the ring fills up and the main thread has to wait for slots.
    if (workerData.slow) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
  }
} catch (err) {
  error = err.message;
}
parentPort.postMessage({ sha256: hash.digest('hex'), bytes, aborted: blocks.aborted, error });
