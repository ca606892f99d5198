// A capture worker whose shard 1 dies after a moment while shard 0 runs for real: parallel extraction
// must end (with an error), not wait forever for shard 1's records (test/integration/pcap-sharded.test.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

if (workerData.index === 1) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  throw new Error('shard 1 failed on purpose');
}
register();
await import('../../../collectors/pcap/shard-worker.ts');
