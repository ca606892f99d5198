import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CheckpointStore, type FileCheckpoint } from './checkpoint-store';

const stateDir = mkdtempSync(join(tmpdir(), 'lantern-checkpoint-store-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

const checkpoint: FileCheckpoint = { path: '/var/log/nginx/access.log', dev: '2049', ino: '131', fingerprint: 'ab12', fingerprintLength: 256, offset: 5120, lineNo: 40 };

/**
 * Since 6 Dec a log follower's checkpoints are keyed by every log and directory named (collectors/extract.ts); a run
 * upgraded from one that keyed them by the logs followed takes that state over instead of reading every log again.
 */
test('a state kept under the key used before is taken over, and the new key wins once written', async () => {
  const before = new CheckpointStore(stateDir, ['/var/log/nginx']);
  before.set(checkpoint);
  await before.save();

  const upgraded = new CheckpointStore(stateDir, ['/var/log/nginx', '/var/capture'], undefined, ['/var/log/nginx']);
  expect(await upgraded.load()).toBeUndefined();
  expect(upgraded.get('2049', '131')).toEqual(checkpoint);
  upgraded.set({ ...checkpoint, offset: 9000, lineNo: 70 });
  await upgraded.save();

  const restarted = new CheckpointStore(stateDir, ['/var/capture', '/var/log/nginx'], undefined, ['/var/log/nginx']);
  await restarted.load();
  expect(restarted.get('2049', '131')).toEqual({ ...checkpoint, offset: 9000, lineNo: 70 });
  // Without the former key, the same inputs start over: what the takeover spares an upgraded collector.
  const fresh = new CheckpointStore(stateDir, ['/var/log/nginx', '/var/other']);
  await fresh.load();
  expect(fresh.state.files).toEqual({});
});
