import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createCombinedLineGenerator } from '../../test/gen/logs/nginx-combined';
import { SHARED_FIXTURES } from '../../test/require';
import { createCombinedFormat } from './combined';
import { createCombinedBytes } from './combined-bytes';
import { extractLogs } from './extract-logs';
import type { JsonByteOutput } from './json-bytes';
import { TEST_KEY } from './test-helpers';

const FIXTURES = join(SHARED_FIXTURES, 'logs');
const combined = createCombinedFormat(TEST_KEY);

/** What the general path writes for a line: the record, stringified. */
function generalJson(line: string, lineNo: number): string | undefined {
  let json: string | undefined;
  combined.parse(line, { file: 'logs/access.log', line: lineNo }, (ex) => (json = JSON.stringify(ex)));
  return json;
}

/** An output that keeps what is flushed; small, so that records cross flushes. */
function collectingOutput() {
  const flushed: Buffer[] = [];
  const bytes: JsonByteOutput = {
    buf: Buffer.alloc(16 * 1024),
    pos: 0,
    makeRoom(size) {
      flushed.push(Buffer.from(bytes.buf.subarray(0, bytes.pos)));
      bytes.pos = 0;
      if (bytes.buf.length < size) bytes.buf = Buffer.alloc(size);
    },
  };
  const writeText = (json: string) => {
    const line = Buffer.from(`${json}\n`);
    if (bytes.buf.length - bytes.pos < line.length) bytes.makeRoom(line.length);
    bytes.buf.set(line, bytes.pos);
    bytes.pos += line.length;
  };
  return { bytes, writeText, text: () => (bytes.makeRoom(0), Buffer.concat(flushed).toString('utf8')) };
}

/** The byte lane on one line: its JSON (no newline), or undefined when it declines. */
function laneJson(line: string, lineNo: number, ending = '\n'): string | undefined {
  const out = collectingOutput();
  const lane = createCombinedBytes('logs/access.log', out.bytes);
  // Bytes before the line: the lane must read from `start`, not from 0.
  const buf = Buffer.from(`xx\n${line}${ending}`, 'utf8');
  const nl = lane(buf, 3, lineNo);
  if (nl === -1) {
    expect(out.bytes.pos).toBe(0);
    return undefined;
  }
  expect(nl).toBe(buf.length - 1);
  return out.text().slice(0, -1);
}

test('the byte lane writes exactly what the general path writes, on generated lines', () => {
  const line = createCombinedLineGenerator(5);
  let taken = 0;
  for (let i = 0; i < 5000; i++) {
    const text = line(i);
    const fast = laneJson(text, i + 1);
    if (fast === undefined) continue;
    taken++;
    expect(fast).toBe(generalJson(text, i + 1));
    expect(JSON.parse(fast)).toEqual(JSON.parse(generalJson(text, i + 1)!));
  }
  // IPv6 clients (1 in 20) included: every generated line takes the lane.
  expect(taken).toBe(5000);
});

test('byte lane equals the general path on mutated lines (or declines them)', () => {
  const seeds = [
    '203.0.113.9 - - [10/Oct/2023:13:55:36 -0700] "GET /a/b?x=1&y=2&x=3&&=4&z HTTP/1.1" 200 0512 "-" "curl/8"',
    '10.0.0.1 - bob [01/Jan/2024:00:00:00 +0000] "DELETE /v1/items/9 HTTP/1.1" 204 - "https://r.example/" "-"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p?Api_Key=1&%20a=2 HTTP/1.1" 200 0 "" ""',
    '10.0.0.1 - - [29/Feb/2024:23:59:59 +0100] "PATCH /x?sig=1 HTTP/1.1" 500 12 "a" b" "Mozilla/5.0 (X11)"',
    '2001:DB8::a:1 - - [01/Jan/2024:00:00:00 +0000] "GET /v1?b&a= HTTP/1.1" 200 5 "-" "okhttp/4"',
    '1.2.3.4:: - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "-"',
  ];
  const mutation = fc.tuple(fc.constantFrom(...seeds), fc.nat(140), fc.string({ maxLength: 6, unit: 'binary' }), fc.boolean());
  fc.assert(
    fc.property(mutation, fc.constantFrom('\n', '\r\n'), ([seed, at, text, insert], ending) => {
      const i = Math.min(at, seed.length);
      const line = insert ? seed.slice(0, i) + text + seed.slice(i) : seed.slice(0, i) + text + seed.slice(i + text.length);
      if (line.includes('\n')) return;
      const fast = laneJson(line, 7, ending);
      if (fast !== undefined) expect(fast).toBe(generalJson(line, 7));
    }),
    { numRuns: 5000 },
  );
});

test('lines with credentials, encoded names, escapes, non-ASCII or vhost prefixes are declined', () => {
  for (const line of [
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p?API_KEY=s HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p?x-amz-security-token=s HTTP/1.1" 200 1 "-" "curl"',
    // GitLab's private_token (until 6 Dec no credential: the request counted as unauthenticated).
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /api/v4/projects?private_token=glpat-x HTTP/1.1" 200 1 "-" "curl"',
    // WooCommerce's keys and OAuth 1.0a in the query (until 6 Dec no credential either).
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /wp-json/wc/v3/orders?consumer_key=ck_1&consumer_secret=cs_2 HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /x?oauth_consumer_key=c&oauth_signature=s HTTP/1.1" 200 1 "-" "curl"',
    // A Cloud Storage signed URL (until 6 Dec the fast lane wrote it as an unauthenticated request).
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /b/o?X-Goog-Credential=sa%2F20261206&X-Goog-Signature=5eae HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p?a%20b=1 HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p\\x22 HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /caf\u00e9 HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p HTTP/1.1" 200 1 "-" "cu\trl"',
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
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p HTTP/1.1" 200 1 "-" "curl" 5ms',
    // A one-time code or an e-mail address as a bare query part: the general path records it as {redacted}.
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /verify?482913 HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /unsubscribe?jane@example.com HTTP/1.1" 200 1 "-" "curl"',
    // An IBAN or a National Insurance number as a bare query part, shorter than a token: the general path judges it.
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /pay?NO9386011117947 HTTP/1.1" 200 1 "-" "curl"',
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /lookup?AB123456C HTTP/1.1" 200 1 "-" "curl"',
    // The general path ends the referer at its first quote and then finds no agent.
    '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /x sig=1 HTTP/1.1" 500 12 "a" b" "Mozilla/5.0 (X11)"',
  ]) {
    expect(laneJson(line, 1)).toBeUndefined();
    expect(generalJson(line, 1)).toBeDefined();
  }
});

/** Runs extract on files with and without the fast lanes; returns both outputs. */
async function bothWays(files: string[]): Promise<[string, string]> {
  const general: string[] = [];
  const generalReport = await extractLogs(files, { fingerprintKey: TEST_KEY }, (ex) => general.push(`${JSON.stringify(ex)}\n`));
  const out = collectingOutput();
  const report = await extractLogs(
    files,
    { fingerprintKey: TEST_KEY, emitJson: Object.assign(out.writeText, { bytes: out.bytes }) },
    (ex) => out.writeText(JSON.stringify(ex)),
  );
  // Same counts, and malformed lines named by the same line numbers.
  expect(report).toEqual(generalReport);
  expect(report.exchanges).toBe(general.length);
  return [general.join(''), out.text()];
}

test('extract writes the same bytes with the byte lane as without, for every nginx and Apache fixture', async () => {
  const files = ['filebeat_nginx_access_test.log', 'integrations_nginx_test-access.log', 'integrations_apache_test-access-vhost.log'].map((f) => join(FIXTURES, f));
  for (const file of files) {
    const [general, fast] = await bothWays([file]);
    expect(general.length).toBeGreaterThan(0);
    expect(fast).toBe(general);
  }
});

test('extract writes the same bytes with the byte lane, in order, when lane and general lines mix across chunks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-bytes-'));
  const line = createCombinedLineGenerator(9);
  const lines: string[] = [];
  // 3 MiB: lines cross the reader's 1 MiB chunks; CRLF, blank and malformed lines in between.
  for (let i = 0; lines.length < 20_000; i++) {
    lines.push(line(i));
    if (i % 97 === 0) lines.push(`${line(i + 1)}\r`);
    if (i % 1001 === 0) lines.push('', 'not a log line');
  }
  const file = join(dir, 'access.log');
  writeFileSync(file, `${lines.join('\n')}\n${line(99_999)}`);
  const [general, fast] = await bothWays([file]);
  expect(fast).toBe(general);
  expect(general.split('\n')).toHaveLength(lines.length - 2 * 20 + 2);
});

test('every ASCII character, and non-ASCII ones, at every alignment in the path, referer and agent: same as the general path or declined', () => {
  const chars = [...Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)), '\u00e9', '\u20ac'].filter((ch) => ch !== '\n');
  let taken = 0;
  for (const ch of chars) {
    for (let at = 0; at < 8; at++) {
      const path = `/abcdefgh${'ijklmnop'.slice(0, at)}${ch}qrstuvwxyz`;
      const agent = `Mozilla/5.0 ${'abcdefgh'.slice(0, at)}${ch} (X11; Linux x86_64)`;
      const referer = `https://shop.example/${'abcdefgh'.slice(0, at)}${ch}/cart`;
      for (const line of [
        `10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET ${path} HTTP/1.1" 200 1 "-" "curl/8"`,
        `10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p HTTP/1.1" 200 1 "-" "${agent}"`,
        `10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /p HTTP/1.1" 200 1 "${referer}" "curl/8"`,
      ]) {
        const fast = laneJson(line, 3);
        if (fast === undefined) continue;
        taken++;
        expect(fast).toBe(generalJson(line, 3));
      }
    }
  }
  // Plain printable characters but `"`, `#` and `\` are taken in all three fields.
  expect(taken).toBeGreaterThan(3 * 8 * 90);
});

test('times that follow one another (the lane reuses the last one and patches seconds) come out as the general path has them', () => {
  const times = [
    '31/Dec/2023:23:59:58 +0000', '31/Dec/2023:23:59:59 +0000', '31/Dec/2023:23:59:60 +0000', '31/Dec/2023:23:59:07 +0000',
    '01/Jan/2024:00:59:59 -0130', '01/Jan/2024:00:59:09 -0130', '01/Jan/2024:00:59:59.250 +0200', '01/Jan/2024:00:59:58.250 +0200',
    '01/Jan/2024:00:59:5x +0000', '01/Jan/2024:00:59:57 +0000', '01/Jan/2024:00:59:57 +0000', '29/Feb/2023:00:00:01 +0000',
    '29/Feb/2024:00:00:01 +0000', '29/Feb/2024:00:00:02 +0000',
  ];
  const lines = times.map((t) => `10.0.0.1 - - [${t}] "GET /p HTTP/1.1" 200 1 "-" "curl/8"`);
  const out = collectingOutput();
  const lane = createCombinedBytes('logs/access.log', out.bytes);
  const buf = Buffer.from(`${lines.join('\n')}\n`);
  const expected: string[] = [];
  let pos = 0;
  lines.forEach((line, k) => {
    const nl = lane(buf, pos, k + 1);
    const general = generalJson(line, k + 1);
    if (nl === -1) out.writeText(general ?? 'declined');
    expected.push(general ?? 'declined');
    pos = buf.indexOf(10, pos) + 1;
  });
  expect(out.text()).toBe(`${expected.join('\n')}\n`);
  expect(expected.filter((e) => e === 'declined')).toHaveLength(2);
});

test('a token sent as a bare query part is recorded as {redacted}, by the byte lane and the general path alike', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-bytes-'));
  const token = 'Xk9fQ2mZ7pLr4Tb8Wc1Vy6Hn3Jd5Gs0A';
  const file = join(dir, 'access.log');
  writeFileSync(file, `10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /files/report.pdf?${token}&dl=1 HTTP/1.1" 200 1 "-" "curl"\n`);
  const [general, fast] = await bothWays([file]);
  expect(fast).toBe(general);
  expect(JSON.parse(fast).query).toEqual(['{redacted}', 'dl']);
  expect(fast).not.toContain(token);
});

test('agents with a `=` or a run of 20 characters are declined at every alignment, and real ones are taken', () => {
  const line = (ua: string) => `10.0.0.1 - - [05/Dec/2026:08:00:00 +0000] "GET /a HTTP/1.1" 200 0 "-" "${ua}"`;
  for (let pad = 0; pad < 8; pad++) {
    const lead = `app/1.0${' x'.repeat(pad)} `;
    expect(laneJson(line(`${lead}token=CANARY`), 1)).toBeUndefined();
    expect(laneJson(line(`${lead}Zx8Qp2LmN7rT4vW9yB3k`), 1)).toBeUndefined();
    expect(laneJson(line(`${lead}eyJhbGciOi.JIUzI1NiJ9x`), 1)).toBeUndefined();
    // A URL's userinfo is short enough to pass the run test: the `@` declines it, and the general path redacts it.
    expect(laneJson(line(`${lead}(+https://bot:pw1@b.example/)`), 1)).toBeUndefined();
    expect(generalJson(line(`${lead}(+https://bot:pw1@b.example/)`), 1)).toContain('(+https://{redacted}@b.example/)');
    expect(laneJson(line(`${lead}AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0`), 1)).toBe(generalJson(line(`${lead}AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0`), 1));
  }
});
