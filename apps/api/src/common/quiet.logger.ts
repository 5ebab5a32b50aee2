import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { levelsUpTo, type LogLevelName } from '@signalbox/contracts';

/** Nest's levels printed for LOG_LEVEL=<level>: the shared names are Nest's own. */
export function nestLevelsUpTo(level: LogLevelName): LogLevel[] {
  return levelsUpTo(level) satisfies LogLevel[];
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
