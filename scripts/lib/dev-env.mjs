// The environment `pnpm dev` hands to the API and the dashboards: `.env` with
// the shell on top, and the URLs that follow from the ports derived from them.
//
// The rule (README, "Ports"): PUBLIC_API_URL, CLIENT_APP_URL, ADMIN_APP_URL and
// CORS_ORIGIN follow API_PORT, CLIENT_PORT and ADMIN_PORT unless they are set
// explicitly, which means either
//   - set, non-empty, in the shell; or
//   - set in .env to something other than the value the default ports give.
// So a fresh .env (which leaves them empty) and an older one (which spelled out
// the default-port values) both move with `CLIENT_PORT=4201 pnpm dev`, while a
// URL someone chose on purpose (a tunnel, another host name) is kept. Without
// this, moving a port left invite links and the CORS allow-list on the old one.

export const DEFAULT_PORTS = Object.freeze({ API_PORT: 3004, CLIENT_PORT: 3001, ADMIN_PORT: 3002 });

export const DERIVED_URLS = Object.freeze(['PUBLIC_API_URL', 'CLIENT_APP_URL', 'ADMIN_APP_URL', 'CORS_ORIGIN']);

/** The URLs the given ports imply, in the form the API and the banner use. */
export function urlsForPorts({ API_PORT, CLIENT_PORT, ADMIN_PORT }) {
  const client = `http://localhost:${CLIENT_PORT}`;
  const admin = `http://localhost:${ADMIN_PORT}`;
  return {
    PUBLIC_API_URL: `http://localhost:${API_PORT}`,
    CLIENT_APP_URL: client,
    ADMIN_APP_URL: admin,
    CORS_ORIGIN: `${client},${admin}`,
  };
}

const nonEmpty = (value) => typeof value === 'string' && value.trim() !== '';

/** Compares URL values the way the API reads them: per comma-separated item, trimmed, no trailing slash. */
function sameUrls(a, b) {
  const norm = (v) =>
    v
      .split(',')
      .map((item) => item.trim().replace(/\/+$/, ''))
      .filter(Boolean)
      .join(',');
  return norm(a) === norm(b);
}

/** A port variable's value: the shell's, else .env's, else the default; refused when it is not a port. */
function portOf(name, fileEnv, shellEnv) {
  const raw = [shellEnv[name], fileEnv[name]].find(nonEmpty) ?? String(DEFAULT_PORTS[name]);
  const port = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a port number (1-65535)`);
  }
  return port;
}

/**
 * Merges `.env` (fileEnv) and the process environment (shellEnv, which wins),
 * fills in the ports, and derives the URLs that were not set explicitly.
 * Returns the merged map and the names of the URLs it derived.
 */
export function devEnvironment(fileEnv, shellEnv) {
  const env = { ...fileEnv };
  for (const [key, value] of Object.entries(shellEnv)) if (value !== undefined) env[key] = value;
  const ports = {};
  for (const name of Object.keys(DEFAULT_PORTS)) {
    ports[name] = portOf(name, fileEnv, shellEnv);
    env[name] = String(ports[name]);
  }
  const wanted = urlsForPorts(ports);
  const atDefaults = urlsForPorts(DEFAULT_PORTS);
  const derived = [];
  for (const name of DERIVED_URLS) {
    const fromShell = shellEnv[name];
    const fromFile = fileEnv[name];
    const explicit = nonEmpty(fromShell) || (nonEmpty(fromFile) && !sameUrls(fromFile, atDefaults[name]));
    if (explicit) continue;
    env[name] = wanted[name];
    derived.push(name);
  }
  return { env, derived };
}
