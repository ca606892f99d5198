import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { apiCaptureBuffer } from '../../test/gen/pcap/write-capture';
import { SHARED_FIXTURES } from '../../test/require';
import { CaptureEngine } from '../pcap/capture-engine';
import { readCapture } from '../pcap/read-capture';
import { HTTP1_HEADERS } from './http-connection';
import { headerSelection, parseHead, parseHeadReference, type Header } from './http1-head';

/**
 * HTTP/1 heads are parsed keeping only the headers the collector reads (HTTP1_HEADERS): held to the full
 * parse filtered afterwards, and every record extracted with the selection to the one extracted from all
 * headers (a header read somewhere but missing from the selection changes records here).
 */
const dir = mkdtempSync(join(tmpdir(), 'lantern-headers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function records(file: string): Promise<string[]> {
  const out: string[] = [];
  const engine = new CaptureEngine(file, { fingerprintKey: 'k' }, (ex) => out.push(JSON.stringify(ex)));
  await readCapture(file, engine);
  engine.finish();
  return out;
}

async function withAndWithoutSelection(file: string): Promise<{ selected: string[]; all: string[] }> {
  const select = HTTP1_HEADERS.select;
  const selected = await records(file);
  HTTP1_HEADERS.select = undefined;
  try {
    return { selected, all: await records(file) };
  } finally {
    HTTP1_HEADERS.select = select;
  }
}

test('records from selected headers equal records from all headers, on every shared capture', async () => {
  const files = readdirSync(join(SHARED_FIXTURES, 'pcap')).filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f));
  let n = 0;
  for (const f of files) {
    const { selected, all } = await withAndWithoutSelection(join(SHARED_FIXTURES, 'pcap', f));
    expect([f, selected]).toEqual([f, all]);
    n += all.length;
  }
  expect(n).toBe(143);
});

test('records from selected headers equal records from all headers, on generated API traffic', async () => {
  const file = join(dir, 'api.pcap');
  const { capture, exchanges } = apiCaptureBuffer({ seed: 7, exchanges: 3000, retransmitRate: 0.01, reorderRate: 0.01 });
  writeFileSync(file, capture);
  const { selected, all } = await withAndWithoutSelection(file);
  expect(all.length).toBe(exchanges);
  expect(selected).toEqual(all);
  // What the selection must carry through: content types, auth, deprecation and sunset, sensitive tags.
  for (const field of ['"requestContentType"', '"responseContentType"', '"bearer-jwt"', '"api-key:x-api-key"', '"deprecation"', '"sunset"', '"sensitive"'])
    expect([field, all.filter((r) => r.includes(field)).length > 0]).toEqual([field, true]);
});

const NAMES = ['Host', 'Content-Type', 'content-length', 'X-Api-Key', 'Authorization', 'Proxy-Authorization', 'Cookie', 'Accept', 'Date', 'X-Auth-Token', 'X-Thing', 'Sunset', 'Expect', 'Deprecation', 'ÄPI-KEY', 'Transfer-Encoding', 'Upgrade', 'Server'];

test('a selected parse is the full parse filtered: order, duplicates, obs-fold, odd names and the header cap', () => {
  const select = { request: headerSelection(['host', 'content-type', 'content-length', 'expect'], /key|token/), response: headerSelection(['content-type', 'sunset', 'transfer-encoding']) };
  const keeps = (names: string[], pattern?: RegExp) => (h: Header) => names.includes(h[0]) || (pattern?.test(h[0]) ?? false);
  const line = fc.oneof(
    fc.tuple(fc.constantFrom(...NAMES), fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), fc.constantFrom(':', ' :', ': ', ':\t'), fc.string({ maxLength: 6 })).map(([name, flips, sep, value]) => `${[...name].map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join('')}${sep}${value}`),
    fc.constantFrom(' folded', '\tmore', 'no colon', '', ':empty name'),
  );
  fc.assert(
    fc.property(fc.constantFrom('GET /a HTTP/1.1', 'HTTP/1.1 200 OK', 'HTTP/1.0 404', 'get /a HTTP/1.1', 'OPTIONS'), fc.array(line, { maxLength: 12 }), fc.constantFrom(0, 0, 250), fc.boolean(), (start, lines, pad, strict) => {
      const padding = Array.from({ length: pad }, (_, i) => (i % 3 === 0 ? 'Accept: x' : i % 3 === 1 ? 'Content-Type: t' : 'X-Pad: p'));
      const text = [start, ...padding, ...lines].join(pad % 2 === 0 ? '\r\n' : '\n');
      const full = parseHeadReference(text, strict);
      const selected = parseHead(text, strict, select);
      if (full === undefined) {
        expect(selected).toBeUndefined();
        return;
      }
      const keep = full.kind === 'request' ? keeps(['host', 'content-type', 'content-length', 'expect'], /key|token/) : keeps(['content-type', 'sunset', 'transfer-encoding']);
      expect(selected).toEqual({ ...full, headers: full.headers.filter(keep) });
    }),
    { numRuns: 5000, seed: 21 },
  );
  expect(() => headerSelection(['x-not-common'])).toThrow();
});
