import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { createSpool } from './spool';

afterEach(() => vi.restoreAllMocks());

const batch = (key: string) => ({ idempotencyKey: key, collector: { name: 'c', kind: 'log' as const }, observations: [], stats: {} });

test('entries keep the order they were put in when the clock steps back, so a restart restores the newest checkpoint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-'));
  const checkpoint = join(dir, 'state', 'logs-x.json');
  const now = vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-12-06T10:00:00Z'));
  await createSpool(join(dir, 'spool')).putEntry({ batches: [batch('key-aaaaaaaaaaaaaaaa')], state: { file: checkpoint, content: '{"offset":100}' } });
  // NTP steps the clock back an hour, and the collector is restarted: a new spool object, a new process.
  now.mockReturnValue(Date.parse('2026-12-06T09:00:00Z'));
  const spool = createSpool(join(dir, 'spool'));
  await spool.putEntry({ batches: [batch('key-bbbbbbbbbbbbbbbb')], state: { file: checkpoint, content: '{"offset":200}' } });
  const keys = await spool.keys();
  expect((await spool.get(keys[0]))!.batches[0].idempotencyKey).toBe('key-aaaaaaaaaaaaaaaa');
  expect((await spool.get(keys[1]))!.batches[0].idempotencyKey).toBe('key-bbbbbbbbbbbbbbbb');
  // Before: the entry put second sorted first, and the checkpoint put back was the older one (offset 100), so the
  // lines from 100 to 200 were read again while their batches were still spooled: counted twice.
  expect(await spool.restoreStates()).toBe(1);
  expect(readFileSync(checkpoint, 'utf8')).toBe('{"offset":200}');
});
