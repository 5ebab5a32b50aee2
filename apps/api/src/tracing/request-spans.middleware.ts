import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

const tracer = trace.getTracer('signalbox-api');

/**
 * A server span per request, continuing the caller's W3C `traceparent` when it sends one. Runs
 * after the body parsers, so the handlers (and the Temporal client's start calls) run inside the
 * span's context. Named by method and route template (`POST /api/events`); the raw path and query
 * are not recorded, as they can carry subject keys.
 */
export function traceRequests(req: Request, res: Response, next: NextFunction): void {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    const route = routeOf(req);
    if (route) {
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    if (res.writableFinished) {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    } else {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'the connection closed before the answer was sent' });
    }
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
  context.with(trace.setSpan(parent, span), next);
}

/** The matched route's template (`/api/runs/:id`), when a route matched. */
function routeOf(req: Request): string | undefined {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : undefined;
}
