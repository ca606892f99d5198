/**
 * What a credential looks like when nothing around it says so: a known vendor prefix, or a long random string.
 * Shared by the example-path redaction (a token as a path segment) and query names (a token sent as a bare
 * `?<token>`), so both call the same strings secrets.
 */
// A Telegram bot token (`123456789:AAH…`, 35 characters after the bot id) is the path itself in the Bot API's URLs
// (`/bot<token>/sendMessage`): its `:` keeps it from looking random. An Expo push token (`ExponentPushToken[…]`,
// anyone holding it can push to that device) has brackets that keep it from looking random too.
const CREDENTIAL_PREFIX = /^(?:sk|rk|pk)_(?:live|test)_|^gh[pousr]_|^github_pat_|^xox[abprs]-|^(?:AKIA|ASIA)[0-9A-Z]{12}|^AIza|^glpat-|^eyJ[A-Za-z0-9_-]{8,}|^(?:bot)?\d{5,}:[A-Za-z0-9_-]{30,}|^Expo(?:nent)?PushToken\[[A-Za-z0-9_-]{8,}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;

export function hasCredentialPrefix(s: string): boolean {
  return CREDENTIAL_PREFIX.test(s);
}

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/**
 * 20+ characters of letters and digits mixed, not a UUID, not hex-only, not a release's or a file's name, with at
 * least 4 bits of entropy each.
 */
export function looksRandom(s: string): boolean {
  if (s.length < 20 || UUID.test(s) || HEX.test(s) || !/[a-z]/i.test(s) || !/\d/.test(s) || !/^[A-Za-z0-9_\-.~%+=]+$/.test(s)) return false;
  if (isDottedName(s) || POD_NAME.test(s)) return false;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) entropy -= (n / s.length) * Math.log2(n / s.length);
  return entropy >= 4;
}

/**
 * A token holding what looksRandom takes no part of: standard base64's `/` (`+` and `=` it takes), a space (an escaped
 * `%20`, or a `+` form decoding made one), or the `:`, `;`, `,` or `|` a token built of two parts holds once decoded
 * (`%3A`, `%3B`, `%2C`, Laravel Sanctum's `<id>%7C<token>`; until 7 Dec such a path token stayed the template and
 * the example). They are read as its `_`.
 * Shared by path segments (redact-path.ts, judged decoded) and bare query names (query-names.ts, where until 7 Dec a
 * bare base64 token with a `/` was stored as a name). Words with their numbers between them are a person's or a
 * repository's names (`Quarterly Report 2024 Final v3.pdf`, `Meeting Notes - McDonald 2024.pdf`, GitLab's
 * `app/models/key.rb`), and with hex pieces an identifier (`arn:aws:…:task/default/<32 hex>`, a
 * `urn:uuid:<uuid>`, Auth0's `auth0|<hex>`), as an ARN is whatever its pieces, never a token.
 */
export function looksRandomBetweenSeparators(s: string): boolean {
  if (s.length < 20 || !SEPARATOR_LOOKS_RANDOM_REFUSES.test(s) || AWS_ARN.test(s)) return false;
  if (s.split(/[-_. /:;,|]/).every((piece) => piece === '' || isNamePiece(piece) || WORD_IN_CAPITALS.test(piece) || HEX_PIECE.test(piece))) return false;
  return looksRandom(s.replace(/[ /:;,|]/g, '_'));
}

const SEPARATOR_LOOKS_RANDOM_REFUSES = /[ /:;,|]/;
/**
 * An ARN, `arn:<partition>:<service>:<region>:<account>:<resource>`, names a resource whatever its id: a Cognito user
 * pool's `us-east-1_aB3dE5fG7`, an AppSync API's 26 characters, a Secrets Manager secret's random suffix, a
 * CloudFront distribution's `E2QWRUHAPOMQZL`. Its pieces are no hex, and until 7 Dec such an ARN passed for a token.
 */
const AWS_ARN = /^arn:aws(?:-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12}|aws)?:[^\s]/;
// Names between spaces spell words with capitals inside (`McDonald`, `PowerPoint`, `iPhone`); a token's pieces put digits between letters.
const WORD_IN_CAPITALS = /^[A-Za-z]+\d*$/;
const HEX_PIECE = /^[0-9a-f]+$/;

/**
 * A word, a number, or a word with its number (`linux`, `17`, `v18`, `x64`, `arm64`, `IMG`, `Setup`, `64bit`): no
 * mixed case inside, no digits between letters, as nearly every piece of a random string has.
 */
const NAME_PIECE = /^(?:[a-z]+\d*|[A-Z][a-z]*\d*|[A-Z]+\d*|\d+[a-z]*)$/;

/**
 * A release's or a file's name (`node-v18.17.1-linux-x64.tar.gz`, `IMG_20240101_123456.jpg`): three pieces or more
 * between `-`, `_`, `.`, a dot among them, each piece a NAME_PIECE. Until 6 Dec such a name was varied enough to pass
 * for a token, `{redacted}` in example paths. A token is no such name: base64url has no dot, and a random piece
 * (`SG.ngeVfQFYQlKU0ufo8x5d1A.…`, a product key's `K7QPM`) mixes case or puts digits between letters.
 */
export function isDottedName(s: string): boolean {
  if (!s.includes('.')) return false;
  const pieces = s.split(/[-_.]/);
  return pieces.length >= 3 && pieces.every(isNamePiece);
}

export function isNamePiece(piece: string): boolean {
  return NAME_PIECE.test(piece);
}

/**
 * Words joined by `-`, `_` or `.` (Shopify's `access_scopes.json`, `revoke_all_tokens`, `delivery_attempts_v2`): two
 * pieces or more, each a NAME_PIECE, letters most of it, and each piece of 4+ letters spelt as words are, with a vowel
 * (`y` too) and never 5 other letters in a row (`attempts` has 4). A random token with separators nearly always has a
 * piece that mixes case or puts digits between letters (base64url's `yH8sX`, Django's `5b3b1e8d…`), and one of random
 * letters alone (`xkqzpt-mwvbnr`, a product key's `KQPMX`) most often a piece without a vowel or with a run of
 * consonants. A name with such a run (`lengths_of_strengths`) is judged a token still, as it was.
 */
const SEPARATOR = /[-_.]/;
const CONSONANT_RUN = /[b-df-hj-np-tv-xz]{5}/i;
const VOWEL = /[aeiouy]/i;

export function isJoinedWords(s: string): boolean {
  if (!SEPARATOR.test(s)) return false;
  const pieces = s.split(/[-_.]/);
  let letters = 0;
  for (const piece of pieces) {
    if (!isNamePiece(piece)) return false;
    const run = piece.replace(/\d+/g, '');
    if (run.length >= 4 && (!VOWEL.test(run) || CONSONANT_RUN.test(run))) return false;
    letters += run.length;
  }
  return 2 * letters > s.length - pieces.length + 1;
}

/**
 * A Kubernetes pod's name (`api-server-7d4b9c8f5-xk2p7`, a CronJob's `nightly-backup-28391234-qz7wd`): its
 * controller's name in words, then the pod template's hash (or the Job's minute) and five characters of its own, in
 * the alphabet Kubernetes makes names of (no vowels, no 0, 1 or 3). Until 6 Dec `/pods/{redacted}/log`.
 */
const K8S_CHARS = '[bcdfghjklmnpqrstvwxz2456789]';
const POD_NAME = new RegExp(`^[a-z]+\\d*(?:-[a-z]+\\d*)*-(?:${K8S_CHARS}{6,10}|\\d{8})-${K8S_CHARS}{5}$`);

/**
 * Whether a host is a credential that a log put where a host goes (HAProxy's captured `X-Access-Token`, lighttpd's
 * vhost column; collectors/logs/exchange-fields.ts isHostNameLike refuses it since 6 Dec): a label longer than DNS's 63
 * characters (RFC 1035 §2.3.4), which a JWT's payload and an RS256 signature are, a JWT's header, a known credential
 * prefix, or a last label that is a token's (TOKEN_TAIL). Hosts are stored lower-cased (`eyj…`), which the prefix test misses; a short JWT (`{"sub":"1"}`, HS256) has
 * no long label, but its header has an `alg` member (RFC 7515 §4.1.1), `"alg":"` in base64url at one of its three
 * alignments, which no host name spells (`eyjafjallajokull.is` stays a host).
 */
const JWT_HEADER_LABEL = /^(?=eyj)[a-z0-9_-]*(?:imfszyi6|jhbgcioi|ywxnijoi)[a-z0-9_-]*\./i;
/**
 * A dotted vendor token's last piece, where a host has its top-level domain: a SendGrid key (`SG.<22>.<43>`), a
 * Discord bot token (`<user id>.<time>.<27+ of HMAC>`). No top-level domain mixes letters and digits over 16
 * characters (an IDN's `xn--p1ai` is short, and kept however long); a random first label (a Lambda function URL's
 * 32 characters, CloudFront's `d111111abcdef8`) is a host's, and stays one. Until 6 Dec such a token was the host.
 */
const TOKEN_TAIL = /^(?!xn--)(?=[a-z_-]*\d)(?=[\d_-]*[a-z])[\w-]{16,}$/i;

export function isCredentialHost(host: string): boolean {
  if (hasCredentialPrefix(host) || JWT_HEADER_LABEL.test(host)) return true;
  const name = host.startsWith('[') ? '' : host.replace(/:\d*$/, '');
  const dot = name.lastIndexOf('.');
  if (dot > 0 && TOKEN_TAIL.test(name.slice(dot + 1))) return true;
  if (host.length <= 63) return false;
  return name.split('.').some((label) => label.length > 63);
}
