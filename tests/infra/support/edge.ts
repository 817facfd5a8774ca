// The project's nginx, started the way the web image starts it: through
// infra/nginx/docker-entrypoint.sh (render the templates, make a placeholder
// certificate if none exists, test, start the reload watcher, run nginx in the
// foreground), with loopback ports and a private directory instead of the
// container's paths.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from '../../../scripts/lib/net.mjs';
import { startScript } from './run-script.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const DOMAIN = 'example.test';
export const APP_HOST = `app.${DOMAIN}`;
export const ADMIN_HOST = `admin.${DOMAIN}`;

export const DASHBOARD_DIST = {
  client: join(REPO, 'apps/client-dashboard/dist'),
  admin: join(REPO, 'apps/admin-dashboard/dist'),
};

export interface Edge {
  dir: string;
  httpPort: number;
  httpsPort: number;
  certDir: string;
  /** https://app.example.test:<port> */
  appUrl: string;
  adminUrl: string;
  /** The PEM nginx serves now (the placeholder is its own CA). */
  servedCert: () => string;
  output: () => string;
  accessLog: () => string;
  stop: () => Promise<void>;
}

export interface EdgeOptions {
  apiPort: number;
  httpPort?: number;
  httpsPort?: number;
  /** letsencrypt config dir; the certificate is <dir>/live/prixagent. */
  letsencryptDir?: string;
  acmeWebroot?: string;
  env?: Record<string, string>;
}

/** A world-readable private directory: nginx's workers run as www-data. */
export function edgeWorkDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export function requireDashboards(): void {
  for (const dist of Object.values(DASHBOARD_DIST)) {
    if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: run \`pnpm build\` (pnpm test does it first)`);
  }
}

export async function startEdge(options: EdgeOptions): Promise<Edge> {
  requireDashboards();
  const dir = edgeWorkDir('prix-edge-');
  const httpPort = options.httpPort ?? (await freePort());
  let httpsPort = options.httpsPort ?? (await freePort());
  // Two free-port probes in a row may name the same port; nginx could not bind both.
  while (httpsPort === httpPort && options.httpsPort === undefined) httpsPort = await freePort();
  const le = options.letsencryptDir ?? join(dir, 'letsencrypt');
  const webroot = options.acmeWebroot ?? join(dir, 'www');
  const certDir = join(le, 'live', 'prixagent');
  mkdirSync(webroot, { recursive: true });
  cpSync(DASHBOARD_DIST.client, join(dir, 'client'), { recursive: true });
  cpSync(DASHBOARD_DIST.admin, join(dir, 'admin'), { recursive: true });
  const env: Record<string, string> = {
    DOMAIN,
    HTTP_PORT: String(httpPort),
    HTTPS_PORT: String(httpsPort),
    LISTEN_ADDRESS: '127.0.0.1',
    API_UPSTREAM: `127.0.0.1:${options.apiPort}`,
    RESOLVER: '127.0.0.1',
    CLIENT_ROOT: join(dir, 'client'),
    ADMIN_ROOT: join(dir, 'admin'),
    ACME_WEBROOT: webroot,
    CERT_DIR: certDir,
    NGINX_CONF_DIR: join(dir, 'conf'),
    NGINX_PID_FILE: join(dir, 'nginx.pid'),
    NGINX_TEMP_DIR: join(dir, 'tmp'),
    NGINX_ACCESS_LOG: join(dir, 'access.log'),
    NGINX_ERROR_LOG: join(dir, 'error.log'),
    RELOAD_CHECK_SECONDS: '1',
    ...options.env,
  };
  // Its own process group: nginx (exec'd by the entrypoint) and the reload
  // watcher it left running stop together.
  const { proc, output: out } = startScript(join(REPO, 'infra/nginx/docker-entrypoint.sh'), [], { env, detached: true, timeoutMs: 0 });
  const exited = (): boolean => proc.exitCode !== null || proc.signalCode !== null;
  const gone = new Promise<void>((r) => (exited() ? r() : proc.once('exit', () => r())));
  const state = await waitForPort(httpsPort, { exited });
  if (state === 'exited') throw new Error(`nginx entrypoint exited with ${proc.exitCode}:\n${out()}`);
  if (state === 'timeout') throw new Error(`nginx did not listen on ${httpsPort}:\n${out()}`);
  const readLog = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
  return {
    dir,
    httpPort,
    httpsPort,
    certDir,
    appUrl: `https://${APP_HOST}:${httpsPort}`,
    adminUrl: `https://${ADMIN_HOST}:${httpsPort}`,
    servedCert: () => readFileSync(join(certDir, 'fullchain.pem'), 'utf8'),
    output: () => `${out()}${readLog('error.log')}`,
    accessLog: () => readLog('access.log'),
    stop: async () => {
      if (!exited() && proc.pid) {
        try {
          process.kill(-proc.pid, 'SIGQUIT'); // nginx: graceful; bash watcher: default action ends it
        } catch {
          /* already gone */
        }
        const timer = setTimeout(() => {
          try {
            if (proc.pid) process.kill(-proc.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }, 10_000);
        await gone;
        clearTimeout(timer);
      }
      try {
        if (proc.pid) process.kill(-proc.pid, 'SIGTERM');
      } catch {
        /* the whole group is gone */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
