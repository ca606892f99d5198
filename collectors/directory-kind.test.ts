import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { DirectoryProbe } from './directory-kind';
import { TEST_KEY } from './logs/test-helpers';

const planned = vi.hoisted(() => ({ paths: [] as string[] }));
vi.mock('./logs/static-file', async (original) => {
  const actual = await original<typeof import('./logs/static-file')>();
  return { ...actual, planFile: (path: string, ...rest: [never]) => (planned.paths.push(path), actual.planFile(path, ...rest)) };
});

const T = '2022-09-08T12:51:05.000000000Z';
const envoyOwn = (i: number) => `${T} stderr F [2022-09-08 12:51:04.${String(i).padStart(3, '0')}][15][info][main] [source/server/server.cc:${400 + i}] initializing epoch 0`;
const access = `${T} stdout F [2019-04-08T16:16:55.931Z] "GET /service/1 HTTP/1.1" 200 - 0 89 5 4 "-" "curl/7.54.0" "c219" "localhost:8000" "172.27.0.3:80"`;

test("an idle sidecar's log (its startup on stderr) is judged again when it grows, not on every look", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-probe-'));
  const log = join(dir, '0.log');
  writeFileSync(log, `${Array.from({ length: 20 }, (_v, i) => envoyOwn(i)).join('\n')}\n`);
  const warnings: string[] = [];
  const probe = new DirectoryProbe(dir, { fingerprintKey: TEST_KEY }, (w) => warnings.push(w));
  expect(await probe.look()).toBeUndefined();
  expect(await probe.look()).toBeUndefined();
  expect(await probe.look()).toBeUndefined();
  expect(planned.paths).toEqual([log]);
  appendFileSync(log, `${envoyOwn(20)}\n`);
  expect(await probe.look()).toBeUndefined();
  expect(planned.paths).toEqual([log, log]);
  appendFileSync(log, `${access}\n`);
  expect(await probe.look()).toBe('logs');
  expect(warnings).toEqual([]);
});
