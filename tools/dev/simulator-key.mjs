// The dev stack's network simulator answers asynchronous orders by calling the API back. It does
// so with an agent key scoped to the providers it stands in for — never with the admin key, which
// would let anything that reads the simulator's environment or traffic administer Signalbox.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const KEY_FILE = 'simulator-agent.key';

async function api(apiUrl, key, method, route, body) {
  const res = await fetch(`${apiUrl}/api${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Codes of the catalog's providers whose endpoints are on the simulator. */
async function simulatedProviders(apiUrl, adminKey, simulatorUrl) {
  const base = simulatorUrl.replace(/\/+$/, '');
  const res = await api(apiUrl, adminKey, 'GET', '/providers?pageSize=200');
  if (res.status !== 200) throw new Error(`could not list providers for the simulator's key (${res.status})`);
  return res.body.items.filter((p) => (p.endpoints ?? []).some((url) => String(url).startsWith(base))).map((p) => p.code).sort();
}

/** The key kept from an earlier start when it is still valid and scoped to exactly these providers. */
async function keptKey(apiUrl, file, providers) {
  if (!existsSync(file)) return undefined;
  const key = readFileSync(file, 'utf8').trim();
  const me = await api(apiUrl, key, 'GET', '/auth/me');
  if (me.status === 200 && me.body.role === 'agent' && JSON.stringify([...(me.body.providers ?? [])].sort()) === JSON.stringify(providers)) return { key };
  return { stale: me.status === 200 ? me.body.keyId : undefined };
}

/**
 * Makes (or reuses) an agent key scoped to the providers served by the simulator, and hands it to
 * the simulator for its callbacks. Call once the API is up. Returns the providers it covers.
 */
export async function giveSimulatorAgentKey({ apiUrl, simulatorUrl, adminKey, dataDir }) {
  const providers = await simulatedProviders(apiUrl, adminKey, simulatorUrl);
  let key = null;
  if (providers.length > 0) {
    const file = path.join(dataDir, KEY_FILE);
    const kept = await keptKey(apiUrl, file, providers);
    key = kept?.key ?? null;
    if (!key) {
      if (kept?.stale) await api(apiUrl, adminKey, 'DELETE', `/keys/${kept.stale}`);
      const created = await api(apiUrl, adminKey, 'POST', '/keys', { name: 'network simulator (dev stack)', role: 'agent', providers });
      if (created.status !== 201) throw new Error(`could not create the simulator's agent key: ${created.body?.message ?? created.status}`);
      key = created.body.key;
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, `${key}\n`, { mode: 0o600 });
    }
  }
  const res = await fetch(`${simulatorUrl}/control/callback-key`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: key }) });
  if (res.status !== 200) throw new Error(`the simulator refused its callback key (${res.status})`);
  return providers;
}
