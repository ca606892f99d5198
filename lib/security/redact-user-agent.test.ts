import { expect, test } from 'vitest';
import { redactUserAgent, userAgentMayHoldSecret } from './redact-user-agent';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJDQU5BUlkifQ.c2lnbmF0dXJlLUNBTkFSWS0xMjM0NTY3OA';

test('real agents are kept as they came, and the cheap test passes them over', () => {
  const agents = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'Dalvik/2.1.0 (Linux; U; Android 11; SM-G991B Build/RP1A.200720.012)',
    'aws-sdk-java/1.12.500 Linux/5.10.0-1234-aws OpenJDK_64-Bit_Server_VM/25.372-b07 java/1.8.0_372',
    'com.google.android.apps.maps/11.0 okhttp/4.9.0', 'python-requests/2.31.0', 'Go-http-client/1.1', 'curl/8.5.0',
  ];
  for (const ua of agents) expect(redactUserAgent(ua)).toBe(ua);
  expect(agents.filter(userAgentMayHoldSecret)).toEqual([agents[4], agents[5]]);
});

test('credential-shaped parts are redacted, product tokens kept', () => {
  expect(redactUserAgent('MyApp/1.2 (token=CANARY-ua-1; key=x)')).toBe('MyApp/1.2 (token={redacted}; key={redacted})');
  expect(redactUserAgent(`sdk/3.0 ${JWT}`)).toBe('sdk/3.0 {redacted}');
  expect(redactUserAgent('cli/2.0 sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toBe('cli/2.0 {redacted}');
  expect(redactUserAgent('agent/1.0 install/Zx8Qp2LmN7rT4vW9yB3kD6hJ')).toBe('agent/1.0 install/{redacted}');
  expect(redactUserAgent('bot/1.0 (+https://bot.example/?k=CANARY)')).toBe('bot/1.0 ({redacted})');
});

test("a URL's userinfo in an agent (a bot's contact URL with its credentials) is redacted, its host kept", () => {
  expect(userAgentMayHoldSecret('MyBot/1.0 (+https://crawler:s3cret@bot.example/info)')).toBe(true);
  expect(redactUserAgent('MyBot/1.0 (+https://crawler:s3cret@bot.example/info)')).toBe('MyBot/1.0 (+https://{redacted}@bot.example/info)');
  expect(redactUserAgent('MyBot/1.0 (+http://token@bot.example/)')).toBe('MyBot/1.0 (+http://{redacted}@bot.example/)');
  // An e-mail address to contact the bot's owner is no credential.
  expect(redactUserAgent('MyBot/1.0 (ops@bot.example)')).toBe('MyBot/1.0 (ops@bot.example)');
});
