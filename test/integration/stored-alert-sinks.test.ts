import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { STORED_DATA_RULES, upgradeStoredData } from '../../lib/db/stored-data-rules';
import { resetEnvCache } from '../../lib/env';
import { fingerprintCredential } from '../../lib/exchange/fingerprint';
import { loadFingerprintKey } from '../../lib/fingerprint-key';
import { useFreshDatabase } from '../db-harness';

const HOOK = 'https://hooks.slack.com/services/T000/B000/short';
const GONE = 'https://example.test/hook?k=abc';
const plain = (url: string) => `webhook:${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;

beforeAll(async () => {
  await useFreshDatabase('sqlite');
  process.env.LANTERN_WEBHOOK_URLS = `slack:${HOOK}`;
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.LANTERN_WEBHOOK_URLS;
  resetEnvCache();
  await disconnectDb();
});

test("alerts an older release delivered lose the plain hashes of their webhooks' URLs at serve's start", async () => {
  // Before: rows kept sha256(url) for good, so a short secret in a webhook URL could be guessed from a backup.
  const both = await db().alert.create({ data: { kind: 'new-shadow', summary: 'a', payload: {}, deliveredAt: new Date(), sentTo: ['event-file', plain(`slack:${HOOK}`), plain(GONE)] } });
  const none = await db().alert.create({ data: { kind: 'new-shadow', summary: 'b', payload: {}, deliveredAt: new Date(), sentTo: ['event-file'] } });
  await db().storedDataRules.create({ data: { name: 'serve-start-up', version: 8 } });
  const run = await upgradeStoredData();
  expect(run.ran && [run.alertSinks, run.version]).toEqual([1, STORED_DATA_RULES]);
  const key = await loadFingerprintKey();
  const rows = await db().alert.findMany({ where: { id: { in: [both.id, none.id] } }, orderBy: { summary: 'asc' }, select: { sentTo: true } });
  expect(rows.map((r) => r.sentTo)).toEqual([
    // The configured webhook gets the name delivery gives it today; a removed one stays a distinct sink, keyed.
    ['event-file', `webhook-hmac:${fingerprintCredential(`webhook slack:${HOOK}`, key)}`, `webhook-hmac:${fingerprintCredential(`legacy ${plain(GONE)}`, key)}`],
    ['event-file'],
  ]);
  expect(JSON.stringify(rows)).not.toContain(plain(GONE).slice(8));
});
