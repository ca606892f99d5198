import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const LANTERN = fileURLToPath(new URL('../lantern', import.meta.url));

test('spec push refuses a file that is not UTF-8 before sending or saving anything', () => {
  const spec = join(mkdtempSync(join(tmpdir(), 'lantern-spec-')), 'latin1.yaml');
  writeFileSync(spec, Buffer.from('openapi: 3.0.3\ninfo: {title: "café", version: "1"}\npaths: {}\n', 'latin1'));
  // An unreachable server: a spec that got past the check would fail differently (exit 1, "unreachable").
  const env = { ...process.env, LANTERN_SERVER: 'http://127.0.0.1:9', LANTERN_TOKEN: 'unused' };
  const r = spawnSync(process.execPath, [LANTERN, 'spec', 'push', spec, '--api', 'latin'], { encoding: 'utf8', env });
  expect([r.status, r.stderr]).toEqual([2, `${spec}#: not valid UTF-8: the byte sequence at byte offset 33 is not a character (save the file as UTF-8)\n`]);
});
