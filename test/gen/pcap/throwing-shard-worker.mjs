// A capture worker whose shard 1 meets an exception in its engine at its 300th packet (as a bug would make), while
// shard 0 runs normally: parallel extraction must end, and say so (test/integration/pcap-sharded.test.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
if (workerData.index === 1) {
  const { CaptureEngine } = await import('../../../collectors/pcap/capture-engine.ts');
  const packet = CaptureEngine.prototype.packet;
  CaptureEngine.prototype.packet = function (...args) {
    if (this.packets === 299) throw new Error('engine bug on purpose');
    return packet.apply(this, args);
  };
}
await import('../../../collectors/pcap/shard-worker.ts');
