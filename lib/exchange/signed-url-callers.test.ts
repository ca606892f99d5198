import { expect, test } from 'vitest';
import { collectAuthEvidence } from './auth-evidence';
import { fingerprintCredential } from './fingerprint';

const KEY = 'unit-test-key';

test('an Azure SAS URL is one caller per signing identity, not one per signature', () => {
  // Until 6 Dec each SAS URL's `sig` was a caller of its own: every download link a storage account handed out
  // counted as a new caller of the blob endpoint.
  const sas = (sig: string, extra: Array<[string, string]> = []) => collectAuthEvidence({ headers: [], query: [['sv', '2021-08-06'], ['se', '2026-12-31T00:00:00Z'], ['sr', 'b'], ['sp', 'r'], ...extra, ['sig', sig]] }, KEY);
  expect(sas('CANARYsig1')).toEqual([{ kind: 'api-key:sig', fingerprint: fingerprintCredential('azure-sas account-key', KEY) }]);
  expect(sas('CANARYsig2')).toEqual(sas('CANARYsig1'));
  // A user delegation SAS is signed for an Entra ID principal (`skoid`); a service SAS may name a stored access policy.
  expect(sas('CANARYsig3', [['skoid', 'a1b2c3d4-0000-4000-8000-000000000001']])).toEqual([{ kind: 'api-key:sig', fingerprint: fingerprintCredential('azure-sas skoid:a1b2c3d4-0000-4000-8000-000000000001', KEY) }]);
  expect(sas('CANARYsig4', [['si', 'read-policy']])).toEqual([{ kind: 'api-key:sig', fingerprint: fingerprintCredential('azure-sas si:read-policy', KEY) }]);
  // A `sig` without SAS's version is not Azure's: fingerprinted by its value as before.
  expect(collectAuthEvidence({ headers: [], query: [['sig', 'CANARYsig5'], ['page', '2']] }, KEY)).toEqual([{ kind: 'api-key:sig', fingerprint: fingerprintCredential('CANARYsig5', KEY) }]);
});

test('a Cloud Storage V2 signed URL is one caller per service account, not one per signature', () => {
  // Until 6 Dec `GoogleAccessId` named no signer, so each URL's `Signature` was a caller of its own.
  const v2 = (sig: string) => collectAuthEvidence({ headers: [], query: [['GoogleAccessId', 'uploader@proj.iam.gserviceaccount.com'], ['Expires', '1765000000'], ['Signature', sig]] }, KEY);
  expect(v2('CANARYsig1')).toEqual([{ kind: 'api-key:signature', fingerprint: fingerprintCredential('goog key:uploader@proj.iam.gserviceaccount.com', KEY) }]);
  expect(v2('CANARYsig2')).toEqual(v2('CANARYsig1'));
});
