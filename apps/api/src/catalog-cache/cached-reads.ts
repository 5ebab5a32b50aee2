import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { INestApplication } from '@nestjs/common';
import { allows } from '@signalbox/domain';
import type { CatalogKind } from '@signalbox/persistence';
import { ApiKeysService } from '../auth/api-keys.service';
import { defaultPermission } from '../auth/permissions';
import { MALFORMED_AUTHORIZATION, readPresentedKey } from '../auth/presented-key';
import { catalogListQuerySchema } from '../catalog/catalog-list-query';
import { CATALOG_KIND_SPECS } from '../catalog/catalog-kinds';
import type { CatalogListQuery } from '../catalog/catalog.service';
import { CatalogService } from '../catalog/catalog.service';
import { unstorableText } from '../common/text-input.middleware';
import { WorkflowsService } from '../workflows/workflows.service';
import { sendCachedJson } from './cached-json';

/** A read the fast path answers: a catalog list, or one event code's workflow. */
type CachedRead = { kind: CatalogKind; query: Record<string, unknown> } | { eventCode: string };

/** Answers the request, or calls `next` to leave it to Express and Nest. */
export type CachedReadsHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const LIST_PATHS = new Map(Object.keys(CATALOG_KIND_SPECS).map((kind) => [`/api/${kind}`, kind as CatalogKind]));
const WORKFLOW_PATH = /^\/api\/workflows\/([^/]+)$/;

/** The read a GET asks for, when it is one the fast path answers and its URL holds nothing the text rules refuse. */
function cachedRead(url: string): CachedRead | undefined {
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  // Express's own query parser ('simple': node:querystring), so the schema sees what Nest would give it.
  const query = mark < 0 ? {} : parseQuery(url.slice(mark + 1));
  if (unstorableText(path, query).length > 0) return undefined;
  const kind = LIST_PATHS.get(path);
  if (kind) return { kind, query };
  const workflow = WORKFLOW_PATH.exec(path);
  if (!workflow || mark >= 0) return undefined;
  try {
    return { eventCode: decodeURIComponent(workflow[1]!) };
  } catch {
    return undefined;
  }
}

/**
 * Catalog lists and workflow reads answered from the catalog revision's cache before Express and
 * Nest: on a busy catalog their routing, guard and pipes cost more than the answer. Only a read
 * that would succeed is answered here, with the checks the guard, the pipe and the text rules make
 * (the key as ApiKeysService checks it, the `read` permission these routes need, the list query
 * parsed by the controller's own schema, no NUL or broken text) and the same cached bytes, ETag
 * and headers as the controllers send. Anything else — no key, a revoked one, a bad query, an
 * unknown code, an error — goes on to Express and Nest, which answer it the usual way. The routes'
 * permission (`read`, the default for GET) is asserted by the role-matrix test through the
 * OpenAPI document.
 */
export function cachedReadsHandler(app: INestApplication): CachedReadsHandler {
  const keys = app.get(ApiKeysService);
  const catalog = app.get(CatalogService);
  const workflows = app.get(WorkflowsService);

  async function answer(read: CachedRead, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const presented = readPresentedKey(req.headers);
    // A missing or malformed key is the guard's to answer.
    if (!presented || presented === MALFORMED_AUTHORIZATION) return false;
    const principal = await keys.authenticate(presented);
    if (!principal || !allows(principal.role, defaultPermission('GET'))) return false;
    if ('kind' in read) {
      const query = catalogListQuerySchema(read.kind).safeParse(read.query);
      if (!query.success) return false;
      const { revision, body } = await catalog.listJson(read.kind, query.data as CatalogListQuery);
      sendCachedJson(req, res, revision, body);
    } else {
      const { revision, parts } = await workflows.cachedJson(read.eventCode);
      sendCachedJson(req, res, revision, parts);
    }
    return true;
  }

  return (req, res, next) => {
    const read = req.method === 'GET' && req.url ? cachedRead(req.url) : undefined;
    if (!read) return next();
    answer(read, req, res).then(
      (answered) => {
        if (!answered) next();
      },
      // Nest answers the failure its own way (404 for an unknown code, the error filter's format).
      () => (res.headersSent ? res.destroy() : next()),
    );
  };
}
