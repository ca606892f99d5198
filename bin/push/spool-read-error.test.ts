import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import type { IngestBatch } from '../../lib/inventory/observation';
import { drainSpool } from './drain-spool';
import { createSpool } from './spool';

/** One read of a spool file fails as a busy machine's may (EMFILE: a --follow of many logs holds many descriptors). */
let failNextRead: string | undefined;
vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof fsp>();
  return {
    ...real,
    readFile: (async (path: string, ...rest: unknown[]) => {
      if (failNextRead && typeof path === 'string' && path.endsWith('.json') && path.includes('spool')) {
        const code = failNextRead;
        failNextRead = undefined;
        throw Object.assign(new Error(`${code}: too many open files, open '${path}'`), { code, syscall: 'open', path });
      }
      return (real.readFile as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as typeof fsp.readFile,
  };
});

const batch: IngestBatch = { idempotencyKey: 'key-aaaaaaaaaaaaaaaa', collector: { name: 'c', kind: 'log' }, observations: [], stats: {} };

test('a spooled entry whose read fails for a passing cause (EMFILE) stays spooled, and is sent by the next drain', async () => {
  // Until 6 Dec any failed read made it an "unreadable spool file", moved to rejected/ for good: a --follow's journal
  // entry lost with its checkpoint already written (no resend reads the journal), a push's until --resend-rejected.
  const spool = createSpool(join(mkdtempSync(join(tmpdir(), 'spool-')), 'spool'));
  await spool.put(batch);
  const sent: string[] = [];
  const send = async (b: IngestBatch) => {
    sent.push(b.idempotencyKey);
    return { ok: true as const, status: 'applied' as const };
  };
  failNextRead = 'EMFILE';
  const log: string[] = [];
  const [key] = await spool.keys();
  expect(await drainSpool(spool, send, Date.now(), (m) => log.push(m))).toEqual({ applied: 0, duplicate: 0, rejected: [], remaining: 1 });
  expect(log).toEqual([`${key}: cannot be read now (EMFILE); 1 batch(es) stay spooled in ${spool.dir}`]);
  expect(existsSync(join(spool.dir, 'rejected'))).toBe(false);
  expect(await spool.keys()).toHaveLength(1);
  expect(await drainSpool(spool, send, Date.now(), () => undefined)).toEqual({ applied: 1, duplicate: 0, rejected: [], remaining: 0 });
  expect(sent).toEqual(['key-aaaaaaaaaaaaaaaa']);
  expect(readdirSync(spool.dir)).toEqual([]);
});
