import { createHash } from 'node:crypto';
import { fingerprintCredential } from '../exchange/fingerprint';

/**
 * A webhook's name in an alert's `sentTo` (which sinks took it): a keyed fingerprint (the installation's fingerprint
 * key), because the URL itself may carry a secret (a Slack hook's path is its key). Until 6 Dec it was a plain SHA-256
 * (`webhook:<16 hex>`), which let anyone who read the alerts table (a backup, a dump) test guesses at a URL with a
 * short secret offline. The new names have their own prefix, so an old one is never taken for a new one.
 */
export function webhookSink(target: string, key: string): string {
  return `webhook-hmac:${fingerprintCredential(`webhook ${target}`, key)}`;
}

/** `LANTERN_WEBHOOK_URLS` as its webhooks, in order. */
export function webhookTargets(list: string | undefined): string[] {
  return (list ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

const LEGACY_SINK = /^webhook:[0-9a-f]{16}$/;

function legacyWebhookSink(target: string): string {
  return `webhook:${createHash('sha256').update(target).digest('hex').slice(0, 16)}`;
}

/**
 * `sentTo` with every plain-hash name replaced: by its webhook's keyed name when the webhook is still configured (so it
 * is not sent the alert again), else by a keyed fingerprint of the old name (still one distinct sink, no longer a
 * guessable hash). Undefined when there was nothing to replace.
 */
export function rekeyedSentTo(sentTo: readonly string[], targets: readonly string[], key: string): string[] | undefined {
  if (!sentTo.some((s) => LEGACY_SINK.test(s))) return undefined;
  const configured = new Map(targets.map((t) => [legacyWebhookSink(t), webhookSink(t, key)]));
  return [...new Set(sentTo.map((s) => (LEGACY_SINK.test(s) ? (configured.get(s) ?? `webhook-hmac:${fingerprintCredential(`legacy ${s}`, key)}`) : s)))];
}
