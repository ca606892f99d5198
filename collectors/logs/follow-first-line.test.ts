import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { extractExchanges } from '../extract';
import type { Exchange } from '../../lib/exchange';

/** Runs after each file plan, before the caller looks at it: here the writer finishes the line at the worst moment. */
const afterPlan = vi.hoisted(() => ({ hook: undefined as ((path: string) => void) | undefined }));
vi.mock('./static-file', async (importOriginal) => {
  const real = await importOriginal<typeof import('./static-file')>();
  return {
    ...real,
    planFile: async (...args: Parameters<typeof real.planFile>) => {
      const plan = await real.planFile(...args);
      afterPlan.hook?.(args[0]);
      return plan;
    },
  };
});

const LINE = '10.0.0.7 - - [05/Dec/2026:08:00:00 +0000] "GET /late/1 HTTP/1.1" 200 12 "-" "curl/8.4.0"';

/**
 * A log first seen with its only line half written, the writer finishing it right after the follower planned the
 * file: what was planned says the line was unfinished. Until 6 Dec the follower looked at the file again to ask, saw
 * it finished, and skipped the log for good as no log (a whole log never read); it happened now and then in
 * logs-follow-directory.test.ts beside other test files.
 */
async function followUntilLateLine(inputs: string[], late: string) {
  let finished = false;
  afterPlan.hook = (path) => {
    if (path !== late || finished) return;
    finished = true;
    appendFileSync(late, `${LINE.slice(40)}\n`);
  };
  const controller = new AbortController();
  const records: Exchange[] = [];
  const warnings: string[] = [];
  // Stops once the line is read, or once the log is said to be skipped (the bug): no time limit decides anything.
  const report = await extractExchanges(
    inputs,
    {
      follow: true,
      stateDir: join(late, '../../state'),
      fingerprintKey: 'follow-first-line-key',
      signal: controller.signal,
      onWarning: (text) => {
        warnings.push(text);
        if (text.includes('late.log')) controller.abort();
      },
    },
    (ex) => {
      records.push(ex);
      if (ex.source?.file === late) controller.abort();
    },
  );
  afterPlan.hook = undefined;
  return { finished, late: records.filter((r) => r.source?.file === late).map((r) => r.path), warnings, errors: report.errors };
}

function directory(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'lantern-first-line-')), name);
  mkdirSync(dir);
  return dir;
}

test('a directory of logs: a log whose only line is finished just after it was planned is read, not skipped', async () => {
  const dir = directory('nginx');
  writeFileSync(join(dir, 'access.log'), `${LINE.replace('/late/1', '/a/1')}\n`);
  const late = join(dir, 'late.log');
  writeFileSync(late, LINE.slice(0, 40));
  expect(await followUntilLateLine([dir], late)).toEqual({ finished: true, late: ['/late/1'], warnings: [], errors: [] });
});

test('a directory waiting for its first log: that log, finished just after it was planned, decides it and is read', async () => {
  const dir = directory('waiting');
  const late = join(dir, 'late.log');
  writeFileSync(late, LINE.slice(0, 40));
  expect(await followUntilLateLine([dir], late)).toEqual({ finished: true, late: ['/late/1'], warnings: [], errors: [] });
});
