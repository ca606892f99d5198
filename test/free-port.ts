import { createServer } from 'node:net';
import { request } from 'node:http';

/** A TCP port on loopback that was free a moment ago (the OS picks it; a test server or program then binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Waits until an HTTP server answers on a loopback port (an `OPTIONS /probe`; any status will do), or throws with
 * what `log()` says about the server that did not come up.
 */
export async function waitForHttp(ports: readonly number[], name: string, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await Promise.all(ports.map(answers))).every(Boolean)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not start:\n${log()}`);
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/probe', method: 'OPTIONS' }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}
