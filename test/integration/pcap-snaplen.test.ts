import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { extractCaptures } from '../../collectors/pcap/extract-captures';
import { exchangeSchema, type Exchange } from '../../lib/exchange';
import { conversationPcap } from '../gen/pcap/conversation';
import { http1Script } from '../gen/pcap/http1-script';
import { withSnaplen } from '../gen/pcap/snaplen';
import { apiCaptureBuffer } from '../gen/pcap/write-capture';
import { hasCommand, requireFor, SHARED_FIXTURES } from '../require';

/**
 * Header-only captures: `tcpdump -s 200`, or a mirror session's packet length, keep each packet's first bytes.
 * Every HTTP head is cut, and the records come from what was captured (Http1Stream.salvageHead). Held to the
 * same capture taken whole (nothing invented, nothing different) and to tshark on the cut file.
 */
const DIR = mkdtempSync(join(tmpdir(), 'lantern-snaplen-'));
const PCAP_DIR = join(SHARED_FIXTURES, 'pcap');
const haveTools = requireFor('snaplen tests against tshark', hasCommand('tshark') && hasCommand('editcap'), 'install tshark (Debian package tshark, with editcap)');

async function extract(file: string): Promise<Exchange[]> {
  const out: Exchange[] = [];
  const report = await extractCaptures([file], { fingerprintKey: 'k' }, (e) => out.push(e));
  expect(report.errors).toEqual([]);
  for (const e of out) expect(exchangeSchema.safeParse(e).error).toBeUndefined();
  return out;
}

/** Each record from the cut capture says what the whole capture says, where it says anything. */
function expectSubsetOfWhole(cut: Exchange[], whole: Exchange[]): void {
  const byPacket = new Map<number, Exchange[]>();
  for (const e of whole) byPacket.set(e.source!.packet!, [...(byPacket.get(e.source!.packet!) ?? []), e]);
  for (const e of cut) {
    const same = (byPacket.get(e.source!.packet!) ?? []).find((w) => w.method === e.method && w.path === e.path);
    expect(same, `${e.source!.packet} ${e.method} ${e.path}`).toBeDefined();
    for (const k of ['host', 'status', 'transport', 'userAgent', 'requestContentType', 'responseContentType'] as const) {
      if (e[k] !== undefined) expect(e[k], `${e.source!.packet} ${k}`).toEqual(same![k]);
    }
    for (const name of e.query ?? []) expect(same!.query).toContain(name);
    if (e.auth !== undefined) expect(e.auth).toEqual(same!.auth);
  }
}

test('generated keep-alive API traffic cut at 200 bytes a packet: every request, with its status', async () => {
  const { capture, exchanges } = apiCaptureBuffer({ seed: 7, targetBytes: 3e6 });
  const wholeFile = join(DIR, 'whole.pcap');
  const cutFile = join(DIR, 'cut.pcap');
  writeFileSync(wholeFile, capture);
  writeFileSync(cutFile, withSnaplen(capture, 200));
  const [whole, cut] = [await extract(wholeFile), await extract(cutFile)];
  expect(whole).toHaveLength(exchanges);
  expect(cut).toHaveLength(exchanges);
  expectSubsetOfWhole(cut, whole);
  // Statuses too: only where the whole capture has none (the generator's reordering loses a response head).
  expect(cut.filter((e) => e.status === undefined).map((e) => e.source!.packet)).toEqual(whole.filter((e) => e.status === undefined).map((e) => e.source!.packet));
  // Bodies were not captured: no sizes are claimed for responses.
  expect(cut.filter((e) => e.responseBytes !== undefined && e.responseBytes !== whole.find((w) => w.source!.packet === e.source!.packet)?.responseBytes)).toEqual([]);
});

describe.skipIf(!haveTools)('shared captures cut to 200 bytes a packet (editcap -s 200)', () => {
  const captures = readdirSync(PCAP_DIR).filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f)).sort();
  test.each(captures)('%s: nothing the whole capture does not say; every request tshark sees whole', async (name) => {
    const whole = join(PCAP_DIR, name);
    const cut = join(DIR, name.replace(/\.gz$/, ''));
    execFileSync('editcap', ['-s', '200', whole, cut]);
    const ours = await extract(cut);
    expectSubsetOfWhole(ours, await extract(whole));
    // tshark's requests whose request line was captured to its version; a line cut before it is reported
    // only when its path is whole and a message was known to start there (parseCutRequestLine).
    const complete = execFileSync('tshark', ['-r', cut, '-Y', 'http.request.version matches "^HTTP/1\\\\.[01]$"', '-T', 'fields', '-e', 'frame.number', '-e', 'http.request.method'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
    for (const [frame, method] of complete) {
      const found = ours.filter((e) => e.source!.packet === Number(frame)).map((e) => e.method);
      for (const m of method.split(',')) expect(found, `frame ${frame}`).toContain(m);
    }
  });
});

describe.skipIf(!haveTools)('a TLS capture cut to 300 bytes a packet', () => {
  test('the ClientHello still names the server (its SNI was within the captured bytes)', async () => {
    const cut = join(DIR, 'tls-300.pcap');
    execFileSync('editcap', ['-s', '300', join(PCAP_DIR, 'zeek__openjdk-25.0.2-zeek.org_sll2_tls.pcap'), cut]);
    const out = await extract(cut);
    expect(out.map((e) => [e.transport, e.host, e.tls])).toEqual([['tls', 'zeek.org', { sni: 'zeek.org', alpn: ['h2', 'http/1.1'] }]]);
  });
});

/**
 * Random HTTP/1 conversations (framing both ways, chunk extensions, 100-continue, bodiless responses, pipelining,
 * HTTP/1.0), random segment sizes, random snapshot lengths: whatever is reported was sent, and with the whole
 * capture's status. Statuses are held to that only for clients that wait for each response: a pipelining client
 * whose request was lost in a hole leaves responses that cannot be told apart, and Lantern pairs them in order
 * (see the collectors/pcap README). Campaign: 3 000 runs, 2026-12-04.
 */
test('property: cut at any snapshot length, nothing is reported that was not sent, nor with another status', async () => {
  const keyOf = (e: Exchange) => `${e.method} ${e.host ?? ''} ${e.path} ${(e.query ?? []).join('&')}`;
  await fc.assert(
    fc.asyncProperty(http1Script, fc.integer({ min: 200, max: 1460 }), fc.integer({ min: 60, max: 600 }), async (script, mss, snaplen) => {
      const whole = conversationPcap(script.turns, { mss });
      const wholeFile = join(DIR, 'p-whole.pcap');
      const cutFile = join(DIR, 'p-cut.pcap');
      writeFileSync(wholeFile, whole);
      writeFileSync(cutFile, withSnaplen(whole, snaplen));
      const sent = await extract(wholeFile);
      const ours = await extract(cutFile);
      const left = [...sent];
      for (const e of ours) {
        // Cut records may lack the host, the status and the query names after the cut: each must match a distinct
        // sent request (pipelined twins share a packet) on what it has.
        const i = left.findIndex((s) => s.method === e.method && s.path === e.path && s.source!.packet === e.source!.packet && (e.status === undefined || script.pipelined || e.status === s.status) && (e.host === undefined || e.host === s.host));
        expect(i, `${keyOf(e)} ${e.status} (snaplen ${snaplen}) among ${left.map((s) => `${keyOf(s)} ${s.status}`).join(', ')}`).not.toBe(-1);
        left.splice(i, 1);
      }
    }),
    { numRuns: 40, seed: 47 },
  );
}, 60_000);
