import { createHmac } from 'node:crypto';

export interface AlertEvent {
  id: string;
  kind: string;
  summary: string;
  createdAt: string;
  payload: unknown;
}

/** Generic JSON for SIEMs and custom receivers; Slack-compatible `{ text }` for `slack:` URLs. */
export function webhookBody(target: string, event: AlertEvent): string {
  if (target.startsWith('slack:')) return JSON.stringify({ text: `:rotating_light: Lantern: ${event.summary}` });
  return JSON.stringify({ source: 'lantern', ...event });
}

/**
 * `X-Lantern-Signature: sha256=<hex>` over the exact body: origin and integrity only. Kept unchanged so receivers
 * built on it keep working, but a captured request verifies forever — receivers should move to `signDelivery`.
 */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * `X-Lantern-Signature-V2: sha256=<hex>` over `<timestamp>.<delivery id>.<body>` (Stripe's and Slack's scheme, plus
 * the id): the timestamp lets a receiver refuse a replayed request outside its tolerance window, and signing the id
 * stops a replay inside the window from dodging the receiver's duplicate check with a fresh `X-Lantern-Delivery`.
 */
export function signDelivery(body: string, deliveryId: string, timestamp: number, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${deliveryId}.${body}`).digest('hex')}`;
}
