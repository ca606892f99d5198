// A capture worker run where shard 1 dies after a moment and shard 0 is stuck in a loop that never looks at the
// stop request (as a bug could make): parallel extraction must still end, terminating what does not end itself
// (test/integration/pcap-sharded.test.ts).
import { workerData } from 'node:worker_threads';

await new Promise((resolve) => setTimeout(resolve, 200));
if (workerData.index === 1) throw new Error('shard 1 failed on purpose');
for (;;);
