import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { gzipChunks, type GzipDamage } from './file-chunks';

async function inflate(path: string, size: number) {
  const damage: GzipDamage[] = [];
  const parts: Buffer[] = [];
  for await (const c of gzipChunks(path, size, (d) => damage.push(d))) parts.push(Buffer.from(c));
  return { text: Buffer.concat(parts).toString(), damage };
}

test('a broken member costs its own lines; the members after it are still read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-gz-'));
  const one = gzipSync('line 1\nline 2\n');
  const two = gzipSync('line 3\nline 4\n'.repeat(50));
  const three = gzipSync('line 5\n');
  const broken = Buffer.from(two);
  broken.fill(0x55, 12, broken.length - 8); // keep the header, ruin the deflate data
  const file = join(dir, 'access.log.2.gz');
  const bytes = Buffer.concat([one, broken, three]);
  writeFileSync(file, bytes);
  const { text, damage } = await inflate(file, bytes.length);
  expect(text.startsWith('line 1\nline 2\n')).toBe(true);
  expect(text.endsWith('line 5\n')).toBe(true);
  expect(text).not.toContain('line 3');
  expect(damage.length).toBeGreaterThanOrEqual(1);
});

test('a truncated gzip file yields what was complete and one damage report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-gz-'));
  const whole = gzipSync(Array.from({ length: 2000 }, (_, i) => `entry ${i}`).join('\n') + '\n');
  const file = join(dir, 'cut.gz');
  const cut = whole.subarray(0, Math.floor(whole.length / 2));
  writeFileSync(file, cut);
  const { text, damage } = await inflate(file, cut.length);
  expect(text.startsWith('entry 0\nentry 1\n')).toBe(true);
  expect(text.length).toBeGreaterThan(100);
  expect(damage).toHaveLength(1);
  expect(damage[0].message).toMatch(/unexpected end of file/);
});

test('bytes after a member that are not gzip (trailing garbage) cost none of its lines, and the next member is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-gz-'));
  const file = join(dir, 'garbage.log.gz');
  const line = (p: string) => `127.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET ${p} HTTP/1.1" 200 1 "-" "curl/8.0"\n`;
  // `gzip -n` of lines /ma1, /ma2, /ma3: its last bytes decode lines 2 and 3 (back-references), in the
  // same write as the garbage that follows (zlib's own encoding of them happens not to end so).
  const member = Buffer.from(
    '1f8b0800000000000003333432d733004243055d208c3634d0f74f2ed137323032b63234b63235b5323653d036008258052577d71005fddc4443058f9090007d433d432505230303054305255d2505a5e4d2a21c7d0b3d03252e43d2cd34a28199c684cc040025ae6cecfc000000',
    'hex',
  );
  const bytes = Buffer.concat([member, Buffer.from('garbagegarbage'), gzipSync(line('/mb1'))]);
  writeFileSync(file, bytes);
  const { text, damage } = await inflate(file, bytes.length);
  expect(text).toBe(line('/ma1') + line('/ma2') + line('/ma3') + line('/mb1'));
  expect(damage).toHaveLength(1);
  expect(damage[0].message).toBe('incorrect header check');
});
