import { expect, test } from 'vitest';
import { GreKeyNets, isMirrorSession, NET_ERSPAN_2, NET_ERSPAN_3, NET_GENEVE, NET_VXLAN, sameKind } from './network-ids';

const SMALL = (n: number) => n >= -(2 ** 31) && n < 2 ** 31;

test('every GRE key has its own id, a small integer below every other kind\'s, the same each time it comes', () => {
  const gre = new GreKeyNets();
  const keys = [0, 1, 2 ** 30 - 1, 2 ** 30, 0x80000000, 0xc0a80101, 0xffffffff];
  const ids = keys.map((k) => gre.netOf(k));
  expect(new Set(ids).size).toBe(keys.length);
  expect(ids.every((id) => id < 0 && SMALL(id))).toBe(true);
  expect(keys.map((k) => gre.netOf(k))).toEqual(ids);
  // A key is its decoder's: another decoder numbers wide keys in its own order.
  expect(new GreKeyNets().netOf(0xffffffff)).toBe(new GreKeyNets().netOf(0xc0a80101));
});

test('past 65 536 wide keys (garbage, a scan) ids stay exact and apart, no longer small', () => {
  const gre = new GreKeyNets();
  const ids = new Set<number>();
  for (let k = 0; k < 70_000; k++) ids.add(gre.netOf(0x80000000 + k));
  for (let k = 0; k < 10; k++) ids.add(gre.netOf(k));
  expect(ids.size).toBe(70_010);
  expect(gre.netOf(0x80000000)).toBe(-(2 ** 30) - 1);
  expect(SMALL(gre.netOf(0x80000000 + 69_999))).toBe(false);
});

test('mirror sessions (GRE, ERSPAN) are told from tenants\' networks (VXLAN, GENEVE), and kinds apart', () => {
  const gre = new GreKeyNets().netOf(7);
  expect([0, NET_VXLAN | 7, NET_GENEVE | 7, NET_ERSPAN_2 | 7, NET_ERSPAN_3 | 7, gre].map(isMirrorSession)).toEqual([false, false, false, true, true, true]);
  expect(sameKind(NET_ERSPAN_2 | 1, NET_ERSPAN_2 | 1023)).toBe(true);
  expect(sameKind(NET_ERSPAN_2 | 1, NET_ERSPAN_3 | 1)).toBe(false);
  expect(sameKind(gre, new GreKeyNets().netOf(0xffffffff))).toBe(true);
  expect(sameKind(gre, NET_ERSPAN_2 | 7)).toBe(false);
  expect(sameKind(NET_ERSPAN_2 | 7, gre)).toBe(false);
});
