import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { kill, outputLines, startFollower, waitFor } from './follow-process';

const root = mkdtempSync(join(tmpdir(), 'lantern-pcap-follow-warnings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FIXTURE = join(__dirname, '../../../shared/fixtures/pcap/zeek__http-methods.pcap');

/** Counts how often `text` is in `haystack`. */
const times = (haystack: string, text: string) => haystack.split(text).length - 1;

/**
 * A capture follower runs for days: a truncated capture, a damaged stretch and a file that is no capture are said on
 * stderr when they are read (until 6 Dec only in the summary at the stop), once each, and counted in the summary.
 */
test('a followed capture directory says each warning while running, once, and counts them at the stop', { timeout: 120_000 }, async () => {
  const dir = join(root, 'tcpdump');
  mkdirSync(dir);
  const fixture = readFileSync(FIXTURE);
  // tcpdump -C: trace0 and trace1 are closed (a later file exists), trace2 is the open one.
  writeFileSync(join(dir, 'trace0.pcap'), fixture.subarray(0, 3000)); // cut inside packet 16
  const holed = Buffer.from(fixture);
  const starts: number[] = [];
  for (let at = 24; at + 16 <= holed.length; at += 16 + holed.readUInt32LE(at + 8)) starts.push(at);
  const hole = starts[Math.floor(starts.length * 0.4)];
  holed.fill(0, hole + 5, hole + 65); // a zero-filled hole from inside a record header
  writeFileSync(join(dir, 'trace1.pcap'), holed);
  copyFileSync(FIXTURE, join(dir, 'trace2.pcap'));
  const past = Date.now() / 1000 - 600;
  ['trace0.pcap', 'trace1.pcap', 'trace2.pcap'].forEach((name, i) => utimesSync(join(dir, name), past + i, past + i));
  writeFileSync(join(dir, 'README.txt'), 'tcpdump -C 100 -w trace.pcap\n');
  const out = join(root, 'out.jsonl');
  const child = startFollower(root, out, [dir]);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));

  const said = [
    `warning: ${dir}: 1 file is not a capture and was skipped (README.txt)`,
    `warning: ${join(dir, 'trace0.pcap')}: packet 16: file ends inside the record; 1 exchanges before it were kept`,
    `warning: ${join(dir, 'trace1.pcap')}: packet 264: record header is all zeros; 66 damaged bytes skipped, reading went on at the next intact record`,
    // trace1 is another capture (it starts before trace0 ends), so trace0's connections are closed as it begins and their
    // bad heads counted with it, the first (`OPTIONS HTTP/1.1`) named where it is.
    `warning: ${join(dir, 'trace1.pcap')}: 24 malformed: 24 HTTP heads that do not parse (the first at packet 14 of ${join(dir, 'trace0.pcap')})`,
  ];
  await waitFor('the warnings while running', () => said.every((w) => stderr.includes(w)));
  writeFileSync(join(dir, 'NOTES.txt'), 'Rotated by tcpdump; do not edit.\n');
  const notes = `warning: ${dir}: 1 file is not a capture and was skipped (NOTES.txt)`;
  await waitFor('the warning about a file that came later', () => stderr.includes(notes));
  expect(stderr).not.toContain('lantern: exchanges'); // the summary is not there yet: the warnings came live
  expect(outputLines(out).length).toBe(27); // as `extract` of trace0 and trace1 gives

  const ended = new Promise((resolve) => child.stderr!.once('end', resolve));
  const { code } = await kill(child, 'SIGTERM');
  await ended; // the summary, read by the listener above
  expect(code).toBe(0);
  for (const w of [...said, notes]) expect(times(stderr, w)).toBe(1);
  expect(stderr).toMatch(/^lantern: exchanges 27, files 2, packets 670, .*, warnings 5, elapsed /m);
});
