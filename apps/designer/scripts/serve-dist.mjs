// A tiny static server for the built designer (dist/), with /api proxied to a real API.
// Used by the browser tests and the canvas benchmark; not a production server.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };
export const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/**
 * @param {{ apiUrl?: string, port?: number, dist?: string }} [options]
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function serveDist({ apiUrl, port = 0, dist = DIST } = {}) {
  await fs.access(path.join(dist, 'index.html')).catch(() => {
    throw new Error(`${dist}/index.html is missing: build the designer first (npm run build -w apps/designer)`);
  });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api')) {
      if (!apiUrl) return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"no API behind this server"}');
      const target = new URL(url.pathname + url.search, apiUrl);
      const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', (e) => res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `API unreachable: ${e.message}` })));
      req.pipe(upstream);
      return;
    }
    const file = path.join(dist, path.normalize(url.pathname).replace(/^([/\\])+/, ''));
    const inside = file.startsWith(dist);
    const body = inside ? await fs.readFile(file).catch(() => null) : null;
    if (body && !url.pathname.endsWith('/')) {
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      return void res.end(body);
    }
    res.writeHead(200, { 'content-type': TYPES['.html'] });
    res.end(await fs.readFile(path.join(dist, 'index.html')));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
