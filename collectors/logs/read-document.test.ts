import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../../test/require';
import { logHeadOf } from './log-head';
import { isJsonDocument } from './read-document';

const isDocument = (text: string) => {
  const head = logHeadOf(Buffer.from(text), false, true);
  return isJsonDocument(head.lines, head.firstChar);
};
const traefik = readFileSync(join(SHARED_FIXTURES, 'logs/integrations_traefik_test-format-json.log'), 'utf8').split('\n').filter(Boolean);

test('JSON lines whose first line is cut (a log truncated in place) stay JSON lines, not one broken document', () => {
  expect(isDocument([traefik[0].slice(0, 60), ...traefik.slice(1, 7)].join('\n') + '\n')).toBe(false);
  expect(isDocument(traefik.join('\n') + '\n')).toBe(false);
});

test('a pretty-printed document, and one written a record a line with commas, are documents', () => {
  expect(isDocument(readFileSync(join(SHARED_FIXTURES, 'har/mitmproxy__chrome.har'), 'utf8'))).toBe(true);
  expect(isDocument(['[', ...traefik.slice(0, 5).map((l) => `${l},`), traefik[5], ']'].join('\n'))).toBe(true);
  expect(isDocument(`{"records": [\n${traefik.slice(0, 5).join(',\n')}\n]}`)).toBe(true);
});

test("an nginx JSON log_format's lines without escape=json (\\xHH in them) are JSON lines, not one broken document", () => {
  // Until 6 Dec a log whose every line held an escape was read as a document and refused: "not a JSON document".
  const line = (path: string) => `{"time_iso8601":"2024-03-05T08:00:00+00:00","request":"GET ${path} HTTP/1.1","status":"200","http_user_agent":"a \\x22b\\x22"}`;
  expect(isDocument(`${line('/caf\\xC3\\xA9')}\n${line('/x')}\n`)).toBe(false);
});

test('pretty-printed records one after another (what `jq .` writes for a log) are read as the records they are', async () => {
  // Until 6 Dec: "not a JSON document (… EndOfFileExpected)", and none of them was read.
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { extractLogs } = await import('./extract-logs');
  const kong = readFileSync(join(SHARED_FIXTURES, 'logs/kong-docs__http-log_example_3.4.json'), 'utf8');
  const path = join(mkdtempSync(join(tmpdir(), 'lantern-jq-')), 'kong.json');
  writeFileSync(path, `${kong}\n${kong.replace('"uri": "/log"', '"uri": "/log/2"')}`);
  const records: Array<{ path?: string; source?: { line?: number } }> = [];
  const report = await extractLogs([path], { fingerprintKey: 'k' }, (ex) => records.push(ex));
  expect(report.errors).toEqual([]);
  expect(records.map((r) => [r.path, r.source?.line])).toEqual([['/log', 1], ['/log/2', 2]]);
});

test('--format names the records a JSON document holds (an export, an array): they are read as without it', async () => {
  // Until 6 Dec `--format apigateway` (traefik, caddy, envoy, istio, nginx alike) read such a document line by line,
  // every line malformed, and `--format har` on another document failed with "Cannot use 'in' operator…".
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { extractLogs } = await import('./extract-logs');
  const d = mkdtempSync(join(tmpdir(), 'lantern-doc-'));
  const lines = (name: string) => readFileSync(join(SHARED_FIXTURES, 'logs', name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const apigw = join(d, 'apigw.json');
  writeFileSync(apigw, lines('integrations_aws_apigateway_test-apigateway-rest.log').map((r) => JSON.stringify(r, null, 2)).join('\n'));
  const traefik = join(d, 'traefik.json');
  writeFileSync(traefik, JSON.stringify(lines('integrations_traefik_test-format-json.log'), null, 2));
  const read = async (path: string, format: string) => {
    let count = 0;
    const report = await extractLogs([path], { fingerprintKey: 'k', format }, () => count++);
    return { count, errors: report.errors, malformed: report.stats.malformed };
  };
  expect(await read(apigw, 'apigateway')).toEqual({ count: 5, errors: [], malformed: 0 });
  expect(await read(traefik, 'traefik')).toEqual({ count: 7, errors: [], malformed: 0 });
  expect(await read(apigw, 'har')).toEqual({ count: 0, errors: [`${apigw}: not a HAR file (--format har)`], malformed: 0 });
  // A log, no JSON document at all: said so too, not "no known log format fits… use --format" (it was given).
  const log = join(SHARED_FIXTURES, 'logs/integrations_nginx_test-access.log');
  expect(await read(log, 'har')).toEqual({ count: 0, errors: [`${log}: not a HAR file (--format har)`], malformed: 0 });
});
