import fc from 'fast-check';
import { expect, test } from 'vitest';
import { queryParamNames, splitRequestTarget } from './query-names';

test('query strings are reduced to decoded, de-duplicated names in first-seen order', () => {
  expect(queryParamNames('b=1&a=2&b=3&flag&a%5B%5D=x&q+s=1&=x&')).toEqual(['b', 'a', 'flag', 'a[]', 'q s']);
  expect(queryParamNames('')).toEqual([]);
  expect(queryParamNames('%E0%A4%A=bad')).toEqual(['%E0%A4%A']);
});

test('request targets split at the first ? and drop fragments', () => {
  expect(splitRequestTarget('/a/b?x=1?y=2#frag')).toEqual({ path: '/a/b', rawQuery: 'x=1?y=2' });
  expect(splitRequestTarget('/only/path')).toEqual({ path: '/only/path', rawQuery: '' });
  expect(splitRequestTarget('*')).toEqual({ path: '*', rawQuery: '' });
});

/** The names as they were read before (an array of pairs and a Set per query): what the index walk must equal. */
function splitNames(rawQuery: string): string[] {
  const decode = (s: string) => {
    const plus = s.replace(/\+/g, ' ');
    try {
      return decodeURIComponent(plus);
    } catch {
      return plus;
    }
  };
  const seen = new Set<string>();
  for (const pair of rawQuery.split('&')) {
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    if (pair.length === 0 || name.length === 0 || name.length > 256 || seen.has(name)) continue;
    seen.add(name);
    if (seen.size === 256) break;
  }
  return [...seen];
}

test('names read by index are those of the split query: empty, bare, repeated, encoded, long and many pairs', () => {
  const name = fc.oneof(fc.constantFrom('a', 'b', 'q s', 'a%5B%5D', 'x+y', '%E0%A4%A', '', 'n'.repeat(257), '='), fc.nat({ max: 40 }).map((i) => `p${i}`));
  const pair = fc.tuple(name, fc.constantFrom('', '=1', '=a=b', '=%20', '==')).map(([n, v]) => `${n}${v}`);
  fc.assert(
    fc.property(fc.array(pair, { maxLength: 40, size: 'max' }), (pairs) => {
      const rawQuery = pairs.join('&');
      expect(queryParamNames(rawQuery)).toEqual(splitNames(rawQuery));
    }),
    { numRuns: 3000, seed: 25 },
  );
  const repeatsPastSixteen = `${Array.from({ length: 20 }, (_, i) => `p${i}=1`).join('&')}&p18=2&p3&p19`;
  expect(queryParamNames(repeatsPastSixteen)).toEqual(splitNames(repeatsPastSixteen));
  const many = Array.from({ length: 400 }, (_, i) => `k${i % 300}=v`).join('&');
  expect(queryParamNames(many)).toEqual(splitNames(many));
  expect(queryParamNames(many)).toHaveLength(256);
});

test('a credential sent as a bare query part is recorded as {redacted}, never as a parameter name', () => {
  const signed = 'Xk9fQ2mZ7pLr4Tb8Wc1Vy6Hn3Jd5Gs0A';
  expect(queryParamNames(`${signed}`)).toEqual(['{redacted}']);
  expect(queryParamNames(`sk_live_abcdefghijklmnopqrst&page=2&${signed}`)).toEqual(['{redacted}', 'page']);
  expect(queryParamNames('0123456789abcdef0123456789abcdef01234567')).toEqual(['{redacted}']);
  expect(queryParamNames(encodeURIComponent('eyJhbGciOiJIUzI1NiJ9.e30.c2ln'))).toEqual(['{redacted}']);
  // Real parameter names, long or with digits, stay as they are.
  expect(queryParamNames('X-Amz-SignedHeaders=host&utm_campaign2024=x&wsdl&v2&include_deleted_records=1')).toEqual([
    'X-Amz-SignedHeaders', 'utm_campaign2024', 'wsdl', 'v2', 'include_deleted_records',
  ]);
});

test('a pair whose `=` (or `&`) the client escaped keeps its name only, not the value after it', () => {
  // A query encoded twice (`?token%3DKx7pQ2mZ`, an OAuth redirect's `?code%3D…%26state%3D…`): decoded, the name held
  // the value, and until 6 Dec it was recorded, stored and exported as the parameter's name.
  expect(queryParamNames('token%3DKx7pQ2mZ&page=2')).toEqual(['token', 'page']);
  // Each pair an escaped `&` hides is a name (until 7 Dec only the first: `?page%3D2%26api_key%3D…` was `page`).
  expect(queryParamNames('code%3DAbC123xyz%26state%3Dq9w8e7')).toEqual(['code', 'state']);
  expect(queryParamNames('page%3D2%26api_key%3DKx7pQ2mZ9wLm&page=3')).toEqual(['page', 'api_key']);
  expect(queryParamNames('%3DKx7pQ2mZ')).toEqual(['{redacted}']);
  // Near misses: an escaped `=` in a value, and names with other escapes, stay as they were.
  expect(queryParamNames('filter=a%3Db&a%5B%5D=1&q%20s=1')).toEqual(['filter', 'a[]', 'q s']);
  // A bare value with an escaped `&` and no `=` is one name as before: no pair is hidden there.
  expect(queryParamNames('Tom%26Jerry')).toEqual(['Tom&Jerry']);
});

test("a bare standard-base64 token (its `/`, its `+` form-decoded into a space) is recorded as {redacted}, as base64url's is", () => {
  // Until 7 Dec the `/` or the space kept it from looking random: `/download?q7Rm2xVb9KpL4sWd8ZtY+c3/NfJh==` stored,
  // listed and exported the token as the endpoint's parameter name.
  for (const q of ['q7Rm2xVb9KpL4sWd8ZtY+c3/NfJh==', 'Kx7pQ2mZ/a9Lm3Qp8Zr5Tn+cQ', 'Kx7pQ2mZ%2Fa9Lm3Qp8Zr5Tn%2BcQ%3D%3D', 'Kx7pQ2mZ a9Lm3Qp8Zr5Tn']) expect([q, queryParamNames(q)]).toEqual([q, ['{redacted}']]);
  // Near misses: names and words between slashes or spaces, hex between them (identifiers).
  for (const q of ['api/v2/users/list/all2024=1', 'Quarterly+Report+2024+Final+v3', 'sha/9f86d081884c7d659a2feaa0c55ad015=1']) expect(queryParamNames(q)).toEqual([decodeURIComponent(q.split('=')[0].replace(/\+/g, ' '))]);
});

test("a URL sent as the bare query with its `user:password@` is recorded as {redacted}, as such a URL in the path is", () => {
  // A redirector's or an image proxy's `?https://admin:pw@10.0.0.5/cam.jpg`: until 7 Dec the name, password and all.
  for (const q of ['https://admin:pw12345@10.0.0.5/cam.jpg', 'https%3A%2F%2Fadmin%3Apw12345%4010.0.0.5%2Fcam.jpg', 'ftp://ops:Hunter2@files.corp.test/x=1']) expect([q, queryParamNames(q)]).toEqual([q, ['{redacted}']]);
  // Near misses: a URL without userinfo, an address after a scheme, OData's `@alias`.
  expect(queryParamNames('http://cdn.example/a.jpg&mailto:ops@team&@p1=1')).toEqual(['http://cdn.example/a.jpg', 'mailto:ops@team', '@p1']);
});

test('a one-time code or an e-mail address sent as a bare query part is recorded as {redacted}, not as a name', () => {
  // `/verify?482913`, `/unsubscribe?jane%40example.com`: the value itself stands where a name would, and names are
  // stored, counted and exported as the endpoint's parameters.
  expect(queryParamNames('482913')).toEqual(['{redacted}']);
  expect(queryParamNames('jane%40example.com&list=news')).toEqual(['{redacted}', 'list']);
  expect(queryParamNames('jane.doe+news@example.co.uk')).toEqual(['{redacted}']);
  // Short numbers (Wicket's `?1` page versions), OData's `@alias` names and retina asset names stay.
  expect(queryParamNames('1&42&@p=5&logo@2x.png&v2')).toEqual(['1', '42', '@p', 'logo@2x.png', 'v2']);
});

test('other personal data sent as a bare query part (a social security number, a phone number) is {redacted} too', () => {
  // Before: `/lookup?123-45-6789` stored, counted and exported the number as the endpoint's parameter.
  expect(queryParamNames('123-45-6789&%2B15551234567&%2B44%2020%207946%200958')).toEqual(['{redacted}']);
  // Dates, versions, addresses and short number pairs are no personal data; neither is a name after its first letter.
  expect(queryParamNames('2024-01-01&1.2.3&192.168.1.1&1234-5678&+sort&v2-123-45-6789')).toEqual(['2024-01-01', '1.2.3', '192.168.1.1', '1234-5678', ' sort', 'v2-123-45-6789']);
});

test('personal data that starts with a letter (an IBAN, a UK National Insurance number, a Spanish NIE) is {redacted} too', () => {
  // Before: `/pay?DE89370400440532013000` stored, counted and exported the account number as a parameter's name.
  expect(queryParamNames('DE89370400440532013000&NO9386011117947&GB82WEST12345698765432&AB123456C&X1234567L')).toEqual(['{redacted}']);
  // Names with a number in them, a build's date or a JSONP callback's digits, are no such data.
  expect(queryParamNames('v20240101&item123456&build20240101123456&DE89370400440532013001&utm_campaign2024')).toEqual([
    'v20240101', 'item123456', 'build20240101123456', 'DE89370400440532013001', 'utm_campaign2024',
  ]);
});
