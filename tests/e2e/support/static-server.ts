// Serves a built dashboard the way production nginx does, so the browser tests
// meet the same conditions: hashed files from dist/, index.html for any other
// path (the SPA fallback that makes deep links survive a reload), the strict
// Content-Security-Policy, and /api proxied to the API on the same origin.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The policy nginx sends with the dashboards, read from its template so the two
 * cannot drift apart. Two adjustments for this plain-HTTP loopback server:
 * `upgrade-insecure-requests` would turn its own requests into HTTPS ones, and
 * the WebSocket source is nginx's `wss://$host` (tests/infra checks the real one).
 */
export const PRODUCTION_CSP = (() => {
  const template = readFileSync(join(REPO_ROOT, 'infra/nginx/snippets/security-headers.conf.template'), 'utf8');
  const policy = /add_header Content-Security-Policy "([^"]+)" always;/.exec(template)?.[1];
  if (!policy) throw new Error('no Content-Security-Policy in infra/nginx/snippets/security-headers.conf.template');
  return policy
    .split('; ')
    .filter((d) => d !== 'upgrade-insecure-requests')
    .map((d) => d.replace(/ wss:\/\/\$host\$\{HTTPS_PORT_SUFFIX\}/, ' ws:'))
    .join('; ');
})();

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface StaticServer {
  port: number;
  close: () => Promise<void>;
}

function fileIn(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = resolve(root, `.${decoded}`);
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

function proxy(req: IncomingMessage, res: ServerResponse, api: URL): void {
  const upstream = httpRequest(
    { host: api.hostname, port: api.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('bad gateway');
  });
  req.pipe(upstream);
}

/**
 * `apiOrigin` may be a function, read at each proxied request: a suite that needs
 * the dashboard's own URL to start the API (CLIENT_APP_URL, which invite links
 * point to) starts the dashboard first.
 */
export function serveDashboard(distDir: string, apiOrigin: string | (() => string)): Promise<StaticServer> {
  const root = resolve(distDir);
  const api = () => new URL(typeof apiOrigin === 'function' ? apiOrigin() : apiOrigin);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://dashboard').pathname;
    if (path === '/api' || path.startsWith('/api/')) return proxy(req, res, api());
    res.setHeader('content-security-policy', PRODUCTION_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    const file = fileIn(root, path);
    // A missing hashed asset is a 404, not the SPA page (as nginx's try_files is set up for /assets/).
    if (!file && path.startsWith('/assets/')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const served = file ?? join(root, 'index.html');
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(served)] ?? 'application/octet-stream',
      'cache-control': served.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    createReadStream(served).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address === 'string') return reject(new Error('no port'));
      resolvePromise({
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
