import { DEMO_PROVIDER_AUTH } from '@signalbox/contracts';
import type { SimulatorOptions } from './simulator';

export const PORT_VARIABLES = { http: 'SIMULATOR_PORT', tcp: 'SIMULATOR_TCP_PORT', smtp: 'SIMULATOR_SMTP_PORT' } as const;

export type ConfigResult = { ok: true; options: SimulatorOptions } | { ok: false; problems: string[] };

/** Reads the simulator's settings from the environment; every problem is reported, not only the first. */
export function readConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const problems: string[] = [];
  const host = (env.SIMULATOR_HOST ?? '127.0.0.1').trim();
  if (host === '') problems.push('SIMULATOR_HOST must not be empty (e.g. 127.0.0.1)');
  const port = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
      problems.push(`${name} must be a port number from 0 to 65535 (0 = any free port), got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  };
  const options: SimulatorOptions = {
    host,
    port: port(PORT_VARIABLES.http, 4300),
    tcpPort: port(PORT_VARIABLES.tcp, 4301),
    smtpPort: port(PORT_VARIABLES.smtp, 4325),
  };
  const apiKey = env.SIMULATOR_CALLBACK_API_KEY?.trim();
  if (apiKey) options.callbacks = { headers: { authorization: `Bearer ${apiKey}` } };
  const preset = env.SIMULATOR_PRESET?.trim();
  // The demo preset verifies the demo catalog's provider signatures (public demo credentials).
  if (preset === 'demo') options.providers = Object.fromEntries(Object.entries(DEMO_PROVIDER_AUTH).map(([code, auth]) => [code, { auth: { ...auth } }]));
  else if (preset) problems.push(`SIMULATOR_PRESET must be "demo" or unset, got "${preset}"`);
  return problems.length ? { ok: false, problems } : { ok: true, options };
}
