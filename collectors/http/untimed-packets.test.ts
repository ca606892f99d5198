import { expect, test } from 'vitest';
import { UntimedPackets } from './untimed-packets';

test('untimed packets are found by number, whatever their runs', () => {
  let seed = 7;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let round = 0; round < 50; round++) {
    const untimed = new UntimedPackets();
    const truth = new Set<number>();
    const share = random();
    for (let p = 1; p <= 2000; p++) {
      if (random() < share) {
        untimed.add(p);
        truth.add(p);
      }
    }
    for (let p = 0; p <= 2001; p++) expect(untimed.has(p)).toBe(truth.has(p));
  }
});
