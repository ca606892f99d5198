import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec } from './load-spec';

// Each test file runs in its own fork (vitest.config pool: 'forks'), and Node re-reads TZ when it is assigned:
// the dates below are parsed as a collector in California would parse them.
const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/Los_Angeles';
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const yaml = (ext: string) => `openapi: 3.0.3
info: {title: Legacy, version: '1'}
paths:
  /orders:
    get:
      ${ext}
      responses: {'200': {description: ok}}
`;

describe('a sunset date-time without a time zone, on a machine that is not on UTC', () => {
  test('the machine really is off UTC (otherwise the tests below prove nothing)', () => {
    expect(new Date(2026, 11, 1).getTimezoneOffset()).toBe(480);
  });

  test.each([
    ["x-sunset: '2026-12-01T00:00:00'", '2026-12-01T00:00:00.000Z'],
    ["x-sunset-date: '2026-12-01T09:30'", '2026-12-01T09:30:00.000Z'],
    ["x-deprecation-date: '2026-12-01 00:00:00'", '2026-12-01T00:00:00.000Z'],
    ["x-deprecated-at: '2026-12-01T00:00:00.250'", '2026-12-01T00:00:00.250Z'],
    ['x-sunset: 2026-12-01T00:00:00', '2026-12-01T00:00:00.000Z'],
    ["x-sunset: '2026-12-01'", '2026-12-01T00:00:00.000Z'],
  ])('%s is read as UTC', async (ext, sunset) => {
    const r = await loadSpec('legacy', '/legacy.yaml', () => yaml(ext));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.operations[0].sunset).toBe(sunset);
  });

  test('a date-time with its own zone or offset keeps it', async () => {
    for (const [ext, sunset] of [
      ["x-sunset: '2026-12-01T00:00:00+01:00'", '2026-11-30T23:00:00.000Z'],
      ["x-sunset: '2026-12-01T00:00:00Z'", '2026-12-01T00:00:00.000Z'],
      ["x-sunset: 'Tue, 01 Dec 2026 00:00:00 GMT'", '2026-12-01T00:00:00.000Z'],
    ]) {
      const r = await loadSpec('legacy', '/legacy.yaml', () => yaml(ext));
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      expect(r.spec.operations[0].sunset).toBe(sunset);
    }
  });

  test("the API's own sunset (info x-sunset) is read as UTC too", async () => {
    const r = await loadSpec('legacy', '/legacy.yaml', () => "openapi: 3.0.3\ninfo: {title: L, version: '1', x-sunset: '2026-12-01T00:00:00'}\npaths: {}\n");
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.sunset).toBe('2026-12-01T00:00:00.000Z');
  });

  test('text that is no date is no sunset: said as a warning at its pointer, never guessed', async () => {
    // Before: Date.parse guessed a date out of any text holding a number: `see ticket API-123` was the year 123 and
    // `TBD 1` 1 Jan 2001, sunsets long passed, so every call to the operation was a zombie; `12/31/2026` and
    // `March 2027` were read in the machine's zone; `2026-02-30` was 2 March.
    for (const value of ['see ticket API-123', 'TBD 1', '12/31/2026', 'March 2027', '2026-02-30']) {
      const r = await loadSpec('legacy', '/legacy.yaml', () => yaml(`x-sunset: '${value}'`));
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      expect([value, r.spec.operations[0].sunset, r.warnings]).toEqual([
        value,
        undefined,
        [{ pointer: '/paths/~1orders/get/x-sunset', message: `x-sunset ${JSON.stringify(value)} is no date (YYYY-MM-DD, an ISO 8601 date-time or an HTTP date): ignored` }],
      ]);
    }
    // The next extension that is a date still counts; the API's own is said at /info.
    const r = await loadSpec('legacy', '/legacy.yaml', () => "openapi: 3.0.3\ninfo: {title: L, version: '1', x-sunset: 'Q3', x-sunset-date: '2026-12-01'}\npaths: {}\n");
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect([r.spec.sunset, r.warnings]).toEqual(['2026-12-01T00:00:00.000Z', [{ pointer: '/info/x-sunset', message: 'x-sunset "Q3" is no date (YYYY-MM-DD, an ISO 8601 date-time or an HTTP date): ignored' }]]);
  });
});
