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
  const known = 'nginx, apache, combined, common, envoy, istio, envoy-json, kong, apigateway, cloudwatch, alb, gcp, azure, traefik, caddy, haproxy, squid, har, otlp, json';
  for (const [command, name] of [['extract', 'extract'], ['discover', 'discover'], ['ingest', 'push']]) {
    const r = await runLantern([command, '--format', 'ngnix', CAPTURE], env);
    expect([r.code, r.stdout, r.stderr], command).toEqual([2, '', `lantern ${name}: unknown --format 'ngnix' (known: ${known})\n`]);
  }
});
