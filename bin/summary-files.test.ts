import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runLantern } from '../test/run-lantern';
import { SHARED_FIXTURES } from '../test/require';

const CAPTURE = `${SHARED_FIXTURES}pcap/zeek__http-methods.pcap`;
const HAR = `${SHARED_FIXTURES}har/mitmproxy__chrome.har`;
const LINE = '10.0.0.1 - - [07/Dec/2026:04:00:01 +0000] "GET /v1/pets HTTP/1.1" 200 12 "-" "curl/8"\n';
const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
const ENV = { ...rest, LANTERN_FINGERPRINT_KEY: 'summary-files-test-key' };

function inputs() {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-summary-files-'));
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  writeFileSync(join(logs, 'a.log'), LINE);
  writeFileSync(join(logs, 'b.log'), LINE.repeat(2));
  writeFileSync(join(logs, 'README'), 'Logs of the edge proxy, rotated daily.\n');
  const exchanges = join(dir, 'exchanges.jsonl');
  writeFileSync(exchanges, `${JSON.stringify({ ts: '2026-12-07T04:00:00Z', host: 'api.test', method: 'GET', path: '/v1/pets', status: 200 })}\n`);
  return { logs, log: join(logs, 'a.log'), exchanges };
}

/** The summary's `files`, or undefined when it has none. */
function filesSaid(stderr: string): number | undefined {
  const summary = stderr.split('\n').find((l) => l.startsWith('lantern: exchanges '));
  expect(summary, stderr).toBeDefined();
  const m = /^lantern: exchanges \d+, files (\d+), /.exec(summary!);
  return m ? Number(m[1]) : undefined;
}

test("the summary's files counts every file read: a directory as the files read in it, standard input as one", async () => {
  // Until 7 Dec it was the capture reader's count alone: this run said `files 1`, and a log alone said no `files`.
  const { logs, exchanges } = inputs();
  const r = await runLantern(['discover', '--json', CAPTURE, logs, HAR, exchanges, '-'], ENV, { input: LINE });
  expect(r.code, r.stderr).toBe(0);
  // The capture, a.log and b.log (the README fits no format and is skipped), the HAR, the exchange file, the pipe.
  expect(filesSaid(r.stderr)).toBe(6);
});

test('a log alone is one file, a HAR alone one, a directory of logs the logs in it', async () => {
  const { logs, log } = inputs();
  const said = async (...args: string[]) => filesSaid((await runLantern(['discover', '--json', ...args], ENV)).stderr);
  expect([await said(log), await said(HAR), await said(logs), await said(CAPTURE)]).toEqual([1, 1, 2, 1]);
});
