/**
 * Stripe names its objects' IDs by a prefix and 14–24 random letters and digits (`ch_3MmlLrLkdIwHu7ix0snN0B15`,
 * `cus_9s6XKzkNRiz8i3`, `pi_…`, `evt_…`): 20 characters and more look random, and were `{redacted}` in example paths,
 * since `hf_…`, `npm_…` and `shpat_…` secrets share the shape. A prefix alone cannot tell them apart (Resend's keys
 * start `re_`, Stripe's refunds too); the collection before it can: an object's ID sits in its own collection, whose
 * name the prefix abbreviates, its letters in order from the first of one of the name's words (`ch` in `charges`,
 * `pi` in `payment_intents`, `evt` in `events`). Not in a collection naming secrets (`npm-tokens`, `api_keys`: the
 * redaction's secret words), not with a known secret's prefix (a checkout session's capability `cs_`, Stripe's card
 * `tok_`, an ephemeral key's `ek_`, a webhook secret's `whsec_`), and not with a second `_` (a client secret,
 * `pi_…_secret_…`; `sk_live_…`). A secret whose prefix happened to abbreviate its collection, in a collection named
 * for no secret, would be kept: none of the known vendors' is so placed.
 */
const OBJECT_ID = /^([a-z]{2,6})_[A-Za-z0-9]{14,40}$/;
const SECRET_PREFIXES: ReadonlySet<string> = new Set(['sk', 'rk', 'pk', 'cs', 'tok', 'btok', 'ek', 'whsec', 'hf', 'npm', 'shpat', 'shpss', 'shpca', 'shppa', 'glpat', 'ghp', 'gho', 'ghu', 'ghs', 'ghr', 'xoxb', 'xoxp']);

export function isCollectionObjectId(segment: string, collection: string | undefined, namesSecret: (s: string) => boolean): boolean {
  const m = collection === undefined ? null : OBJECT_ID.exec(segment);
  if (!m || SECRET_PREFIXES.has(m[1]) || namesSecret(collection!)) return false;
  const words = collection!.toLowerCase().split(/[-_]/).filter((w) => w.length > 0);
  // From the first letter of any word on: `txn` in `balance_transactions` would need an `x` (kept redacted, the safe side).
  for (let w = 0; w < words.length; w++) {
    if (words[w].charAt(0) === m[1].charAt(0) && isSubsequence(m[1], words.slice(w).join(''))) return true;
  }
  return false;
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (long.charAt(j) === short.charAt(i)) i++;
  return i === short.length;
}
