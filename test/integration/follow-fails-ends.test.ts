import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { stateFile } from '../../collectors/pcap/follow-state';
import { runLantern } from '../run-lantern';
import { startFollower } from './follow-process';
import { TEST_ENV } from './logs-cli';

const CAPTURE = join(import.meta.dirname, '../../../shared/fixtures/pcap/zeek__http-methods.pcap');

test('extract --follow whose checkpoint cannot be written ends, exit 1, rather than hanging deaf to Ctrl-C', async () => {
  // Before: the error was printed and the process stayed, its output timer alive and SIGINT/SIGTERM only asking the
  // readers, already gone, to stop: a supervisor saw a collector neither running nor exited.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-follow-fails-'));
  const captures = join(dir, 'captures');
  mkdirSync(captures);
  copyFileSync(CAPTURE, join(captures, 'trace.pcap'));
  // A directory where the checkpoint file goes: the rename that writes it fails (EISDIR).
  mkdirSync(stateFile(join(dir, 'state'), captures, 'extract'), { recursive: true });
  const child = startFollower(dir, join(dir, 'out.jsonl'), [captures]);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Said of the checkpoint in words (before: Node's 'EISDIR: illegal operation on a directory, rename <temp> -> <file>').
  const checkpoint = stateFile(join(dir, 'state'), captures, 'extract');
  expect([code, stderr.split('\n').filter((l) => l.startsWith('lantern extract: '))]).toEqual([1, [`lantern extract: ${checkpoint}: is a directory`]]);
}, 30_000);

test('a --state-dir that is a file is a usage error said before anything is read, by extract and ingest (exit 2)', async () => {
  // Before: extract --follow said "EEXIST: file already exists, mkdir …" and hung; ingest --follow said
  // "ENOTDIR: not a directory, mkdir …/journal", exit 1.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-state-file-'));
  const file = join(dir, 'state');
  writeFileSync(file, 'not a directory\n');
  const env = { ...TEST_ENV, LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${join(dir, 'lantern.db')}` };
  for (const [command, name] of [['extract', 'extract'], ['ingest', 'ingest'], ['push', 'push']]) {
    const r = await runLantern([command, '--follow', '--state-dir', file, dir], env);
    expect([r.code, r.stdout, r.stderr], command).toEqual([2, '', `lantern ${name}: --state-dir ${file}: not a directory\n`]);
  }
}, 30_000);

test('an empty --state-dir (an unset variable) is a usage error, not the working directory', async () => {
  // Until 6 Dec `--state-dir "$STATE"` with STATE unset followed from the working directory: checkpoints, journal and
  // lock written there, and a run from elsewhere read every log again.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-state-empty-'));
  const env = { ...TEST_ENV, LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${join(dir, 'lantern.db')}` };
  for (const command of ['extract', 'ingest', 'push']) {
    const r = await runLantern([command, '--follow', '--state-dir', '', dir], env, { killAfterMs: 20_000 });
    expect([r.code, r.stdout, r.stderr], command).toEqual([2, '', `lantern ${command}: --state-dir is empty (an unset variable?): give the directory for the follow checkpoints\n`]);
  }
}, 60_000);
