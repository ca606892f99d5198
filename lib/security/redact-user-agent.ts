import { hasCredentialPrefix, looksRandom } from './secret-shape';

/**
 * A User-Agent as a record keeps it: product/version tokens and comments stay (they tell which clients call an
 * endpoint), credential-shaped parts become `{redacted}`. Clients and SDKs put keys there (`MyApp/1.2 key=…`,
 * an install token, a JWT), and the agent is written to every `extract` record.
 *
 * - a URL's userinfo goes (`+https://{redacted}@bot.example/`);
 * - a `name=value` word keeps its name; the value goes (no product token has one);
 * - a word, or a part of it between `/` and `:`, shaped like a credential (the same shapes as tokens in paths and
 *   query names: lib/security/secret-shape.ts) goes.
 */
export function redactUserAgent(ua: string): string {
  if (!userAgentMayHoldSecret(ua)) return ua;
  return ua.replace(WORD, redactWord);
}

// Words are what a UA separates by spaces, `;`, `,` and comment parentheses; parts what a word separates by `/`
// (product/version) and `:` (`rv:109.0`, a URL's scheme).
const WORD = /[^\s;,()]+/g;
const PART = /[^/:]+/g;
const PAIR = /^([A-Za-z][A-Za-z0-9_.-]{0,40})=/;
/** Three or more words of at most 9 characters joined by `_`, `-` or `.`. */
const SHORT_WORDS = /^[A-Za-z0-9]{1,9}(?:[_.-][A-Za-z0-9]{1,9}){2,}$/;
const LONG_HEX = /^[0-9a-f]{32,}$/i;
/** As for query names (lib/exchange/query-names.ts MIN_SECRET_NAME): every real token is at least this long. */
const MIN_SECRET = 20;

/** A URL's userinfo (`+https://crawler:s3cret@bot.example/`): RFC 3986 §3.2.1, a password in clear. */
const URL_USERINFO = /^([^/@]*:\/\/)[^/@]*@/;

function redactWord(word: string): string {
  // A bot's contact URL may carry its credentials (`+https://crawler:s3cret@bot.example/info`).
  if (word.includes('@')) word = word.replace(URL_USERINFO, '$1{redacted}@');
  if (word.includes('=')) {
    // `key=…`, or a bot's URL with a query (`+https://bot.example/?key=…`): the name is all that may stay.
    const pair = PAIR.exec(word);
    return pair ? `${pair[1]}={redacted}` : '{redacted}';
  }
  if (word.length < MIN_SECRET) return word;
  if (isSecretShaped(word)) return '{redacted}';
  return word.replace(PART, (part) => (part.length >= MIN_SECRET && isSecretShaped(part) ? '{redacted}' : part));
}

function isSecretShaped(s: string): boolean {
  if (hasCredentialPrefix(s) || LONG_HEX.test(s)) return true;
  // Product names join short words (`OpenJDK_64-Bit_Server_VM`), which the entropy test alone takes for random.
  return looksRandom(s) && !SHORT_WORDS.test(s);
}

/** Characters that end a run in the cheap test: space, `;`, `(`, `)`, `,`, `/`, `:` (1), and `=`, `@` (2: always look). */
const STOP = new Uint8Array(128);
for (const c of ' ;(),/:') STOP[c.charCodeAt(0)] = 1;
STOP[61] = 2;
STOP[64] = 2;

/**
 * False for almost every real agent, cheaply (this runs for every record): no `=`, no `@` and no run of 20 characters
 * without a separator. The logs' byte-level fast path (collectors/logs/combined-bytes.ts) declines the same agents
 * and more.
 */
export function userAgentMayHoldSecret(ua: string): boolean {
  let run = 0;
  for (let i = 0; i < ua.length; i++) {
    const stop = STOP[ua.charCodeAt(i) & 127];
    if (stop === 2) return true;
    if (stop === 1) run = 0;
    else if (++run >= MIN_SECRET) return true;
  }
  return false;
}
