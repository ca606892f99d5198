import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runLantern } from '../run-lantern';

const FIXTURES = join(import.meta.dirname, '../../../shared/fixtures');

test("host-less log lines ingested beside another input stay host-less: a template agreed for another host does not take them", async () => {
  // API Gateway's log gives three lines no domainName (GET /pets, GET /pets/{petId} twice); Redocly's HAR calls
  // api.example.com/pets. Ingested together, the templates agreed per host were specs naming their host, which match
  // host-less requests too: until 7 Dec the log's GET /pets was counted on api.example.com (2 requests there), and its
  // /pets/{petId} on the gateway's own host, where `discover` and ingesting each alone keep them host-less.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-agreed-hostless-'));
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  expect((await runLantern(['migrate'], env)).code).toBe(0);
  const inputs = [join(FIXTURES, 'logs/integrations_aws_apigateway_test-apigateway-rest.log'), join(FIXTURES, 'har/redocly__generate-spec_traffic.har')];
  const ingest = await runLantern(['ingest', ...inputs], env);
  expect(ingest.code, ingest.stderr).toBe(0);
  const inventory = JSON.parse((await runLantern(['inventory', '--json'], env)).stdout) as { endpoints: { host: string; method: string; path: string; requests: number }[] };
  expect(inventory.endpoints.map((e) => `${e.method} ${e.host}${e.path} ${e.requests}`).sort()).toEqual([
    'GET api.example.com/pets 1',
    'GET asad15n3p0.execute-api.us-east-1.amazonaws.com/ 1',
    'GET asad15n3p0.execute-api.us-east-1.amazonaws.com/pets/{petId} 1',
    'GET unknown-host/pets 1',
    'GET unknown-host/pets/{petId} 2',
    'POST api.example.com/pets 1',
  ]);
});
