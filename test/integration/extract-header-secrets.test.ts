import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { conversationPcap } from '../gen/pcap/conversation';
import { runExtract } from './logs-cli';

/**
 * `lantern extract` as a user runs it: a canary a client put in its User-Agent must not reach stdout, from a
 * capture or from an nginx log (whose byte-level and string fast paths copy the agent as it is), while the
 * product tokens stay.
 */
const dir = mkdtempSync(join(tmpdir(), 'lantern-ua-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJDQU5BUlkifQ.Q0FOQVJZLXVhLWp3dC1zaWduYXR1cmU';
const AGENTS = [
  'MyApp/1.2 (iPhone; token=CANARY-ua-1)',
  `sdk-js/3.0 ${JWT}`,
  'cli/2.0 (key sk_live_CANARY4eC39HqLyjWDarjtT1z)',
];
const EXPECTED = ['MyApp/1.2 (iPhone; token={redacted})', 'sdk-js/3.0 {redacted}', 'cli/2.0 (key {redacted})', 'curl/8.5.0'];

test('credential-shaped parts of a User-Agent are redacted in extract output: pcap and nginx log', () => {
  const pcap = join(dir, 'ua.pcap');
  writeFileSync(pcap, conversationPcap([...AGENTS, 'curl/8.5.0'].flatMap((ua) => [
    { from: 'client' as const, data: `GET /a HTTP/1.1\r\nHost: api.test\r\nUser-Agent: ${ua}\r\n\r\n` },
    { from: 'server' as const, data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
  ])));
  const log = join(dir, 'access.log');
  writeFileSync(log, [...AGENTS, 'curl/8.5.0'].map((ua) => `10.0.0.1 - - [05/Dec/2026:08:00:00 +0000] "GET /a HTTP/1.1" 200 0 "-" "${ua}"\n`).join(''));
  for (const file of [pcap, log]) {
    const r = runExtract([file]);
    expect(r.status).toBe(0);
    expect(r.records.map((e) => e.userAgent)).toEqual(EXPECTED);
    expect(JSON.stringify(r.records)).not.toMatch(/CANARY|eyJzdWIi/);
  }
});
