import { ConsoleLogger, type LogLevel } from '@nestjs/common';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

/** The levels printed for LOG_LEVEL=<level>: that one and every more severe one. */
export function levelsUpTo(level: (typeof LOG_LEVELS)[number]): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/** Nest's start-up chatter: a line per module and per route (about a hundred in all). */
const START_UP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** The console logger, with Nest's start-up lines moved from `log` down to `debug`. */
export class QuietLogger extends ConsoleLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) {
      super.debug(message, ...optionalParams);
      return;
    }
    super.log(message, ...optionalParams);
  }
}
