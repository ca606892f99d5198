/**
 * NTLM and Negotiate (RFC 4559: Kerberos or NTLM under SPNEGO, IIS and other Windows-integrated servers and proxies)
 * authenticate a connection, not a request. Every leg carries new bytes: NTLM's AUTHENTICATE message holds a
 * response to the server's fresh challenge, a Kerberos AP-REQ a fresh authenticator. Fingerprinted whole, each
 * request was a new caller. The caller is what stays: NTLM's domain and user (sent in clear in the AUTHENTICATE
 * message), Kerberos' service ticket (the same bytes for the ticket's lifetime, hours; the client's name inside it is
 * encrypted). Never stored: only fingerprinted. The NEGOTIATE message that opens an NTLM handshake names nobody.
 */
export type ConnectionAuthLeg =
  /** A handshake's opening (NTLM NEGOTIATE): no caller yet; the server answers 401 with a challenge. */
  | { leg: 'handshake' }
  /** The leg that authenticates the connection, by its caller. */
  | { leg: 'credential'; identity: string };

/** Whether an `Authorization` (or `Proxy-Authorization`) scheme authenticates the connection it is sent on. */
export function isConnectionAuthScheme(scheme: string): boolean {
  return scheme === 'ntlm' || scheme === 'negotiate';
}

/** The leg a `NTLM`/`Negotiate` credential is, or undefined when its token cannot be read (then it is its own caller). */
export function connectionAuthLeg(scheme: string, credential: string): ConnectionAuthLeg | undefined {
  if (!isConnectionAuthScheme(scheme) || credential.length > 65536 || !/^[A-Za-z0-9+/]+={0,2}$/.test(credential)) return undefined;
  const token = Buffer.from(credential, 'base64');
  // Raw NTLM (`NTLM TlRMTVNTUA…`, and Windows' `Negotiate TlRMTVNTUA…`) or NTLM inside a SPNEGO token.
  const ntlm = token.indexOf(NTLMSSP);
  if (ntlm !== -1) return ntlmLeg(token.subarray(ntlm));
  const ticket = kerberosTicket(token);
  return ticket ? { leg: 'credential', identity: `krb5 ${ticket.toString('base64')}` } : undefined;
}

const NTLMSSP = Buffer.from('NTLMSSP\0', 'latin1');
const NEGOTIATE_UNICODE = 0x1;

/** MS-NLMP §2.2.1: message type at 8; AUTHENTICATE's domain and user fields (length, max, offset) at 28 and 36. */
function ntlmLeg(msg: Buffer): ConnectionAuthLeg | undefined {
  if (msg.length < 12) return undefined;
  const type = msg.readUInt32LE(8);
  if (type === 1) return { leg: 'handshake' };
  if (type !== 3 || msg.length < 64) return undefined;
  const unicode = (msg.readUInt32LE(60) & NEGOTIATE_UNICODE) !== 0;
  const domain = ntlmString(msg, 28, unicode);
  const user = ntlmString(msg, 36, unicode);
  if (domain === undefined || user === undefined || user.length === 0) return undefined;
  // Windows compares account names without case: `CORP\Alice` and `corp\alice` are one account.
  return { leg: 'credential', identity: `ntlm ${domain.toLowerCase()}\\${user.toLowerCase()}` };
}

function ntlmString(msg: Buffer, field: number, unicode: boolean): string | undefined {
  const length = msg.readUInt16LE(field);
  const offset = msg.readUInt32LE(field + 4);
  if (offset + length > msg.length) return undefined;
  const bytes = msg.subarray(offset, offset + length);
  return unicode ? bytes.toString('utf16le') : bytes.toString('latin1');
}

/** Kerberos 5 mechanism OIDs (RFC 4121 1.2.840.113554.1.2.2; Microsoft's 1.2.840.48018.1.2.2), DER-encoded. */
const KRB5_OIDS = [Buffer.from('06092a864886f712010202', 'hex'), Buffer.from('06092a864882f712010202', 'hex')];
const AP_REQ_TOKEN_ID = Buffer.from('0100', 'hex');

/**
 * The Ticket of the AP-REQ (RFC 4120 §5.5.1, `[3] Ticket`) in a GSS-API Kerberos token (RFC 4121 §4.1: the mechanism
 * OID, token ID 01 00, then the AP-REQ), bare or inside SPNEGO's mechToken.
 */
function kerberosTicket(token: Buffer): Buffer | undefined {
  // SPNEGO lists the mechanisms first (both OIDs, often): the token's is the one followed by the AP-REQ's token ID.
  for (const oid of KRB5_OIDS) for (let at = token.indexOf(oid); at !== -1; at = token.indexOf(oid, at + 1)) {
    const apReq = at + oid.length + 2;
    if (!token.subarray(at + oid.length, apReq).equals(AP_REQ_TOKEN_ID)) continue;
    const outer = derElement(token, apReq);
    if (!outer || token[apReq] !== 0x6e) continue;
    const seq = derElement(token, outer.start);
    if (!seq || token[outer.start] !== 0x30) continue;
    for (let p = seq.start; p < seq.end; ) {
      const field = derElement(token, p);
      if (!field || field.end > seq.end) break;
      if (token[p] === 0xa3) return token.subarray(field.start, field.end);
      p = field.end;
    }
  }
  return undefined;
}

/** The content of the DER element at `at`: where it starts and ends, or undefined when it runs past the buffer. */
function derElement(buf: Buffer, at: number): { start: number; end: number } | undefined {
  if (at + 2 > buf.length) return undefined;
  let length = buf[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 3 || start + bytes > buf.length) return undefined;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + buf[start + i];
    start += bytes;
  }
  return start + length <= buf.length ? { start, end: start + length } : undefined;
}
