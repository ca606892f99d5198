import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What a log does while its receiver (server, database) is down in the outage tests: lines 140–179 appended, then
 * logrotate's create mode twice (access.log → .1 → .2), each new file with 40 lines (180–219, 220–259), a second
 * apart. A follower that stops reading during the outage loses the file in between.
 */
export async function rotateTwiceDuringOutage(log: string, lines: (from: number, n: number) => string): Promise<void> {
  await sleep(500);
  appendFileSync(log, lines(140, 40));
  await sleep(1000);
  renameSync(log, `${log}.1`);
  writeFileSync(log, lines(180, 40));
  await sleep(1000);
  renameSync(`${log}.1`, `${log}.2`);
  renameSync(log, `${log}.1`);
  writeFileSync(log, lines(220, 40));
  await sleep(1000);
}
