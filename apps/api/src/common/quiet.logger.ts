import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { levelsUpTo, redactForLog, type LogLevelName } from '@signalbox/contracts';

/** Nest's levels printed for LOG_LEVEL=<level>: the shared names are Nest's own. */
export function nestLevelsUpTo(level: LogLevelName): LogLevel[] {
  return levelsUpTo(level) satisfies LogLevel[];
}

/** Nest's start-up chatter: a line per module and per route (about a hundred in all). */
const START_UP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/**
 * The console logger, with Nest's start-up lines moved from `log` down to `debug`. Messages may be
 * objects (`{ msg, runId, eventCode, serviceOrderId }`): with LOG_FORMAT=json they print as fields
 * of the line. Every message passes contracts' redactForLog, so secret-looking keys and API keys
 * never print in either format.
 */
export class QuietLogger extends ConsoleLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) {
      super.debug(redactForLog(message), ...optionalParams);
      return;
    }
    super.log(redactForLog(message), ...optionalParams);
  }

  override error(message: unknown, ...optionalParams: unknown[]): void {
    super.error(redactForLog(message), ...optionalParams);
  }

  override warn(message: unknown, ...optionalParams: unknown[]): void {
    super.warn(redactForLog(message), ...optionalParams);
  }

  override debug(message: unknown, ...optionalParams: unknown[]): void {
    super.debug(redactForLog(message), ...optionalParams);
  }
}
