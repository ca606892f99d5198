import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { extractExchanges } from '../extract';
import type { Exchange } from '../../lib/exchange';

/** One follower run: stops at the first record or warning about `log` (no time limit decides anything). */
async function followOnce(log: string, stateDir: string) {
  const controller = new AbortController();
  const paths: Array<string | undefined> = [];
  const warnings: string[] = [];
  await extractExchanges(
    [log],
    {
      follow: true, stateDir, fingerprintKey: 'w3c-resume-key', signal: controller.signal,
      onWarning: (text) => {
        warnings.push(text);
        controller.abort();
      },
    },
    (ex: Exchange) => {
      paths.push(ex.path);
      controller.abort();
    },
  );
  return { paths, warnings };
}

/**
 * A follower restarted past a W3C log's header (IIS, CloudFront) reads the columns its `#Fields` named: until 6 Dec it
 * read the default ones, and every line of a site logging other fields was malformed until IIS wrote a header again.
 */
test.each([
  ['iis', '#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2024-05-01 09:00:00\n#Fields: date time cs-method cs-uri-stem cs-uri-query c-ip sc-status time-taken\n', (p: string) => `2024-05-01 09:00:05 GET ${p} - 192.0.2.9 200 5\n`],
  ['cloudfront', '#Version: 1.0\n#Fields: date time cs-method cs-uri-stem sc-status c-ip time-taken\n', (p: string) => `2024-05-01\t09:00:05\tGET\t${p}\t200\t192.0.2.9\t0.005\n`],
])('%s: a follower restarted past the header reads the columns #Fields named', async (_name, header, line) => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-w3c-resume-'));
  const log = join(dir, 'access.log');
  const stateDir = join(dir, 'state');
  writeFileSync(log, header + line('/first'));
  expect(await followOnce(log, stateDir)).toEqual({ paths: ['/first'], warnings: [] });
  appendFileSync(log, line('/after-restart'));
  expect(await followOnce(log, stateDir)).toEqual({ paths: ['/after-restart'], warnings: [] });
});
