import fc from 'fast-check';
import { expect, test } from 'vitest';
import { createCombinedLineGenerator } from '../../test/gen/logs/nginx-combined';
import { createCombinedFormat } from './combined';
import { createCombinedJson } from './combined-json';
import { TEST_KEY } from './test-helpers';

const combined = createCombinedFormat(TEST_KEY);

/** What the general path writes for a line: the record, stringified. */
function generalJson(line: string, lineNo: number): string | undefined {
  let json: string | undefined;
  combined.parse(line, { file: 'logs/access.log', line: lineNo }, (ex) => (json = JSON.stringify(ex)));
  return json;
}

test('the fast lane writes exactly what the general path writes, on generated lines', () => {
  const lane = createCombinedJson('logs/access.log');
  const line = createCombinedLineGenerator(3);
  let taken = 0;
  for (let i = 0; i < 5000; i++) {
    const text = line(i);
    const fast = lane(text, i + 1);
    if (fast === undefined) continue;
    taken++;
    expect(fast).toBe(generalJson(text, i + 1));
  }
  // The generator's IPv6 clients (1 in 20) go the general way; the rest must take the lane.
  expect(taken).toBeGreaterThan(4500);
});

test('fast lane equals the general path on mutated lines (or declines them)', () => {
  const seeds = [
    '203.0.113.9 - - [10/Oct/2023:13:55:36 -0700] "GET /a/b?x=1&y=2&x=3 HTTP/1.1" 200 512 "-" "curl/8"',
    '10.0.0.1 - bob [01/Jan/2024:00:00:00 +0000] "DELETE /v1/items/9 HTTP/1.1" 204 - "https://r.example/" "-"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p?api_key=1&%20a=2 HTTP/1.1" 200 0 "" ""',
    '10.0.0.1 - - [29/Feb/2024:23:59:59 +0100] "PATCH /x sig=1 HTTP/1.1" 500 12 "a" b" "Mozilla/5.0 (X11)"',
  ];
  const lane = createCombinedJson('logs/access.log');
  const mutation = fc.tuple(fc.constantFrom(...seeds), fc.nat(120), fc.string({ maxLength: 6, unit: 'binary' }), fc.boolean());
  fc.assert(
    fc.property(mutation, ([seed, at, text, insert]) => {
      const i = Math.min(at, seed.length);
      const line = insert ? seed.slice(0, i) + text + seed.slice(i) : seed.slice(0, i) + text + seed.slice(i + text.length);
      const fast = lane(line, 7);
      if (fast !== undefined) expect(fast).toBe(generalJson(line, 7));
    }),
    { numRuns: 3000 },
  );
});

test('lines with credentials, encoded names, escapes or vhost prefixes take the general path', () => {
  const lane = createCombinedJson('f');
  for (const line of [
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p?api_key=s HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p?consumer_secret=cs_1 HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p?oauth_signature=s HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p?a%20b=1 HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p\\x22 HTTP/1.1" 200 1 "-" "curl"',
    'host.example 10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p HTTP/1.0" 200 1 "-" "curl"',
    // A remote user: the general path makes it Basic evidence.
    '10.0.0.1 - alice [01/Jan/2024:00:00:00 +0000] "GET /p HTTP/1.1" 200 1 "-" "curl"',
    // A session path parameter: the general path takes it out of the path.
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /app;jsessionid=s HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /file/b/x.bin?Authorization=4_tok HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /library/sections?X-Plex-Token=tok HTTP/1.1" 200 1 "-" "curl"',
    // A refresh or session token in the query (until 7 Dec the fast lanes wrote it as an unauthenticated request).
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "POST /oauth/token?grant_type=refresh_token&refresh_token=tok HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /me?session_token=tok HTTP/1.1" 200 1 "-" "curl"',
    // Firebase's `?auth=`: a credential or a flag by its value, which the general path judges.
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /users/ada.json?auth=q7Rm2xVb9KpL4sWd8ZtYc3NfJh6GaE1uXo HTTP/1.1" 200 1 "-" "curl"',
    // The browser SDK's Sentry key (until 6 Dec the fast lanes wrote it as an unauthenticated request).
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "POST /api/1/envelope/?sentry_key=ab12&sentry_version=7 HTTP/1.1" 200 1 "-" "curl"',
    // PHP's session id in the query (session.use_trans_sid): the general path makes it the session cookie's evidence.
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /cart.php?PHPSESSID=s HTTP/1.1" 200 1 "-" "curl"',
    // ASP.NET's cookieless session in the path: the general path takes it out too.
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /(S(lit3py55t21z5v55vlm25s55))/a.aspx HTTP/1.1" 200 1 "-" "curl"',
    // A one-time code or an e-mail address as a bare query part: the general path records it as {redacted}.
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /verify?482913 HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /unsubscribe?jane@example.com HTTP/1.1" 200 1 "-" "curl"',
    // An IBAN or a National Insurance number as a bare query part, shorter than a token: the general path judges it.
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /pay?NO9386011117947 HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /lookup?AB123456C HTTP/1.1" 200 1 "-" "curl"',
  ]) {
    expect(lane(line, 1)).toBeUndefined();
    expect(generalJson(line, 1)).toBeDefined();
  }
});

test('the fast lane does not take a line cut inside the status (the general path refuses it too)', () => {
  const lane = createCombinedJson('logs/access.log');
  for (const cut of ['12', '1']) {
    const line = `203.0.113.9 - - [10/Oct/2023:13:55:36 -0700] "GET /a/b HTTP/1.1" ${cut}`;
    expect(lane(line, 1)).toBeUndefined();
    expect(generalJson(line, 1)).toBeUndefined();
  }
});
