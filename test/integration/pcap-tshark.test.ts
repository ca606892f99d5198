import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { extractCaptures } from '../../collectors/pcap/extract-captures';
import { absoluteForm, authorityHost, exchangeSchema, queryParamNames, splitRequestTarget, type Exchange } from '../../lib/exchange';
import { conversationPcap } from '../gen/pcap/conversation';
import { http1Script } from '../gen/pcap/http1-script';
import { hasCommand, requireFor, SHARED_FIXTURES } from '../require';

/**
 * The acceptance test: for every shared capture, the multiset of (method, host, path, query names) that
 * `extract` emits equals what tshark's HTTP dissector reports. h2c captures are compared with tshark's
 * HTTP/2 dissector (tshark only decodes h2c on a port it is told about, with `-d tcp.port==N,http2`).
 * tshark's URI is split the way the exchange record stores it (path + query parameter names).
 */
const PCAP_DIR = join(SHARED_FIXTURES, 'pcap');
const captures = readdirSync(PCAP_DIR).filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f)).sort();
const haveTshark = requireFor('tshark equality tests', hasCommand('tshark'), 'install tshark (Debian package tshark)');

function tsharkFields(file: string, args: string[]): string[][] {
  const out = execFileSync('tshark', ['-r', file, ...args, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=\u0001'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 << 20,
  });
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

function key(method: string, host: string | undefined, uri: string): string {
  const { path, rawQuery } = splitRequestTarget(uri);
  return [method, (host ?? '').toLowerCase(), path, queryParamNames(rawQuery).join('&')].join(' | ');
}

/**
 * tshark's URI is the target as sent: a proxy's absolute URL, or a CONNECT's authority, where the record keeps the
 * URL's path and host, and no path for a CONNECT.
 */
function tsharkKey(method: string, host: string | undefined, uri: string): string {
  const absolute = absoluteForm(uri);
  if (absolute) return key(method, authorityHost(absolute.authority, absolute.scheme) ?? host, absolute.rest);
  if (method === 'CONNECT' && uri.length > 0 && !uri.startsWith('/')) return key(method, authorityHost(uri) ?? host, '');
  return key(method, host, uri);
}

function tsharkRequests(file: string, h2cPorts: number[]): string[] {
  const keys: string[] = [];
  // Several requests can share one packet (pipelining, HEADERS frames): tshark aggregates their fields with the separator.
  const add = ([m, h, u]: string[]) => {
    const hosts = (h ?? '').split('\u0001');
    const uris = (u ?? '').split('\u0001');
    m.split('\u0001').forEach((method, i) => {
      // `OPTIONS HTTP/1.1` (zeek__http-methods.pcap): tshark takes the version for the URI; no request-target starts with
      // `HTTP/` (RFC 9112 §3.2), so extract counts the line malformed and reports no request (http1-head.ts startLine).
      if (!(uris[i] ?? '').startsWith('HTTP/')) keys.push(tsharkKey(method, hosts[i] || undefined, uris[i] ?? ''));
    });
  };
  tsharkFields(file, ['-Y', 'http.request', '-e', 'http.request.method', '-e', 'http.host', '-e', 'http.request.uri']).forEach(add);
  for (const port of h2cPorts) {
    tsharkFields(file, ['-d', `tcp.port==${port},http2`, '-Y', 'http2.headers.method', '-e', 'http2.headers.method', '-e', 'http2.headers.authority', '-e', 'http2.headers.path']).forEach(add);
  }
  return keys.sort();
}

async function lanternExchanges(file: string): Promise<Exchange[]> {
  const out: Exchange[] = [];
  const report = await extractCaptures([file], { fingerprintKey: 'test-key' }, (ex) => out.push(ex));
  expect(report.errors).toEqual([]);
  return out;
}

describe.skipIf(!haveTshark)('extract agrees with tshark on every shared capture', () => {
  test.each(captures)('%s', async (name) => {
    const file = join(PCAP_DIR, name);
    const exchanges = await lanternExchanges(file);
    for (const ex of exchanges) expect(exchangeSchema.safeParse(ex).error).toBeUndefined();
    const http = exchanges.filter((e) => e.transport !== 'tls');
    const h2cPorts = [...new Set(http.filter((e) => e.transport === 'h2c').map((e) => Number(e.dst!.split(':').pop())))];
    const ours = http.map((e) => key(e.method!, e.host, `${e.path ?? ''}${e.query ? `?${e.query.join('&')}` : ''}`)).sort();
    const theirs = tsharkRequests(file, h2cPorts);
    expect(theirs.length).toBeGreaterThan(name.includes('tls') ? -1 : 0);
    expect(ours).toEqual(theirs);
  });
});

describe.skipIf(!haveTshark)('extract agrees with tshark on random HTTP/1 conversations', () => {
  // Framing both ways, 100-continue, bodiless responses, pipelining, HTTP/1.0, cut at a random MSS: every request
  // found, and the same ones tshark finds (1 000 such conversations agreed in a campaign before this was kept small).
  test('property', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-tshark-'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(http1Script, fc.integer({ min: 200, max: 1460 }), async (script, mss) => {
        const file = join(dir, `${n++}.pcap`);
        writeFileSync(file, conversationPcap(script.turns, { mss }));
        const exchanges = await lanternExchanges(file);
        const ours = exchanges.map((e) => key(e.method!, e.host, `${e.path ?? ''}${e.query ? `?${e.query.join('&')}` : ''}`)).sort();
        expect(ours).toHaveLength(script.requests);
        expect(ours).toEqual(tsharkRequests(file, []));
      }),
      { numRuns: 25, seed: 41 },
    );
  }, 60_000);

  test('with one segment dropped: every request tshark still finds, and none that was not sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-tshark-gap-'));
    let n = 0;
    const keys = (exchanges: Exchange[]) => exchanges.map((e) => key(e.method!, e.host, `${e.path ?? ''}${e.query ? `?${e.query.join('&')}` : ''}`));
    await fc.assert(
      fc.asyncProperty(http1Script, fc.integer({ min: 200, max: 1460 }), fc.nat(30), async (script, mss, dropped) => {
        const whole = join(dir, `${n}.pcap`);
        const cut = join(dir, `${n++}-gap.pcap`);
        writeFileSync(whole, conversationPcap(script.turns, { mss }));
        writeFileSync(cut, conversationPcap(script.turns, { mss, drop: new Set([dropped]) }));
        const sent = keys(await lanternExchanges(whole));
        const ours = keys(await lanternExchanges(cut));
        // Multisets: each found request is matched with a distinct sent (or tshark) one.
        const within = (part: string[], all: string[]) => {
          const left = [...all];
          return part.every((k) => left.includes(k) && left.splice(left.indexOf(k), 1).length === 1);
        };
        expect(within(ours, sent), `ours ${ours.join(', ')} / sent ${sent.join(', ')}`).toBe(true);
        const theirs = tsharkRequests(cut, []);
        expect(within(theirs, ours), `tshark ${theirs.join(', ')} / ours ${ours.join(', ')}`).toBe(true);
      }),
      { numRuns: 20, seed: 43 },
    );
  }, 60_000);
});
