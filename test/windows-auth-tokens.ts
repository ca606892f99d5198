import { randomBytes } from 'node:crypto';

/** Windows-integrated authentication tokens as clients send them, built by their specs (MS-NLMP, RFC 4120/4121/4178). */

/** An NTLM NEGOTIATE message (MS-NLMP §2.2.1.1) as Windows sends it first. */
export const NTLM_NEGOTIATE = Buffer.concat([Buffer.from('NTLMSSP\0', 'latin1'), Buffer.from('0100000007820888000000000000000000000000000000000a00614a0000000f', 'hex')]).toString('base64');

/** An NTLM AUTHENTICATE message (§2.2.1.3) for domain\user, with fresh challenge responses as every handshake has. */
export function ntlmAuthenticate(domain: string, user: string, unicode = true): string {
  const text = (s: string) => Buffer.from(s, unicode ? 'utf16le' : 'latin1');
  const payloads = [randomBytes(24), randomBytes(48), text(domain), text(user), text('WS01'), randomBytes(16)];
  const header = Buffer.alloc(64);
  Buffer.from('NTLMSSP\0', 'latin1').copy(header, 0);
  header.writeUInt32LE(3, 8);
  let offset = 64;
  payloads.forEach((p, i) => {
    header.writeUInt16LE(p.length, 12 + i * 8);
    header.writeUInt16LE(p.length, 14 + i * 8);
    header.writeUInt32LE(offset, 16 + i * 8);
    offset += p.length;
  });
  header.writeUInt32LE(unicode ? 0xe2888215 : 0xe2888214, 60);
  return Buffer.concat([header, ...payloads]).toString('base64');
}

export function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const length = body.length < 128 ? Buffer.from([body.length]) : body.length < 256 ? Buffer.from([0x81, body.length]) : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

/** A SPNEGO NegTokenInit carrying a Kerberos AP-REQ with this ticket and a fresh authenticator, as `Negotiate` sends. */
export function kerberosNegotiate(ticket: Buffer): string {
  const apReq = der(0x6e, der(0x30,
    der(0xa0, der(0x02, Buffer.from([5]))), der(0xa1, der(0x02, Buffer.from([14]))), der(0xa2, der(0x03, Buffer.from([0, 0x20, 0, 0, 0]))),
    der(0xa3, ticket),
    der(0xa4, der(0x30, der(0xa0, der(0x02, Buffer.from([18]))), der(0xa2, der(0x04, randomBytes(120))))),
  ));
  const krb5 = der(0x60, Buffer.from('06092a864886f712010202', 'hex'), Buffer.from('0100', 'hex'), apReq);
  const spnego = der(0x60, Buffer.from('06062b0601050502', 'hex'), der(0xa0, der(0x30,
    der(0xa0, der(0x30, Buffer.from('06092a864882f712010202', 'hex'), Buffer.from('06092a864886f712010202', 'hex'))),
    der(0xa2, der(0x04, krb5)),
  )));
  return spnego.toString('base64');
}

/** A service ticket, the same on every request a client makes with it (its lifetime: hours). */
export const KERBEROS_TICKET = der(0x61, der(0x30, der(0xa0, der(0x02, Buffer.from([5]))), der(0xa1, der(0x1b, Buffer.from('CORP.EXAMPLE'))), der(0xa3, der(0x30, der(0x04, randomBytes(300))))));
