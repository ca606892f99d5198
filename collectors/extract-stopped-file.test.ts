import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { extractExchanges } from './extract';

const line = (i: number) => `10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /api/seq/${i} HTTP/1.1" 200 9 "-" "curl/8"\n`;

test('a log file stopped on request (Ctrl-C, SIGTERM) before its end says so, naming the line, and the logs not read', async () => {
  // Until 6 Dec `extract big.log` stopped mid-file printed a summary like a whole run's and no word that the file was
  // cut (a capture stopped so is said: "stopped on request after packet N, before the end of the file").
  const dir = mkdtempSync(join(tmpdir(), 'lantern-stopped-'));
  const [first, second] = [join(dir, 'a.log'), join(dir, 'b.log')];
  writeFileSync(first, Array.from({ length: 40_000 }, (_, i) => line(i)).join('')); // several 1 MiB chunks
  writeFileSync(second, line(0));
  const stop = new AbortController();
  let read = 0;
  const report = await extractExchanges([first, second], { fingerprintKey: 'k', signal: stop.signal }, () => {
    read++;
    stop.abort();
  });
  expect(read).toBeGreaterThan(0);
  expect(read).toBeLessThan(40_000);
  expect(report.errors).toEqual([]);
  expect(report.warnings).toEqual([`${first}: stopped on request after line ${read}, before the end of the file; the lines before it were kept`, `stopped on request: 1 log not read (${second})`]);
});
