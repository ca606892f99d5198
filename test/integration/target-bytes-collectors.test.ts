import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { conversationPcap, tempCapture } from '../gen/pcap/conversation';
import { LANTERN, runExtract, TEST_ENV } from './logs-cli';

// One request, `GET /café?naïve=1`, as three collectors see it: nginx's default log escapes its bytes (`\xC3\xA9`),
// an nginx `escape=json` log writes the characters, a capture holds the raw UTF-8 bytes. And `/a"b`, which nginx
// logs as `\x22`, Apache as `\"`, and a capture as it came.
const dir = mkdtempSync(join(tmpdir(), 'lantern-target-bytes-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const inputs = {
  nginx: file('nginx.log', [
    '192.168.1.1 - - [10/Oct/2024:13:55:36 +0000] "GET /caf\\xC3\\xA9?na\\xC3\\xAFve=1 HTTP/1.1" 200 0 "-" "curl"',
    '192.168.1.1 - - [10/Oct/2024:13:55:37 +0000] "GET /a\\x22b HTTP/1.1" 200 0 "-" "curl"',
    '192.168.1.1 - - [10/Oct/2024:13:55:38 +0000] "GET /a\\"b HTTP/1.1" 200 0 "-" "curl"',
  ].join('\n') + '\n'),
  json: file('nginx-json.log', [
    '{"time_iso8601":"2024-10-10T13:55:36+00:00","remote_addr":"192.168.1.1","request":"GET /café?naïve=1 HTTP/1.1","status":"200"}',
    '{"time_iso8601":"2024-10-10T13:55:37+00:00","remote_addr":"192.168.1.1","request":"GET /a\\"b HTTP/1.1","status":"200"}',
  ].join('\n') + '\n'),
  capture: tempCapture(conversationPcap([
    { from: 'client', data: Buffer.from('GET /caf\xc3\xa9?na\xc3\xafve=1 HTTP/1.1\r\nHost: api.example\r\n\r\n', 'latin1') },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
    { from: 'client', data: 'GET /a"b HTTP/1.1\r\nHost: api.example\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
  ])),
};

test('the same request gives the same path and query names from an nginx \\xHH log, a JSON log and a capture', () => {
  for (const [name, path] of Object.entries(inputs)) {
    const { records, status } = runExtract([path]);
    expect(status, name).toBe(0);
    const targets = new Set(records.map((r) => `${r.path} ${JSON.stringify(r.query ?? [])}`));
    expect([...targets].sort(), name).toEqual(['/a"b []', '/caf%C3%A9 ["naïve"]']);
  }
});

test('lantern discover makes one endpoint of it, whichever collector saw it, and a spec /café matches it', () => {
  const spec = file('cafe.yaml', "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /café:\n    get:\n      responses: {'200': {description: ok}}\n");
  for (const [name, path] of Object.entries(inputs)) {
    const run = spawnSync(process.execPath, [LANTERN, 'discover', path, '--spec', spec, '--json'], { encoding: 'utf8', env: TEST_ENV });
    const endpoints = (JSON.parse(run.stdout) as { endpoints: Array<{ method: string; path: string; state: string; requests: number }> }).endpoints;
    expect(endpoints.map((e) => `${e.state} ${e.method} ${e.path}`).sort(), name).toEqual(['documented GET /café', 'shadow GET /a"b']);
  }
});
