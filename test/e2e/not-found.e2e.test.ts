import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLantern, type RunningLantern } from './lantern-server';

/** Needs the built app (a prerendered page looks fine in `next dev`). No browser: the HTML and its CSP say it all. */
describe('a URL no route matches', () => {
  let lantern: RunningLantern;
  beforeAll(async () => {
    lantern = await startLantern();
  });
  afterAll(async () => {
    await lantern?.stop();
  });

  test('answers 404 with a page whose scripts the CSP allows and a link back to the inventory', async () => {
    for (const path of ['/nope', '/apis/payments', '/%C3%BCml%C3%A4ut/注文']) {
      const res = await fetch(`${lantern.url}${encodeURI(path)}`, { redirect: 'manual' });
      expect(res.status).toBe(404);
      const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
      expect(nonce).toBeTruthy();
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      // Every script tag carries this response's nonce, or the browser refuses it under 'strict-dynamic'.
      expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
      expect(html).toContain('href="/inventory"');
    }
  });

  test('/api itself, with or without its slash, is the JSON 404 of every unknown API path, not an HTML page', async () => {
    const answers = [];
    // '/api/' is Next's usual 308 to the path without its slash, which a client follows.
    for (const path of ['/api', '/api/', '/api/no-such-route']) {
      const res = await fetch(`${lantern.url}${path}`);
      answers.push([path, res.status, res.headers.get('content-type'), ((await res.json()) as { error: { code: string } }).error.code]);
    }
    expect(answers).toEqual([
      ['/api', 404, 'application/json', 'not_found'],
      ['/api/', 404, 'application/json', 'not_found'],
      ['/api/no-such-route', 404, 'application/json', 'not_found'],
    ]);
  });
});
