import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { extractExchanges } from '../../collectors/extract';
import { FORMAT_NAMES } from '../../collectors/logs/registry';
import type { Exchange } from '../../lib/exchange';
import { expectValidExchanges } from './hostile-helpers';

/**
 * Every `--format` the CLI accepts (the registry's own list, so a new format is swept in automatically), forced on
 * files of random and hostile content, through the real file reader: the per-format property tests beside the
 * parsers feed lines; this feeds whole files, JSON documents included. Never a throw, only valid records out.
 */
const dir = mkdtempSync(join(tmpdir(), 'lantern-formats-'));
const hostileLine = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.json({ maxDepth: 4 }),
  fc.constantFrom('{', '[', '{"log":{"entries":[{}]}}', '{"resourceSpans":[{"scopeSpans":[{"spans":[{}]}]}]}', '"'.repeat(5000), '\u0000\u0001\u00ff', '- - - [] "" - -'),
);

for (const format of FORMAT_NAMES) {
  test(`--format ${format}: random files never throw and yield only valid records (property)`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hostileLine, { minLength: 1, maxLength: 8 }), async (lines) => {
        const file = join(dir, `${format}-${n++}.log`);
        writeFileSync(file, lines.join('\n'));
        const exchanges: Exchange[] = [];
        const report = await extractExchanges([file], { fingerprintKey: 'k', format }, (e) => exchanges.push(e));
        expectValidExchanges(exchanges);
        expect(report.exchanges).toBe(exchanges.length);
      }),
      { numRuns: 60, seed: 21 },
    );
  }, 60_000);
}
