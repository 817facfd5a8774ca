// Loopback port helpers shared by the dev runner, the test runner and the
// cross-app suites.
import { connect, createServer } from 'node:net';

/** True when something accepts TCP connections on host:port within a second. */
export function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Polls until something listens on host:port. Resolves 'listening', or
 * 'exited' as soon as `exited()` (say, "the server process is gone") turns
 * true, or 'timeout' after `timeoutMs`; the caller words the error.
 */
export async function waitForPort(port, { timeoutMs = 15_000, host = '127.0.0.1', exited } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port, host))) {
    if (exited?.()) return 'exited';
    if (Date.now() > deadline) return 'timeout';
    await new Promise((r) => setTimeout(r, 100));
  }
  return 'listening';
}

/** A port the kernel just handed out on 127.0.0.1 (free unless someone races for it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The HTTP status of a GET (body drained), or 0 when nothing answered within two seconds. */
export async function httpStatus(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
