import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { SHARED_FIXTURES } from '../../test/require';
import { extractCaptures } from '../pcap/extract-captures';
import { parseHead } from './http1-head';

/**
 * zeek's http-methods capture sends every method with its request line mangled: `OPTIONS HTTP/1.1` has the version where
 * the target belongs (RFC 9112 §3: method SP request-target SP HTTP-version). Until 7 Dec that version was taken for the
 * target, an exchange for the path `HTTP/1.1`, listed as a shadow endpoint.
 */
const CAPTURE = join(SHARED_FIXTURES, 'pcap/zeek__http-methods.pcap');

test('a request line with no target is malformed, not a request for the path HTTP/1.1', async () => {
  const out: Exchange[] = [];
  const report = await extractCaptures([CAPTURE], { fingerprintKey: 'k' }, (e) => out.push(e));
  const options = out.filter((e) => e.method === 'OPTIONS').map((e) => e.path ?? '(none)');
  // `OPTIONS * HTTP/1.1` and a bare `OPTIONS` line (no target, no version: nothing made up) stay; `OPTIONS HTTP/1.1` goes.
  expect(options.sort()).toEqual(['(none)', '*']);
  expect(out.filter((e) => e.path !== undefined && !e.path.startsWith('/') && e.path !== '*')).toEqual([]);
  // Counted as the other bad heads of this capture (`OPTIONSHTTP/1.1`, `GET/ HTTP/1.1`…) are: 22 before, and its answer unpaired.
  expect(report.stats.malformed).toBe(23);
  // And said with where to look: packet 14 is the first, `OPTIONS HTTP/1.1` (tshark shows the same line there).
  expect(report.warnings).toEqual([`${CAPTURE}: 23 malformed: 23 HTTP heads that do not parse (the first at packet 14)`]);
  expect(report.stats.unpairedResponses).toBe(23);
  // `GET /HTTP/1.1` is what the capture holds: the target `/HTTP/1.1`, no version (tshark reads it so too).
  expect(out.filter((e) => e.method === 'GET').map((e) => e.path).sort()).toEqual(['/', '/', '/', '/HTTP/1.1']);
});

test('the version alone after the method, whole or partial, in either mode', () => {
  for (const line of ['OPTIONS HTTP/1.1', 'GET HTTP/1.0', 'OPTIONS  HTTP/1.', 'DELETE HTTP/2.0']) {
    expect(parseHead(`${line}\r\nHost: x`, false), line).toBeUndefined();
    expect(parseHead(`${line}\r\nHost: x`, true), line).toBeUndefined();
  }
  // A target that merely contains the version is one: `/HTTP/1.1`, and `HTTP/1.1` as a target followed by a version.
  expect(parseHead('GET /HTTP/1.1 HTTP/1.1', false)).toMatchObject({ target: '/HTTP/1.1', version: 'HTTP/1.1' });
});
