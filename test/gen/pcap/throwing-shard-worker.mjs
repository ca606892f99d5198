// A capture worker whose shard 1 meets an exception in its engine at its 300th packet (as a bug would make), while
// shard 0 runs normally: parallel extraction must end, and say so (test/integration/pcap-sharded.test.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
if (workerData.index === 1) (await import('./engine-bug.ts')).injectEngineBug(299);
await import('../../../collectors/pcap/shard-worker.ts');
