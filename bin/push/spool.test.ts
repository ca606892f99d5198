import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { drainSpool } from './drain-spool';
import { createSpool, writeAtomically } from './spool';

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

test("a collector starting beside a running one sharing its spool does not put the running one's checkpoint back", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-'));
  const spoolDir = join(dir, 'spool');
  const checkpoint = join(dir, 'state', 'logs-b.json');
  // Collector B (alive: this test's own parent stands in) spooled a chunk, checkpointed it, and went on: its next
  // chunk was spooled, checkpointed and delivered while collector A, starting, had already listed and read the first.
  const b = process.ppid;
  mkdirSync(spoolDir, { recursive: true });
  const entry = join(spoolDir, `j-${String(Date.now() - 5000).padStart(14, '0')}-${String(b).padStart(8, '0')}-00000000.json`);
  writeFileSync(entry, JSON.stringify({ batches: [batch('key-aaaaaaaaaaaaaaaa')], state: { file: checkpoint, content: '{"offset":100}' } }));
  const written = new Date(Date.now() - 5000);
  utimesSync(entry, written, written);
  await writeAtomically(checkpoint, '{"offset":200}');
  await createSpool(spoolDir).restoreStates();
  // Before: A wrote offset 100 back under B, and B killed before its next checkpoint read lines 100 to 200 again.
  expect(readFileSync(checkpoint, 'utf8')).toBe('{"offset":200}');
});

test('the entry of a collector killed before its checkpoint was written is put back, whatever its pid is now', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-'));
  const spoolDir = join(dir, 'spool');
  const checkpoint = join(dir, 'state', 'logs-b.json');
  await writeAtomically(checkpoint, '{"offset":100}');
  const old = new Date(Date.now() - 60_000);
  utimesSync(checkpoint, old, old);
  mkdirSync(spoolDir, { recursive: true });
  // The killed collector's pid now belongs to another process (a container's pids repeat): the checkpoint is older.
  writeFileSync(join(spoolDir, `j-${String(Date.now()).padStart(14, '0')}-${String(process.ppid).padStart(8, '0')}-00000000.json`), JSON.stringify({ batches: [batch('key-bbbbbbbbbbbbbbbb')], state: { file: checkpoint, content: '{"offset":200}' } }));
  expect(await createSpool(spoolDir).restoreStates()).toBe(1);
  expect(readFileSync(checkpoint, 'utf8')).toBe('{"offset":200}');
});

test("a collector delivering the chunk of another that was killed before writing its checkpoint puts that checkpoint back first", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-'));
  const spoolDir = join(dir, 'spool');
  const checkpoint = join(dir, 'state', 'logs-b.json');
  // Collector B checkpointed offset 100, spooled its next chunk (to 200) and was killed before its checkpoint.
  await writeAtomically(checkpoint, '{"offset":100}');
  const old = new Date(Date.now() - 60_000);
  utimesSync(checkpoint, old, old);
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  mkdirSync(spoolDir, { recursive: true });
  writeFileSync(join(spoolDir, `j-${String(Date.now()).padStart(14, '0')}-${String(dead).padStart(8, '0')}-00000000.json`), JSON.stringify({ batches: [batch('key-bbbbbbbbbbbbbbbb')], state: { file: checkpoint, content: '{"offset":200}' } }));
  // Collector A, running beside it on the same data directory and server, delivers it before B is restarted.
  const spool = createSpool(spoolDir);
  await drainSpool(spool, async () => ({ ok: true, status: 'applied' }), Date.now() + 1000, () => undefined);
  expect(await spool.keys()).toEqual([]);
  // Before: the entry was gone and the checkpoint still said 100: B restarted read lines 100 to 200 again.
  expect(readFileSync(checkpoint, 'utf8')).toBe('{"offset":200}');
});

test('a drain leaves its own checkpoints and those of a collector restarted since alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-'));
  const spool = createSpool(join(dir, 'spool'));
  const mine = join(dir, 'state', 'logs-a.json');
  const restarted = join(dir, 'state', 'logs-b.json');
  await spool.putEntry({ batches: [batch('key-aaaaaaaaaaaaaaaa')], state: { file: mine, content: '{"offset":100}' } });
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  writeFileSync(join(spool.dir, `j-00000000000001-${String(dead).padStart(8, '0')}-00000000.json`), JSON.stringify({ batches: [batch('key-bbbbbbbbbbbbbbbb')], state: { file: restarted, content: '{"offset":100}' } }));
  utimesSync(join(spool.dir, `j-00000000000001-${String(dead).padStart(8, '0')}-00000000.json`), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  // This run read on to 300; B, restarted (a new pid), put its 100 back and read on to 250 since.
  await writeAtomically(mine, '{"offset":300}');
  await writeAtomically(restarted, '{"offset":250}');
  await drainSpool(spool, async () => ({ ok: true, status: 'applied' }), Date.now() + 1000, () => undefined);
  expect(readFileSync(mine, 'utf8')).toBe('{"offset":300}');
  expect(readFileSync(restarted, 'utf8')).toBe('{"offset":250}');
});
