import { cpSync, closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { expectEachOnce, outputLines, waitFor } from './follow-process';
import { extractLogs } from '../../collectors/logs/extract-logs';

const root = mkdtempSync(join(tmpdir(), 'lantern-follow-shared-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const stateDir = join(root, 'state');
const out = join(root, 'out.jsonl');

/** `extract --follow <inputs> >> out`, in process, stopped once the output holds `total` records. */
async function followUntil(inputs: string[], total: number): Promise<void> {
  const fd = openSync(out, 'a');
  const controller = new AbortController();
  try {
    const run = extractLogs(inputs, { follow: true, fingerprintKey: 'shared-inputs', stateDir, stateOwner: 'extract', outputFd: fd, signal: controller.signal, flushOutput: async () => {} }, (ex) => {
      writeSync(fd, `${JSON.stringify(ex)}\n`);
    });
    await waitFor(`${total} records`, () => outputLines(out).length >= total).finally(() => controller.abort());
    await run;
  } finally {
    closeSync(fd);
  }
}

test('killed on a.log c.log, restarted on a.log and b.log: b.log read first loses none of its records, a.log\'s are not written twice', { timeout: 120_000 }, async () => {
  // `b` sorts before `z`: its tail is read first.
  const [b, c, z] = ['b.log', 'c.log', 'z.log'].map((n) => join(root, n));
  await writeCombinedLog(z, 3, { sequencePaths: true });
  await writeCombinedLog(c, 3, { sequencePaths: true, firstIndex: 3 });
  writeFileSync(out, '');
  await followUntil([z, c], 6);
  // z.log grows; the follower writes its two records and is killed before the checkpoint that covers them.
  const before = join(root, 'state-before');
  cpSync(stateDir, before, { recursive: true });
  await writeCombinedLog(z, 2, { sequencePaths: true, firstIndex: 6, append: true });
  await followUntil([z, c], 8);
  rmSync(stateDir, { recursive: true });
  cpSync(before, stateDir, { recursive: true });
  // Restarted on z.log and b.log: z.log's two are made again and dropped, b.log's three written. Until 7 Dec the
  // two owed were paid by b.log's first two records, and z.log's written again.
  await writeCombinedLog(b, 3, { sequencePaths: true, firstIndex: 8 });
  await followUntil([b, z], 11);
  expectEachOnce(outputLines(out), 11);
});
