import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { SHARED_FIXTURES } from '../require';
import { runExtract } from './logs-cli';

/**
 * Kubernetes nodes keep container logs in the CRI format (containerd, CRI-O): every shared log read through
 * that envelope, its lines split into parts as the runtime splits long ones and the proxy's own stderr lines
 * between them, gives the records the plain file gives.
 */
const LOGS = join(SHARED_FIXTURES, 'logs');
const lineLogs = readdirSync(LOGS).filter((f) => f.endsWith('.log'));
const dir = mkdtempSync(join(tmpdir(), 'lantern-cri-'));

const stamp = (n: number) => `2024-10-10T13:55:${String(n % 60).padStart(2, '0')}.${String(n).padStart(9, '0')}Z`;

/** The file as containerd writes it; `lineOf` maps each source line to the CRI line of its first part. */
function wrap(text: string): { cri: string; lineOf: Map<number, number> } {
  const out: string[] = [];
  const lineOf = new Map<number, number>();
  text.split('\n').forEach((line, i) => {
    if (i === text.split('\n').length - 1 && line === '') return;
    lineOf.set(i + 1, out.length + 1);
    // Thirds as parts, with a stderr line (itself in two parts) between the first two: streams are joined apart.
    const a = Math.floor(line.length / 3);
    const b = Math.floor((2 * line.length) / 3);
    out.push(`${stamp(i)} stdout P ${line.slice(0, a)}`);
    if (i % 2 === 0) out.push(`${stamp(i)} stderr P 2024/10/10 13:55:38 [error] 7#7: *1 open() "/usr/share/nginx`, `${stamp(i)} stderr F /html/x" failed`);
    out.push(`${stamp(i)} stdout P ${line.slice(a, b)}`, `${stamp(i)} stdout F ${line.slice(b)}`);
  });
  return { cri: `${out.join('\n')}\n`, lineOf };
}

const withoutSource = (records: Exchange[]) => records.map(({ source: _s, ...r }) => r);

describe.each(lineLogs)('%s inside the CRI envelope', (name) => {
  const plain = runExtract([join(LOGS, name)]);
  const { cri, lineOf } = wrap(readFileSync(join(LOGS, name), 'utf8'));
  const path = join(dir, name);
  writeFileSync(path, cri);
  const wrapped = runExtract([path]);

  test('the same records, each naming the line where its first part is', () => {
    expect(plain.status).toBe(0);
    expect(plain.records.length).toBeGreaterThan(0);
    expect(wrapped.status).toBe(0);
    expect(withoutSource(wrapped.records)).toEqual(withoutSource(plain.records));
    expect(wrapped.records.map((r) => r.source)).toEqual(plain.records.map((r) => ({ file: path, line: lineOf.get(r.source!.line!) })));
  });

  test('the stderr lines are skipped, not malformed', () => {
    const malformed = /malformed (\d+)/.exec(plain.stderr)![1];
    expect(wrapped.stderr).toMatch(new RegExp(`exchanges ${plain.records.length}, files 1, lines \\d+, malformed ${malformed}`));
    expect(wrapped.stderr).not.toContain('error] 7#7');
  });
});

test('--format reads inside the envelope too', () => {
  const envoy = lineLogs.find((f) => f.includes('envoy'))!;
  const plain = runExtract(['--format', 'envoy', join(LOGS, envoy)]);
  const path = join(dir, `forced-${envoy}`);
  writeFileSync(path, wrap(readFileSync(join(LOGS, envoy), 'utf8')).cri);
  const wrapped = runExtract(['--format', 'envoy', path]);
  expect(plain.records.length).toBeGreaterThan(0);
  expect(withoutSource(wrapped.records)).toEqual(withoutSource(plain.records));
});

test('a line left in parts at the end of a file is counted malformed and named, not dropped unsaid', () => {
  const line = readFileSync(join(LOGS, lineLogs.find((f) => f.includes('nginx'))!), 'utf8').split('\n')[0];
  const path = join(dir, 'cut-in-parts.log');
  writeFileSync(path, `${stamp(1)} stdout F ${line}\n${stamp(2)} stdout P ${line.slice(0, 20)}\n${stamp(2)} stdout P ${line.slice(20, 40)}\n`);
  const { records, stderr, status } = runExtract([path]);
  expect(status).toBe(0);
  expect(records.map((r) => r.source)).toEqual([{ file: path, line: 1 }]);
  expect(stderr).toContain(`${path}:2: a line split in parts whose last part never came`);
  expect(stderr).toMatch(/exchanges 1, files 1, lines 3, malformed 1/);
});
