import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Pages {
  origin: string;
  close(): Promise<void>;
}

/**
 * A merchant site of a few static files on its own origin, every response under one
 * Content-Security-Policy: for pages that must be exactly what a test writes (a snippet pasted
 * verbatim, a stylesheet of hostile text styles), unlike the demo store's templates.
 */
export async function servePages(files: Record<string, { body: string; type?: string }>, csp: string): Promise<Pages> {
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://pages.local').pathname];
    if (!file) return void res.writeHead(404).end();
    const type = file.type ?? 'text/html; charset=utf-8';
    const headers = { 'Content-Type': type, 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' };
    res.writeHead(200, headers).end(file.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** A plain HTML page: `head` and `body` as given, nothing else. */
export const htmlPage = (body: string, head = '') =>
  [
    '<!doctype html>',
    '<html lang="en">',
    `<head>\n<meta charset="utf-8">\n<title>Shop</title>\n${head}\n</head>`,
    `<body>\n${body}\n</body>`,
    '</html>',
    '',
  ].join('\n');
