import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { extractExchanges } from './extract';
import { STDIN } from './stream-input';

test('standard input stopped before it sent anything ends the run, with nothing read and no error', async () => {
  // Before: `extract -` on a pipe that had sent nothing yet (a quiet `tcpdump -w - |`) waited on through SIGTERM and
  // Ctrl-C until the writer sent or ended (the test timed out); then it said '-: no complete line to tell the format
  // from', exit 2, for a run its user had stopped.
  const pipe = new PassThrough();
  const stop = new AbortController();
  const exchanges: unknown[] = [];
  const running = extractExchanges([STDIN], { fingerprintKey: 'k', stdin: pipe, signal: stop.signal }, (e) => exchanges.push(e));
  setTimeout(() => stop.abort(), 100);
  const report = await running;
  expect([report.errors, exchanges]).toEqual([[], []]);
  await new Promise((r) => setImmediate(r));
  expect(pipe.destroyed).toBe(true);
});

test('what a writer stopped with us sends as it stops is still read (a mirror flushing its open flows)', async () => {
  const pipe = new PassThrough();
  const stop = new AbortController();
  const exchanges: { path?: string }[] = [];
  const running = extractExchanges([STDIN], { fingerprintKey: 'k', stdin: pipe, signal: stop.signal }, (e) => exchanges.push(e as { path?: string }));
  setTimeout(() => {
    stop.abort();
    setTimeout(() => pipe.end('10.0.0.1 - - [04/Dec/2026:10:01:00 +0000] "GET /v1/items HTTP/1.1" 200 12 "-" "curl/8"\n'), 50);
  }, 100);
  const report = await running;
  expect([report.errors, exchanges.map((e) => e.path)]).toEqual([[], ['/v1/items']]);
});
