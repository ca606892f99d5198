import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, test } from 'vitest';
import { writeCombinedLog } from '../gen/logs/nginx-combined';
import { expectEachOnce, kill, outputLines, startFollower, waitFor } from './follow-process';
import { runExtract } from './logs-cli';

const root = mkdtempSync(join(tmpdir(), 'lantern-follow-exchange-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const EXCHANGES = 30;
const seqLines = (out: string) => outputLines(out).filter((l) => l.includes('"path":"/seq/'));
const exchangeLines = (out: string) => outputLines(out).filter((l) => l.includes('"file":"gateway.log"'));
const hasSeq = (out: string, i: number) => () => seqLines(out).some((l) => l.includes(`"path":"/seq/${i}"`));

/**
 * `extract --follow logs/ exchanges.jsonl >> out.jsonl`: the exchange file has no checkpoint and is written again at
 * every start, ahead of the log follower. Until 6 Dec the restarted log follower counted those records, past its
 * last checkpoint in the output, as its own written before a kill, and dropped as many of the new log lines.
 */
test('a log directory followed with an exchange file into one output: restarted after SIGTERM and SIGKILL, every log line once', { timeout: 180_000 }, async () => {
  const logs = join(root, 'logs');
  mkdirSync(logs);
  const log = join(logs, 'access.log');
  const out = join(root, 'out.jsonl');
  const gateway = join(root, 'gateway.log');
  await writeCombinedLog(gateway, EXCHANGES, { seed: 7 });
  const made = runExtract([gateway]);
  expect(made.records.length).toBe(EXCHANGES);
  const exchanges = join(root, 'exchanges.jsonl');
  writeFileSync(exchanges, made.records.map((r) => `${JSON.stringify({ ...r, source: { ...r.source, file: 'gateway.log' } })}\n`).join(''));
  await writeCombinedLog(log, 100, { sequencePaths: true });

  let child = startFollower(root, out, [logs, exchanges]);
  await waitFor('the log and the exchange file', () => seqLines(out).length >= 100 && exchangeLines(out).length >= EXCHANGES);
  let stopped = await kill(child, 'SIGTERM');
  expect(stopped.code).toBe(0);

  // Stopped cleanly: the restart owes nothing, and reads on from the checkpoint.
  await writeCombinedLog(log, 50, { sequencePaths: true, firstIndex: 100, append: true });
  child = startFollower(root, out, [logs, exchanges]);
  await waitFor('the lines written while stopped', hasSeq(out, 149));
  await sleep(300); // room for a line read twice to show up
  stopped = await kill(child, 'SIGTERM');
  expect(stopped.code).toBe(0);
  expect(stopped.stderr).not.toContain('resumed:');
  expectEachOnce(seqLines(out), 150);

  // Killed at no particular point while lines come in; restarted, then more lines.
  child = startFollower(root, out, [logs, exchanges]);
  await writeCombinedLog(log, 3000, { sequencePaths: true, firstIndex: 150, append: true });
  await waitFor('some of the new lines', () => seqLines(out).length > 150);
  await kill(child, 'SIGKILL');
  child = startFollower(root, out, [logs, exchanges]);
  await writeCombinedLog(log, 50, { sequencePaths: true, firstIndex: 3150, append: true });
  await waitFor('the lines after the kill', hasSeq(out, 3199));
  await sleep(300);
  stopped = await kill(child, 'SIGTERM');
  expect(stopped.code).toBe(0);
  expectEachOnce(seqLines(out), 3200);
  // The exchange file itself has no checkpoint: it is written again at every start (four here).
  expect(exchangeLines(out).length).toBe(4 * EXCHANGES);
});
