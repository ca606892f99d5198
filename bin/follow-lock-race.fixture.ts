// A run taking a follow lock (bin/follow-lock.test.ts): once its lock is taken it waits for the test's other run to be
// taking one too (its lock, or its wait for the guard), prints whether it may run, and holds what it took until its
// standard input ends.
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { lockFollowedInputs } from './follow-lock';

const [stateDir, ...inputs] = process.argv.slice(2);
const names = () => readdirSync(stateDir);
const own = () => names().find((n) => n.endsWith(`.lock.${process.pid}.tmp`))?.replace(`.${process.pid}.tmp`, '');
const otherTaking = (lock: string | undefined) => names().some((n) => (n.endsWith('.lock') && n !== lock) || (n.includes('.guard.') && !n.includes(String(process.pid))));
const lock = await lockFollowedInputs(stateDir, inputs, async () => {
  const mine = own();
  for (let i = 0; i < 400 && !otherTaking(mine); i++) await sleep(25);
});
process.stdout.write('release' in lock ? 'runs' : 'refuses');
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
