// Worker entry for parallel capture extraction when Lantern runs from source (tests, tsx): registers
// tsx's loader in this thread, then runs the TypeScript worker. The CLI bundle has its own compiled
// entry (capture-worker.mjs, see bin/cli-bundle.mjs) and does not come here.
import { register } from 'tsx/esm/api';

register();
await import('./shard-worker.ts');
