import { redactForLog, type LogFormat } from '@signalbox/contracts';

export type StructuredLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';
const RANK: Record<StructuredLevel, number> = { error: 0, warn: 1, info: 2, debug: 3, trace: 4 };

export interface StructuredLogger {
  error(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * The worker's log lines: one JSON object per line (LOG_FORMAT=json) with time, level, msg and the
 * record's fields (runId, serviceOrderId, eventCode…), or `level msg key=value…` text. Fields pass
 * through contracts' redactForLog, so secrets under secret-looking keys and API keys never print.
 */
export function createLogger(options: { format: LogFormat; level: StructuredLevel; write?: (line: string) => void; base?: Record<string, unknown> }): StructuredLogger & { log(level: StructuredLevel, msg: string, fields?: Record<string, unknown>): void } {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log = (level: StructuredLevel, msg: string, fields: Record<string, unknown> = {}) => {
    if (RANK[level] > RANK[options.level]) return;
    const safe = redactForLog({ ...options.base, ...fields }) as Record<string, unknown>;
    const text = redactForLog(msg) as string;
    if (options.format === 'json') {
      write(JSON.stringify({ time: new Date().toISOString(), level, msg: text, ...safe }));
      return;
    }
    const pairs = Object.entries(safe)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    write([`worker ${level}:`, text, ...pairs].join(' '));
  };
  return {
    log,
    error: (msg, fields) => log('error', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    debug: (msg, fields) => log('debug', msg, fields),
  };
}
