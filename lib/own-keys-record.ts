import { z } from 'zod';
import { isSecretSegment, REDACTED_SEGMENT } from './security/redact-path';

/**
 * `z.record(key, value)` that keeps every key. zod's record skips a `__proto__` key on purpose (assigning it to the
 * plain object it builds would replace that object's prototype), so a query parameter, cookie or JSON name
 * `__proto__` seen in traffic vanished from every batch at the server's door. Here entries go into a Map and out
 * through `Object.fromEntries`, which defines `__proto__` as an own key like any other. Issues keep zod's paths.
 */
export function ownKeysRecord<K extends z.ZodType<string, string>, V extends z.ZodType>(key: K, value: V) {
  return z.unknown().transform((input, ctx): Record<z.output<K>, z.output<V>> => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      ctx.addIssue({ code: 'invalid_type', expected: 'record', input, message: 'Invalid input: expected record' });
      return z.NEVER;
    }
    const out = new Map<string, z.output<V>>();
    for (const [k, v] of Object.entries(input)) {
      const name = key.safeParse(k);
      if (!name.success) {
        ctx.addIssue({ code: 'invalid_key', origin: 'record', input: k, path: [keyInError(k)], issues: name.error.issues, message: 'Invalid key in record', continue: true });
        continue;
      }
      const parsed = value.safeParse(v);
      if (!parsed.success) {
        // `continue`: as with zod's record, a bad count leaves the enclosing object's own checks (the days adding up
        // to the total) to report too, so a batch is refused naming every field at once.
        for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [k, ...issue.path], continue: true } as Parameters<typeof ctx.addIssue>[0]);
        continue;
      }
      out.set(name.data, parsed.data);
    }
    return Object.fromEntries(out) as Record<z.output<K>, z.output<V>>;
  });
}

/**
 * A refused key as the error names it: the 400 goes back to the sender and `lantern push` prints it, and a key that
 * is no auth kind is often the credential itself (`Bearer sk_live_…`). Its words shaped like secrets are redacted (as
 * in paths), and it is cut to 128 characters.
 */
function keyInError(k: string): string {
  const named = k.replace(/[^\s:,;=]+/g, (word) => (isSecretSegment(word, undefined) ? REDACTED_SEGMENT : word));
  return named.length > 128 ? `${named.slice(0, 128)}…` : named;
}
