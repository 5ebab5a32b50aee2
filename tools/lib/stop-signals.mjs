// How a launcher (npm start, npm run stack:cluster) stops: Ctrl-C, SIGTERM or SIGHUP stop everything
// it started; so does an unexpected error, and being orphaned (npm killed outright).
import { fail } from './log.mjs';

/** Wires the process's stop signals to `shutdown(code)`. */
export function stopOnSignals(shutdown) {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  process.on('uncaughtException', (err) => {
    fail(`unexpected error: ${err.message}`);
    void shutdown(1);
  });
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void shutdown(0), 1000).unref();
}
