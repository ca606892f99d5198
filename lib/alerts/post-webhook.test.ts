import { expect, test } from 'vitest';
import { postWebhook } from './post-webhook';

test("a webhook URL's user:password@ is sent as Basic authorization, never named in the error stored and logged", async () => {
  // Until 6 Dec fetch refused such a URL, and its message (`…includes credentials: https://lantern:pw@…`) was the
  // error each attempt stored on the alert and serve logged: the password in the database and the log, and no alert
  // ever delivered.
  const sent: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetchOk = (async (url: string, init: RequestInit) => {
    sent.push({ url, headers: init.headers as Record<string, string> });
    return new Response(null, { status: 204 });
  }) as unknown as typeof fetch;
  await postWebhook('https://lantern:CANARY%40pw@siem.example/in/hook', '{}', { 'content-type': 'application/json' }, fetchOk);
  expect(sent).toEqual([{
    url: 'https://siem.example/in/hook',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('lantern:CANARY@pw').toString('base64')}` },
  }]);
  // Whatever a failing fetch says, the URL's path (a Slack hook's key) and userinfo stay out of the error.
  const fetchFails = (async (url: string) => {
    throw new TypeError(`Request cannot be constructed from a URL: ${url}`);
  }) as unknown as typeof fetch;
  const failure = postWebhook('https://hooks.example/services/T0/B0/CANARYkey', '{}', {}, fetchFails);
  await expect(failure).rejects.toThrow(/^hooks\.example: /);
  await expect(failure).rejects.not.toThrow(/CANARY/);
  await expect(postWebhook('https://lantern:CANARYpw@siem.example/hook', '{}', {}, fetchFails)).rejects.not.toThrow(/CANARY/);
});
