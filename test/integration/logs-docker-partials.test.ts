import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../require';
import { runExtract } from './logs-cli';

/**
 * Docker's json-file driver splits a line over 16 KiB into entries whose `log` has no trailing newline but the
 * last's. The shared logs' lines, each made that long and split so (and their text lines JSON-escaped), give the
 * records the plain file gives. Until 6 Dec every part was a malformed line and the request was lost.
 */
const dir = mkdtempSync(join(tmpdir(), 'lantern-docker-'));
const entry = (log: string, stream = 'stdout') => JSON.stringify({ log, stream, time: '2024-10-10T13:55:36.123456789Z' });

/** The file as dockerd writes it: 16 KiB parts. */
function asDockerWrites(lines: string[]): string {
  const out: string[] = [];
  for (const line of lines) {
    const text = `${line}\n`;
    for (let at = 0; at < text.length; at += 16 * 1024) {
      out.push(entry(text.slice(at, at + 16 * 1024)));
    }
  }
  return `${out.join('\n')}\n`;
}

test('a long nginx line split by the json-file driver is read once, as the line of its first part', () => {
  const source = readFileSync(join(SHARED_FIXTURES, 'logs', 'integrations_nginx_test-access.log'), 'utf8').split('\n').filter((l) => l.length > 0);
  // A 40 KiB query string: three parts each.
  const long = source.map((l) => l.replace(/"(GET|POST|HEAD) (\S+)/, (_m, method: string, target: string) => `"${method} ${target}${target.includes('?') ? '&' : '?'}pad=${'x'.repeat(40 * 1024)}`));
  const plainPath = join(dir, 'plain.log');
  writeFileSync(plainPath, `${long.join('\n')}\n`);
  const dockerPath = join(dir, 'container-json.log');
  writeFileSync(dockerPath, asDockerWrites(long));
  const plain = runExtract([plainPath]);
  const docker = runExtract([dockerPath]);
  expect(plain.records.length).toBe(source.length);
  expect(docker.records.map(({ source: _s, ...r }) => r)).toEqual(plain.records.map(({ source: _s, ...r }) => r));
  // Each source line is 3 parts: its record names the line of its first part.
  expect(docker.records.map((r) => r.source!.line)).toEqual(source.map((_l, i) => i * 3 + 1));
  expect(docker.stderr).toMatch(new RegExp(`exchanges ${source.length}, files 1, lines ${source.length * 3}, malformed 0`));
});

test('a part whose last never came (the container killed mid-line) is one malformed line, named', () => {
  const path = join(dir, 'cut.log');
  const line = '10.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /users/1 HTTP/1.1" 200 5 "-" "curl/8.0"';
  writeFileSync(path, `${entry(`${line}\n`)}\n${entry(line.slice(0, 30))}\n`);
  const { records, stderr } = runExtract([path]);
  expect(records.map((r) => r.source!.line)).toEqual([1]);
  expect(stderr).toContain(`${path}:2: a line split in parts whose last part never came`);
  expect(stderr).toMatch(/exchanges 1, files 1, lines 2, malformed 1/);
});

test("a stderr entry that is no exchange (nginx's error log, which its image sends to stderr) is skipped, not malformed", () => {
  const path = join(dir, 'with-errors.log');
  const line = '10.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /users/1 HTTP/1.1" 200 5 "-" "curl/8.0"';
  const error = '2024/10/10 13:55:38 [error] 7#7: *1 open() "/usr/share/nginx/html/x" failed (2: No such file or directory)';
  writeFileSync(path, [entry(`${line}\n`), entry(`${error}\n`, 'stderr'), entry(`${line}\n`, 'stderr'), entry('[oops]\n'), ''].join('\n'));
  const { records, stderr } = runExtract([path]);
  // An access log on stderr is still read; a stdout line that is none is still malformed.
  expect(records.map((r) => r.source!.line)).toEqual([1, 3]);
  expect(stderr).toMatch(/exchanges 2, files 1, lines 4, malformed 1, skipped 1/);
  expect(stderr).not.toContain(':2:');
});

test("entries whose log has no newline at all (a shipper's, not dockerd's) are each a whole line, not parts", () => {
  const path = join(dir, 'shipped.log');
  const line = (i: number) => `10.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /users/${i} HTTP/1.1" 200 5 "-" "curl/8.0"`;
  writeFileSync(path, [entry(line(1)), entry(line(2)), entry(line(3)), ''].join('\n'));
  const { records, stderr } = runExtract([path]);
  expect(records.map((r) => [r.path, r.source!.line])).toEqual([['/users/1', 1], ['/users/2', 2], ['/users/3', 3]]);
  expect(stderr).toMatch(/exchanges 3, files 1, lines 3, malformed 0/);
});
