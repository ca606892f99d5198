// A run taking a follow lock (bin/follow-lock.test.ts), made to meet the test's other run at the worst instant: once
// its lock is taken it waits for the other to be taking one too (its lock, or its wait for the guard), and a lock it
// gives up is removed only once the other has decided, so that two runs checking each other's locks at once both see
// them. It prints whether it may run, and holds what it took until its standard input ends. The waits are put into
// fs's link() and rm(), the calls that take and give up a lock, so the product code carries no hook for the test:
// syncBuiltinESMExports() makes follow-lock.ts's own imports of them these.
import fs from 'node:fs/promises';
import { readdirSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const [stateDir, ...inputs] = process.argv.slice(2);
const names = () => readdirSync(stateDir);
const isLock = (path: string) => dirname(path) === stateDir && path.endsWith('.lock');
const waitFor = async (seen: () => boolean) => {
  for (let i = 0; i < 400 && !seen(); i++) await sleep(25);
};
const otherTaking = (lock: string) => names().some((n) => (n.endsWith('.lock') && n !== lock) || (n.includes('.guard.') && !n.includes(String(process.pid))));
const otherDecided = () => names().some((n) => n.startsWith('decided-') && n !== `decided-${process.pid}`);

const { link, rm } = fs;
fs.link = async (existing, path) => {
  await link(existing, path);
  if (isLock(String(path))) await waitFor(() => otherTaking(basename(String(path))));
};
fs.rm = async (path, options) => {
  if (isLock(String(path))) await waitFor(otherDecided);
  await rm(path, options);
};
syncBuiltinESMExports();

const { lockFollowedInputs } = await import('./follow-lock');
const lock = await lockFollowedInputs(stateDir, inputs);
writeFileSync(join(stateDir, `decided-${process.pid}`), '');
process.stdout.write('release' in lock ? 'runs' : 'refuses');
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
