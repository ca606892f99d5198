import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A real local receiver whose answer each test chooses; it records every request it gets. */
export function receiver() {
  const requests: { method: string; url: string; body: string; headers: IncomingMessage['headers'] }[] = [];
  let handle: Handler = (_req, _body, res) => res.writeHead(204).end();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, body, headers: req.headers });
      handle(req, body, res);
    });
  });
  return {
    requests,
    on(h: Handler) {
      handle = h;
    },
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
