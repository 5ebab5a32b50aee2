import { readFileSync } from 'node:fs';
import net from 'node:net';

const LOWEST = 10_000;
/** Ports already handed out by this process: two picks in one process never collide. */
const handedOut = new Set();

/**
 * The first port the OS hands out for outgoing connections (32768 on Linux). A port picked by
 * asking the OS for one (`listen(0)`) comes from that same range, so between picking it and a
 * child binding it any outgoing connection on a busy machine may take it (seen: an API's port taken
 * a minute after it was picked while other suites ran). Below this range only explicit binds
 * compete, and each pick is checked.
 */
function ephemeralLow() {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > LOWEST + 1000) return low;
  } catch {
    // not Linux: the common default
  }
  return 32_768;
}

/** True when something already listens on host:port. */
export function portInUse(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err) => resolve(err.code === 'EADDRINUSE' || err.code === 'EACCES'));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

/**
 * A TCP port nobody listens on right now, below the OS's outgoing-connection range (so also below
 * 32768, which Temporal's SQL schema needs for membership ports).
 */
export async function freePort(host = '127.0.0.1') {
  const highest = Math.min(ephemeralLow(), 32_768) - 1;
  for (let i = 0; i < 200; i++) {
    const candidate = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
    if (handedOut.has(candidate)) continue;
    // Claimed before the check, so concurrent picks in this process cannot take the same one.
    handedOut.add(candidate);
    if (!(await portInUse(candidate, host))) return candidate;
    handedOut.delete(candidate);
  }
  throw new Error(`no free port found between ${LOWEST} and ${highest} on ${host} after 200 tries`);
}
