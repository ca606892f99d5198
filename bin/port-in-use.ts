import { createServer } from 'node:net';

/**
 * Whether something already listens on the port `next start -p PORT` will take (every address, as Next binds it).
 * Asked before serve migrates and says it serves: Next finds out only after all that, and says it with an error
 * object. Another process may still take the port in between; Next's own error then stands.
 */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE'));
    probe.listen(port, () => probe.close(() => resolve(false)));
  });
}
