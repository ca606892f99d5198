import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { der, kerberosNegotiate, KERBEROS_TICKET as TICKET, NTLM_NEGOTIATE, ntlmAuthenticate } from '../../test/windows-auth-tokens';
import { collectAuthEvidence } from './auth-evidence';
import { fingerprintCredential } from './fingerprint';

const KEY = 'unit-test-key';

const evidenceOf = (value: string, header = 'authorization') => collectAuthEvidence({ headers: [[header, value]] }, KEY);

test("NTLM's handshakes of one account are one caller, whatever each leg's fresh bytes; another account is another", () => {
  // Before: the AUTHENTICATE message was fingerprinted whole, new challenge responses in every handshake: a new caller each.
  const [a1, a2, a3, b] = [ntlmAuthenticate('CORP', 'alice'), ntlmAuthenticate('corp', 'Alice'), ntlmAuthenticate('CORP', 'alice', false), ntlmAuthenticate('CORP', 'bob')].map((t) => evidenceOf(`NTLM ${t}`));
  const alice = [{ kind: 'api-key:authorization', fingerprint: fingerprintCredential('ntlm corp\\alice', KEY) }];
  expect([a1, a2, a3]).toEqual([alice, alice, alice]);
  expect(b[0].fingerprint).not.toBe(alice[0].fingerprint);
  // Windows sends raw NTLM under `Negotiate` too; the opening NEGOTIATE message names nobody.
  expect(evidenceOf(`Negotiate ${ntlmAuthenticate('CORP', 'alice')}`)).toEqual(alice);
  expect(evidenceOf(`NTLM ${NTLM_NEGOTIATE}`)).toEqual([{ kind: 'api-key:authorization' }]);
});

test("Kerberos under Negotiate is its service ticket's caller, whatever each request's authenticator", () => {
  const [first, second] = [kerberosNegotiate(TICKET), kerberosNegotiate(TICKET)].map((t) => evidenceOf(`Negotiate ${t}`));
  expect(first).toEqual([{ kind: 'api-key:authorization', fingerprint: fingerprintCredential(`krb5 ${TICKET.toString('base64')}`, KEY) }]);
  expect(second).toEqual(first);
  const other = der(0x61, der(0x30, der(0xa3, der(0x30, der(0x04, randomBytes(300))))));
  expect(evidenceOf(`Negotiate ${kerberosNegotiate(other)}`)[0].fingerprint).not.toBe(first[0].fingerprint);
  // A token that is neither is fingerprinted whole, as before.
  expect(evidenceOf('Negotiate bm90IGEgdG9rZW4=')).toEqual([{ kind: 'api-key:authorization', fingerprint: fingerprintCredential('bm90IGEgdG9rZW4=', KEY) }]);
});

test("a forward proxy's NTLM is the proxy's caller by account too", () => {
  const [a, b] = [ntlmAuthenticate('CORP', 'alice'), ntlmAuthenticate('CORP', 'alice')].map((t) => evidenceOf(`NTLM ${t}`, 'proxy-authorization'));
  expect(a).toEqual([{ kind: 'none' }, { kind: 'proxy:ntlm', fingerprint: fingerprintCredential('ntlm corp\\alice', KEY) }]);
  expect(b).toEqual(a);
});
