import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny OTLP/HTTP JSON receiver for tests: accepts `POST /v1/traces` as OpenTelemetry's HTTP
 * exporter sends it (ExportTraceServiceRequest in JSON, ids in hex) and keeps every span.
 */

type AnyValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number };
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: KeyValue[];
}
export interface OtlpTraceRequest {
  resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean | undefined>;
}

export interface OtlpCollector {
  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  url: string;
  /** Every span received (of one trace when given). */
  spans(traceId?: string): ReceivedSpan[];
  /** The requests as received. */
  raw(): OtlpTraceRequest[];
  close(): Promise<void>;
}

const valueOf = (v: AnyValue) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.boolValue ?? v.doubleValue;
const attributesOf = (list: KeyValue[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

export async function startOtlpCollector(): Promise<OtlpCollector> {
  const requests: OtlpTraceRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(404).end();
        return;
      }
      try {
        requests.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraceRequest);
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const spans = (traceId?: string): ReceivedSpan[] =>
    requests.flatMap((request) =>
      (request.resourceSpans ?? []).flatMap((rs) => {
        const service = String(attributesOf(rs.resource?.attributes)['service.name']);
        return (rs.scopeSpans ?? []).flatMap((ss) =>
          (ss.spans ?? [])
            .filter((s) => traceId === undefined || s.traceId === traceId)
            .map((s) => ({ service, traceId: s.traceId, spanId: s.spanId, ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}), name: s.name, kind: s.kind, attributes: attributesOf(s.attributes) })),
        );
      }),
    );

  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    raw: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
