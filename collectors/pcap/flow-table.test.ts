import { expect, test } from 'vitest';
import fc from 'fast-check';
import { FlowTable, mixEndpoints, type FlowKey } from './flow-table';

interface Conn {
  k1: number;
  k2: number;
  net: number;
  pairedNet: number;
  id: number;
}

/** IPv4 endpoints as the reassembler packs them: address·2^16 + port, k1 ≤ k2. */
const endpoint = fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffff })).map(([ip, port]) => ip * 65536 + port);
/** Mostly untunnelled (0), some on VXLAN VNIs 1 and 2 (decode-packet.ts's network ids). */
const network = fc.constantFrom(0, 0, 0x1000001, 0x1000002);
const pair = fc.tuple(endpoint, endpoint, network).map(([a, b, net]): [number, number, number] => (a <= b ? [a, b, net] : [b, a, net]));
const ops = fc.array(fc.tuple(fc.constantFrom('add', 'delete', 'get'), fc.nat()), { maxLength: 300 });

/**
 * The table against an exact map, over adds, deletes and lookups of a pool of pairs (some sharing an endpoint, some
 * the same endpoints on another network: two tenants' overlapping address spaces).
 */
function agreesWithExactMap(key: FlowKey | undefined) {
  fc.assert(
    fc.property(fc.uniqueArray(pair, { minLength: 1, maxLength: 40, selector: ([a, b, net]) => `${a}|${b}|${net}` }), ops, (pool, steps) => {
      const table = new FlowTable<Conn>(key);
      const exact = new Map<string, Conn>();
      // Pairs that share their first endpoint with another: how clients behind one address look.
      const more = pool.slice(0, 5).flatMap(([a, b, net]): [number, number, number][] => [[a, b + 1, net], [a, b, net ^ 0x1000003]]);
      const pairs = [...pool, ...more].filter(([a, b, net], i, all) => all.findIndex(([c, d, n]) => c === a && d === b && n === net) === i);
      for (const [op, n] of steps) {
        const [k1, k2, net] = pairs[n % pairs.length];
        const id = `${k1}|${k2}|${net}`;
        if (op === 'add' && !exact.has(id)) {
          const conn = { k1, k2, net, pairedNet: net, id: n };
          table.add(k1, k2, net, conn);
          exact.set(id, conn);
        } else if (op === 'delete' && exact.has(id)) {
          table.delete(k1, k2, net, exact.get(id)!);
          exact.delete(id);
        }
        expect(table.get(k1, k2, net)).toBe(exact.get(id));
      }
      for (const [k1, k2, net] of pairs) expect(table.get(k1, k2, net)).toBe(exact.get(`${k1}|${k2}|${net}`));
    }),
    { numRuns: 300, seed: 5 },
  );
}

test('connections are found by their endpoints exactly, through adds and deletes in any order', () => {
  agreesWithExactMap(undefined);
});

test('pairs that mix to the same key are told apart (every pair colliding)', () => {
  agreesWithExactMap(() => 42);
});

test('pairs that mix to the same key are told apart (half of them colliding)', () => {
  agreesWithExactMap((k1, k2) => (k1 + k2) % 2);
});

test('the mix is a whole number a double holds exactly, and differs across a dense block of real endpoints', () => {
  const keys = new Set<number>();
  // 65 536 client ports of one address against 4 servers, and 4 096 addresses of one port: 278 528 flows.
  for (let s = 0; s < 4; s++) for (let port = 0; port < 65536; port++) keys.add(mixEndpoints(0x0a000001 * 65536 + port, (0x0a000100 + s) * 65536 + 443));
  for (let ip = 0; ip < 4096; ip++) keys.add(mixEndpoints((0xc0a80000 + ip) * 65536 + 50000, 0xc0a90001 * 65536 + 80));
  expect(keys.size).toBe(4 * 65536 + 4096);
  for (const k of [...keys].slice(0, 1000)) expect(Number.isSafeInteger(k) && k >= 0).toBe(true);
});
