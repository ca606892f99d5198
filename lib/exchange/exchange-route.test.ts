import { expect, test } from 'vitest';
import { exchangeSchema } from './exchange';

test("a record's route is read without a query or fragment, as its path is: another tool's record may carry one", () => {
  // Until 6 Dec `lantern ingest` of such a record (and the server's door) kept `?api_key=…` in the route it held.
  const read = (route: string) => exchangeSchema.parse({ ts: '2026-12-06T00:00:00Z', route }).route;
  expect(read('/v1/x?api_key=CANARY1')).toBe('/v1/x');
  expect(read('/v1/y#id_token=CANARY2')).toBe('/v1/y');
  expect(read('/items/{id?}')).toBe('/items/{id?}');
  expect(read('/orders/{id}')).toBe('/orders/{id}');
});
