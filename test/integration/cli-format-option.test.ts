import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runLantern } from '../run-lantern';

const CAPTURE = join(import.meta.dirname, '../../../shared/fixtures/pcap/zeek__http-methods.pcap');

test('an unknown --format is a usage error said before anything is read, by extract, discover and ingest, whatever the inputs', async () => {
  // Before: with a capture, the typo went unseen (exit 0); with a log, it came after the run's summary.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-format-option-'));
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${join(dir, 'lantern.db')}` };
  const known = 'nginx, apache, combined, common, envoy, istio, envoy-json, kong, apigateway, cloudwatch, alb, cloudfront, iis, gcp, azure, traefik, caddy, haproxy, squid, har, otlp, json';
  for (const [command, name] of [['extract', 'extract'], ['discover', 'discover'], ['ingest', 'ingest'], ['push', 'push']]) {
    const r = await runLantern([command, '--format', 'ngnix', CAPTURE], env);
    expect([r.code, r.stdout, r.stderr], command).toEqual([2, '', `lantern ${name}: unknown --format 'ngnix' (known: ${known})\n`]);
  }
});

test('--flush-every and --retry-for that are no number of seconds are usage errors, said before anything is read or sent', async () => {
  // Before: taken as Number() took them: `--retry-for abc` retried an unreachable server forever, `--flush-every abc`
  // or `0` flushed a --follow run in a busy loop; a run that did not need them passed them over (exit 0).
  const dir = mkdtempSync(join(tmpdir(), 'lantern-seconds-option-'));
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${join(dir, 'lantern.db')}` };
  const cases: [string[], string][] = [
    [['--retry-for', 'abc'], "--retry-for: 'abc' is not a number of seconds"],
    [['--flush-every', '0'], "--flush-every: '0' is not a number of seconds above 0 and at most 2147483"],
    [['--flush-every', '30s'], "--flush-every: '30s' is not a number of seconds above 0 and at most 2147483"],
    [['--flush-every', '9999999'], "--flush-every: '9999999' is not a number of seconds above 0 and at most 2147483"],
  ];
  for (const [option, said] of cases) {
    const r = await runLantern(['ingest', CAPTURE, ...option], env);
    expect([r.code, r.stdout, r.stderr], option.join(' ')).toEqual([2, '', `lantern ingest: ${said}\n`]);
  }
});
