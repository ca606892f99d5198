import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { freePort } from '../free-port';
import { stoppedAtFirstRetry } from '../stop-at-first-retry';

const LANTERN = join(import.meta.dirname, '../../bin/lantern');

/**
 * Ctrl-C in a plain `push a.log b.log` while the server is down: until 6 Dec Node's default, exit 130 at once with
 * nothing said (what was spooled stayed, but the user could not tell what had been done). Now the run stops, says how
 * far it got and what stays spooled, prints its summary, and exits 130.
 */
test('a push of files stopped by Ctrl-C says what it did and what stays spooled, then exits 130', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-push-int-'));
  const line = (path: string) => `10.0.0.1 - - [04/Dec/2026:10:01:00 +0000] "GET ${path} HTTP/1.1" 200 12 "-" "curl/8"\n`;
  writeFileSync(join(dir, 'a.log'), line('/v1/a'));
  writeFileSync(join(dir, 'b.log'), line('/v1/b'));
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...inherited } = process.env;
  const env = { ...inherited, LANTERN_DATA_DIR: join(dir, 'data') };
  const server = `http://127.0.0.1:${await freePort()}`;
  const child = spawn(LANTERN, ['push', join(dir, 'a.log'), join(dir, 'b.log'), '--server', server, '--token', 'lt_x', '--retry-for', '600'], { env });
  // The first input's batch is spooled and its delivery waits out the outage: stopped there.
  const { code, stderr } = await stoppedAtFirstRetry(child);
  const said = stderr.split('\n').filter((l) => !l.includes('retrying in') && !l.includes("specs and overrides could not be read"));
  const spool = join(env.LANTERN_DATA_DIR, 'spool');
  expect(code).toBe(130);
  expect(said[0]).toBe('lantern: SIGINT: stopping after what is being read or sent (again to quit at once)');
  expect(said[1]).toMatch(/^lantern: server unreachable: .*; 1 batch\(es\) stay spooled in /);
  expect(said.slice(2, 4)).toEqual([
    'lantern: stopped (SIGINT) after 1 of 2 input(s): the rest were not read; run again to send them and what stays spooled (nothing is counted twice)',
    'lantern: 1 exchanges → 1 endpoint observations in 1 batch(es): 0 applied, 0 already counted',
  ]);
  expect(said[4]).toMatch(/^lantern: exchanges 1, files 1, lines 1, malformed 0, elapsed /);
  expect(readdirSync(spool).length).toBeGreaterThan(0);
});

/**
 * The same with standard input among the inputs (`lantern push a.log -`): until 6 Dec the files had no stop of their
 * own (standard input's handlers come with its reading), and Ctrl-C while a.log was sent ended the run unsaid.
 */
test('a push of a file and standard input stopped by Ctrl-C while the file is sent says so too, and exits 130', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-push-int-'));
  writeFileSync(join(dir, 'a.log'), `10.0.0.1 - - [04/Dec/2026:10:01:00 +0000] "GET /v1/a HTTP/1.1" 200 12 "-" "curl/8"\n`);
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...inherited } = process.env;
  const env = { ...inherited, LANTERN_DATA_DIR: join(dir, 'data') };
  const server = `http://127.0.0.1:${await freePort()}`;
  // Standard input stays open and empty: it is not reached.
  const child = spawn(LANTERN, ['push', join(dir, 'a.log'), '-', '--server', server, '--token', 'lt_x', '--retry-for', '600'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
  const { code, stderr } = await stoppedAtFirstRetry(child);
  child.stdin.destroy();
  const said = stderr.split('\n').filter((l) => !l.includes('retrying in') && !l.includes("specs and overrides could not be read"));
  expect({ code, said: said.slice(0, 4) }).toEqual({
    code: 130,
    said: [
      'lantern: SIGINT: stopping after what is being read or sent (again to quit at once)',
      expect.stringMatching(/^lantern: server unreachable: .*; 1 batch\(es\) stay spooled in /),
      'lantern: stopped (SIGINT) after 1 of 2 input(s): the rest were not read; run again to send them and what stays spooled (nothing is counted twice)',
      'lantern: 1 exchanges → 1 endpoint observations in 1 batch(es): 0 applied, 0 already counted',
    ],
  });
});
