import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { fingerprintCredential } from '../../lib/exchange/fingerprint';
import { conversationPcap, tempCapture, type Turn } from '../../test/gen/pcap/conversation';
import { kerberosNegotiate, KERBEROS_TICKET, NTLM_NEGOTIATE, ntlmAuthenticate } from '../../test/windows-auth-tokens';
import { extractCaptures } from '../pcap/extract-captures';

const KEY = 'k';

async function run(turns: Turn[], serverPort = 80): Promise<Exchange[]> {
  const out: Exchange[] = [];
  await extractCaptures([tempCapture(conversationPcap(turns, { serverPort }))], { fingerprintKey: KEY }, (e) => out.push(e));
  return out;
}

const request = (path: string, ...headers: string[]): Turn => ({ from: 'client', data: `GET ${path} HTTP/1.1\r\nHost: intranet.corp\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n` });
const response = (status: number, ...headers: string[]): Turn => ({ from: 'server', data: `HTTP/1.1 ${status} X\r\n${headers.map((h) => `${h}\r\n`).join('')}Content-Length: 0\r\n\r\n` });
const CHALLENGE = 'WWW-Authenticate: NTLM TlRMTVNTUAACAAAADAAMADgAAAAFgomiESIzRFVmd4gAAAAAAAAAAIoAigBEAAAA';

const alice = { kind: 'api-key:authorization', fingerprint: fingerprintCredential('ntlm corp\\alice', KEY) };

test("NTLM authenticates the connection: its later requests, sent without a credential, are the handshake's caller, not none", async () => {
  // IIS with Windows authentication: after the handshake the client sends no Authorization on the connection.
  // Before: the two later calls were `none`, unauthenticated 2xx, and each handshake's caller a new one.
  const out = await run([
    request('/api/a', `Authorization: NTLM ${NTLM_NEGOTIATE}`), response(401, CHALLENGE),
    request('/api/a', `Authorization: NTLM ${ntlmAuthenticate('CORP', 'alice')}`), response(200),
    request('/api/b'), response(200),
    request('/api/c'), response(200),
  ]);
  expect(out.map((e) => [e.path, e.status, e.auth])).toEqual([
    ['/api/a', 401, [{ kind: 'api-key:authorization' }]],
    ['/api/a', 200, [alice]],
    ['/api/b', 200, [alice]],
    ['/api/c', 200, [alice]],
  ]);
});

test('a refused handshake authenticates nothing, and a request the server refuses ends the connection\'s caller', async () => {
  const refused = await run([
    request('/api/a', `Authorization: NTLM ${ntlmAuthenticate('CORP', 'mallory')}`), response(401, CHALLENGE),
    request('/api/b'), response(200),
  ]);
  expect(refused.map((e) => e.auth)).toEqual([[{ kind: 'api-key:authorization', fingerprint: fingerprintCredential('ntlm corp\\mallory', KEY) }], [{ kind: 'none' }]]);
  const ended = await run([
    request('/api/a', `Authorization: NTLM ${ntlmAuthenticate('CORP', 'alice')}`), response(200),
    request('/api/admin'), response(401, CHALLENGE),
    request('/api/b'), response(200),
  ]);
  expect(ended.map((e) => e.auth)).toEqual([[alice], [{ kind: 'none' }], [{ kind: 'none' }]]);
});

test('Kerberos under Negotiate carries over too, with the request\'s own credentials beside it', async () => {
  const ticket = { kind: 'api-key:authorization', fingerprint: fingerprintCredential(`krb5 ${KERBEROS_TICKET.toString('base64')}`, KEY) };
  const out = await run([
    request('/api/a', `Authorization: Negotiate ${kerberosNegotiate(KERBEROS_TICKET)}`), response(200, 'WWW-Authenticate: Negotiate oRQwEqADCgEAoQsGCSqGSIb3EgECAg=='),
    request('/api/b', 'X-Api-Key: k-123'), response(200),
  ]);
  expect(out.map((e) => e.auth)).toEqual([[ticket], [{ kind: 'api-key:x-api-key', fingerprint: fingerprintCredential('k-123', KEY) }, ticket]]);
});

test("a forward proxy's NTLM carries over as the proxy's caller: the API still got none", async () => {
  const out = await run([
    { from: 'client', data: `GET http://api.example.com/v1/a HTTP/1.1\r\nHost: api.example.com\r\nProxy-Authorization: NTLM ${ntlmAuthenticate('CORP', 'alice')}\r\n\r\n` },
    response(200),
    { from: 'client', data: 'GET http://api.example.com/v1/b HTTP/1.1\r\nHost: api.example.com\r\n\r\n' },
    response(200),
  ], 3128);
  const proxy = { kind: 'proxy:ntlm', fingerprint: fingerprintCredential('ntlm corp\\alice', KEY) };
  expect(out.map((e) => e.auth)).toEqual([[{ kind: 'none' }, proxy], [{ kind: 'none' }, proxy]]);
});
