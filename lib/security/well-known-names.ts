/**
 * Names of algorithms, protocols and character sets that APIs put in paths (`/auth/oauth2/token`, `/keys/rsa4096`,
 * `/signature/sha256`, `/code/utf8mb4`): letters and digits mixed, as a short reset code is, after a word that names a
 * secret, so until 6 Dec example paths showed `/auth/{redacted}/token` and templates `/auth/{authId}/token`. Each is
 * a published name, the same for every caller: no secret. Compared in small letters (`RS256`, `UTF8MB4`).
 */
const WELL_KNOWN_NAMES: ReadonlySet<string> = new Set([
  // Authentication protocols (and their versions written as one word).
  'oauth1', 'oauth2', 'oauth10a', 'oidc4vp', 'oidc4vci', 'saml2', 'saml20', 'fido2', 'webauthn2', 'ntlmv2', 'kerberos5', 'http2', 'http3', 'ipv4',
  'ipv6', 'tls12', 'tls13', 'x509', 'pkcs1', 'pkcs7', 'pkcs8', 'pkcs10', 'pkcs11', 'pkcs12',
  // Key types and curves (RFC 8037, SEC 2, NIST FIPS 186).
  'rsa1024', 'rsa2048', 'rsa3072', 'rsa4096', 'rsa8192', 'ed25519', 'ed448', 'x25519', 'x448', 'p256', 'p384', 'p521', 'secp256k1', 'secp256r1',
  'secp384r1', 'secp521r1', 'prime256v1', 'curve25519', 'ecdsa256', 'ecdsa384', 'ecdsa521',
  // Digests, MACs and ciphers.
  'md4', 'md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3', 'sha3-256', 'sha3-384', 'sha3-512', 'sha512-256', 'blake2b', 'blake2s',
  'blake3', 'ripemd160', 'crc32', 'crc32c', 'xxhash64', 'murmur3', 'hmac-sha1', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512', 'hmacsha1',
  'hmacsha256', 'hmacsha512', 'aes128', 'aes192', 'aes256', 'aes-128-gcm', 'aes-256-gcm', 'aes-128-cbc', 'aes-256-cbc', 'aes128gcm', 'aes256gcm',
  'chacha20', 'chacha20-poly1305', 'xchacha20', 'poly1305', 'pbkdf2', 'argon2', 'argon2i', 'argon2d', 'argon2id', 'scrypt', 'bcrypt',
  // JOSE algorithm names (RFC 7518 §3.1, §4.1, §5.1).
  'hs256', 'hs384', 'hs512', 'rs256', 'rs384', 'rs512', 'es256', 'es256k', 'es384', 'es512', 'ps256', 'ps384', 'ps512', 'a128kw', 'a192kw',
  'a256kw', 'a128gcm', 'a192gcm', 'a256gcm', 'a128gcmkw', 'a256gcmkw', 'rsa-oaep-256', 'ecdh-es',
  // Character sets and encodings (IANA charset names, MySQL's collations' sets).
  'utf8', 'utf-8', 'utf8mb3', 'utf8mb4', 'utf16', 'utf-16', 'utf16le', 'utf16be', 'utf-16le', 'utf-16be', 'utf32', 'utf-32', 'latin1', 'latin2',
  'iso-8859-1', 'iso-8859-15', 'iso8859-1', 'windows-1250', 'windows-1251', 'windows-1252', 'cp1252', 'cp437', 'cp850', 'koi8-r', 'koi8r',
  'big5', 'gb2312', 'gb18030', 'euc-jp', 'euc-kr', 'shift_jis', 'base16', 'base32', 'base36', 'base58', 'base62', 'base64', 'base64url', 'ascii7',
]);

export function isWellKnownName(segment: string): boolean {
  return segment.length <= 20 && WELL_KNOWN_NAMES.has(segment.toLowerCase());
}
