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

/** `X-Lantern-Signature: sha256=<hex>` over the exact body, so receivers can verify origin and integrity. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
