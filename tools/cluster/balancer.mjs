// A small round-robin HTTP load balancer in front of the API processes, standing in for the
// ingress or load balancer of a production deployment. A request whose connection an API refuses
// (the process is down or restarting) goes to the next one: it never reached an API, so sending it
// again cannot do anything twice. A read cut off by an API that died goes to the next one too (as
// nginx's proxy_next_upstream does); a write that reached an API is never sent twice.
import http from 'node:http';

// Larger than the API's own body limit, so the API (not the balancer) answers an oversized body.
const MAX_BODY_BYTES = 16 * 1024 * 1024;
// An API that refused a connection is skipped for this long before it is tried again.
const COOL_DOWN_MS = 2000;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
// Errors that mean the API never got the request.
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH']);

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forward(upstream, req, body, res) {
  return new Promise((resolve, reject) => {
    const target = new URL(upstream);
    const headers = { ...req.headers, host: target.host, 'x-forwarded-for': req.socket.remoteAddress ?? '' };
    const out = http.request({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', resolve);
      answer.on('error', resolve);
    });
    out.on('error', (err) => reject(err));
    out.end(body);
  });
}

/**
 * Starts the balancer on `port` over `upstreams` (base URLs). `upstreams` may be changed in place
 * (e.g. a replaced API on a new port). Resolves with { url, stats, close }.
 */
export function startBalancer({ port, host = '127.0.0.1', upstreams }) {
  let next = 0;
  const downUntil = new Map();
  const stats = { requests: 0, retried: 0, unavailable: 0, perUpstream: {} };
  const server = http.createServer(async (req, res) => {
    stats.requests += 1;
    let body;
    try {
      body = await readBody(req);
    } catch (err) {
      res.writeHead(err.status ?? 400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: err.message }));
      return;
    }
    const order = upstreams.map((_, i) => upstreams[(next + i) % upstreams.length]);
    next = (next + 1) % Math.max(upstreams.length, 1);
    // Healthy ones first, then the cooling ones (better a try than a certain 503).
    const now = Date.now();
    order.sort((a, b) => Number((downUntil.get(a) ?? 0) > now) - Number((downUntil.get(b) ?? 0) > now));
    for (const [i, upstream] of order.entries()) {
      try {
        stats.perUpstream[upstream] = (stats.perUpstream[upstream] ?? 0) + 1;
        await forward(upstream, req, body, res);
        return;
      } catch (err) {
        const retryable = !res.headersSent && (NOT_SENT.has(err.code) || IDEMPOTENT.has(req.method ?? ''));
        if (!retryable) {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'the API closed the connection' }));
          else res.destroy();
          return;
        }
        downUntil.set(upstream, Date.now() + COOL_DOWN_MS);
        if (i < order.length - 1) stats.retried += 1;
      }
    }
    stats.unavailable += 1;
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end(JSON.stringify({ message: 'no API process is reachable; retry shortly' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address();
      resolve({ url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${bound}`, stats, close: () => new Promise((r) => {
          server.close(() => r());
          server.closeAllConnections();
        }),
      });
    });
  });
}
