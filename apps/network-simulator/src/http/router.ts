import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { CallbackSender } from '../callbacks';
import type { FileDrops } from '../file-drop';
import type { MessageService } from '../messages.service';
import type { OrderService } from '../orders.service';
import type { SimulatorState } from '../state';
import { ControlRoutes } from './control.routes';
import { renderDashboard } from './dashboard';
import { HttpError, errorBody, sendHtml, sendJson } from './http-util';
import { handleProviderRequest, handleSubscriberRead } from './provider.routes';
import { handlePushRequest } from './push.routes';

type Handler = (req: IncomingMessage, res: ServerResponse, params: string[], query: URLSearchParams) => void | Promise<void>;
interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export function createRequestListener(state: SimulatorState, orders: OrderService, messages: MessageService, callbacks: CallbackSender, fileDrops: FileDrops): RequestListener {
  const control = new ControlRoutes(state, callbacks, fileDrops);
  const deps = { state, orders, messages };
  const segment = '([^/]+)';
  const routes: Route[] = [
    { method: 'GET', pattern: /^\/$/, handler: (_req, res) => sendHtml(res, renderDashboard(state)) },
    { method: 'GET', pattern: /^\/health$/, handler: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    { method: 'POST', pattern: new RegExp(`^/providers/${segment}/orders$`), handler: (req, res, [code]) => handleProviderRequest('orders', code, req, res, deps) },
    { method: 'POST', pattern: new RegExp(`^/providers/${segment}/messages$`), handler: (req, res, [code]) => handleProviderRequest('messages', code, req, res, deps) },
    { method: 'POST', pattern: new RegExp(`^/providers/${segment}/v1/projects/${segment}/messages:send$`), handler: (req, res, [code, project]) => handlePushRequest(code, project, req, res, state) },
    { method: 'GET', pattern: new RegExp(`^/providers/${segment}/subscribers/${segment}$`), handler: (req, res, [code, key]) => handleSubscriberRead(code, key, req, res, deps) },
    { method: 'POST', pattern: new RegExp(`^/control/providers/${segment}/drift$`), handler: (req, res, [code]) => control.postDrift(req, res, code) },
    { method: 'GET', pattern: /^\/control\/providers$/, handler: (_req, res) => control.listProviders(res) },
    { method: 'GET', pattern: new RegExp(`^/control/providers/${segment}$`), handler: (_req, res, [code]) => control.getProvider(res, code) },
    { method: 'PUT', pattern: new RegExp(`^/control/providers/${segment}$`), handler: (req, res, [code]) => control.putProvider(req, res, code) },
    { method: 'GET', pattern: new RegExp(`^/control/file-drops/${segment}$`), handler: (_req, res, [code]) => control.getFileDrop(res, code) },
    { method: 'PUT', pattern: new RegExp(`^/control/file-drops/${segment}$`), handler: (req, res, [code]) => control.putFileDrop(req, res, code) },
    { method: 'POST', pattern: /^\/control\/reset$/, handler: (_req, res) => control.reset(res) },
    { method: 'PUT', pattern: /^\/control\/callback-key$/, handler: (req, res) => control.putCallbackKey(req, res) },
    { method: 'GET', pattern: /^\/control\/requests$/, handler: (_req, res, _p, query) => control.requests(res, query) },
    { method: 'GET', pattern: /^\/control\/callbacks$/, handler: (_req, res, _p, query) => control.callbacks(res, query) },
    { method: 'GET', pattern: /^\/control\/stats$/, handler: (_req, res) => control.stats(res) },
    { method: 'GET', pattern: /^\/control\/subscribers$/, handler: (_req, res, _p, query) => control.subscribers(res, query) },
    { method: 'GET', pattern: /^\/control\/messages$/, handler: (_req, res, _p, query) => control.messages(res, query) },
  ];

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const matching = routes
      .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
      .filter((m): m is { route: Route; match: RegExpExecArray } => m.match !== null);
    const found = matching.find((m) => m.route.method === req.method);
    if (!found) {
      if (matching.length) {
        res.setHeader('allow', matching.map((m) => m.route.method).join(', '));
        sendJson(res, 405, errorBody(405, 'MethodNotAllowed', `${req.method} is not allowed on ${url.pathname}`));
      } else {
        sendJson(res, 404, errorBody(404, 'NotFound', `no route for ${req.method} ${url.pathname}`));
      }
      return;
    }
    let params: string[];
    try {
      params = found.match.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      sendJson(res, 400, errorBody(400, 'BadRequest', 'the path is not valid URL encoding'));
      return;
    }
    Promise.resolve()
      .then(() => found.route.handler(req, res, params, url.searchParams))
      .catch((error: unknown) => {
        if (error instanceof HttpError) {
          sendJson(res, error.status, error.body());
          return;
        }
        console.error(`network-simulator: ${req.method} ${url.pathname} failed: ${(error as Error)?.message ?? error}`);
        sendJson(res, 500, errorBody(500, 'InternalServerError', 'the simulator failed to handle this request'));
      });
  };
}
