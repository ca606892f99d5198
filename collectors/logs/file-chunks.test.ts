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
