// The project's nginx (infra/nginx, started by the web image's entrypoint) on
// loopback, in front of the built API running as in production and the built
// dashboards: redirects, TLS versions, headers, proxying of /api and /ws,
// SPA fallback and caching, body limit and rate limits, all over real sockets.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../apps/api/test/support/test-app.js';
import { query } from '../../apps/api/test/support/test-database.js';
import { adminToken, createTenant, type Tenant } from '../../apps/api/test/support/tenants.js';
import { freePort, type RunningApi } from '../../apps/api/test/support/processes.js';
import { testRunnerEnv } from '../../apps/api/test/support/test-runner-env.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startProductionApi } from './support/api.js';
import { startPostgres, type DatabaseServer } from './support/postgres.js';
import { ADMIN_HOST, APP_HOST, DASHBOARD_DIST, REPO, startEdge, type Edge } from './support/edge.js';
import { loopbackLookup, request, type Answer } from './support/https.js';
import { missingTools } from './support/tools.js';
import { launchChromium } from '../support/chromium.js';
import type { Page } from 'playwright-core';

const SUITE = 'nginx in front of the API and the dashboards';
const missing = missingTools(['nginx', 'openssl', 'envsubst'], SUITE);
const missingChromium = missingTools(['chromium'], 'the dashboards in Chromium through nginx');

const SECURITY_HEADERS = {
  'strict-transport-security': /^max-age=(\d+); includeSubDomains$/,
  'x-content-type-options': /^nosniff$/,
  'x-frame-options': /^DENY$/,
  'referrer-policy': /^strict-origin-when-cross-origin$/,
  'content-security-policy': /default-src 'self'; script-src 'self'; style-src 'self';.*frame-ancestors 'none'/,
  'permissions-policy': /microphone=\(\)/,
} as const;

function expectSecurityHeaders(res: Answer, where: string): void {
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS)) {
    const value = res.headers[name];
    expect(value, `${name} on ${where}`).toBeTypeOf('string');
    expect(String(value), `${name} on ${where}`).toMatch(pattern);
  }
  const hsts = /max-age=(\d+)/.exec(String(res.headers['strict-transport-security']));
  expect(Number(hsts?.[1]), `HSTS max-age on ${where}`).toBeGreaterThanOrEqual(31_536_000);
}

/** One openssl s_client handshake at exactly one protocol version. */
function handshake(port: number, version: 'tls1' | 'tls1_1' | 'tls1_2' | 'tls1_3'): { ok: boolean; output: string; protocol: string | undefined } {
  // SECLEVEL=0 lets the *client* offer TLS 1.0/1.1 at all, so a refusal can only come from the server.
  const args = ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', APP_HOST, `-${version}`];
  if (version !== 'tls1_3') args.push('-cipher', 'DEFAULT:@SECLEVEL=0');
  const run = spawnSync('openssl', args, { input: '', encoding: 'utf8', timeout: 15_000 });
  const output = `${run.stdout}${run.stderr}`;
  // "New, TLSv1.3, Cipher is ..." after a handshake; "New, (NONE), Cipher is (NONE)" after a refusal.
  const negotiated = /^New, (TLSv1(?:\.\d)?), Cipher is (?!\(NONE\))/m.exec(output)?.[1];
  return { ok: run.status === 0 && negotiated !== undefined, output, protocol: negotiated };
}

describe.skipIf(missing.length > 0)(SUITE, () => {
  let pg: DatabaseServer;
  let api: RunningApi;
  let edge: Edge;
  let ca: string;
  let tenant: Tenant;
  let dbUrl: string;
  const tenantName = `Edge Tenant ${Date.now().toString(36)}`;
  const assets: string[] = [];

  beforeAll(async () => {
    pg = await startPostgres();
    dbUrl = await pg.createDatabase('edge', { migrated: true });
    // The public origins carry nginx's port, so pick it before the API starts.
    const httpsPort = await freePort();
    const appUrl = `https://${APP_HOST}:${httpsPort}`;
    const adminUrl = `https://${ADMIN_HOST}:${httpsPort}`;
    api = await startProductionApi(dbUrl, { CORS_ORIGIN: `${appUrl},${adminUrl}`, PUBLIC_API_URL: appUrl, CLIENT_APP_URL: appUrl, ADMIN_APP_URL: adminUrl });
    edge = await startEdge({ apiPort: Number(new URL(api.baseUrl).port), httpsPort });
    ca = edge.servedCert();
    const http = new HttpClient(api.baseUrl);
    tenant = await createTenant(http, await adminToken(http), tenantName);
    for (const f of readdirSync(join(DASHBOARD_DIST.client, 'assets'))) assets.push(f);
  });

  afterAll(async () => {
    await edge?.stop();
    await api?.stop();
    await pg?.stop();
  });

  it('answers plain HTTP with a 301 to the same path over HTTPS, for each host', async () => {
    for (const host of [APP_HOST, ADMIN_HOST]) {
      const res = await request(`http://${host}:${edge.httpPort}/integrations?tab=2`);
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe(`https://${host}:${edge.httpsPort}/integrations?tab=2`);
    }
    // Unknown names go to the client dashboard, not to an attacker-chosen Host.
    const stray = await request(`http://evil.example:${edge.httpPort}/x`);
    expect(stray.status).toBe(301);
    expect(stray.headers.location).toBe(`https://${APP_HOST}:${edge.httpsPort}/`);
  });

  it('answers the web image\u2019s HEALTHCHECK (/healthz on the default server) and nothing else there', async () => {
    const health = await request(`http://127.0.0.1:${edge.httpPort}/healthz`);
    expect(health.status).toBe(200);
    expect(health.body).toBe('ok\n');
    // On the dashboards' names it is just another path: redirected to HTTPS.
    expect((await request(`http://${APP_HOST}:${edge.httpPort}/healthz`)).status).toBe(301);
    expect(edge.accessLog()).not.toMatch(/GET \/healthz .* 200 /);
  });

  it('refuses TLS 1.0 and 1.1 and accepts TLS 1.2 and 1.3', () => {
    for (const v of ['tls1', 'tls1_1'] as const) {
      const r = handshake(edge.httpsPort, v);
      expect(r.ok, `${v} must be refused:\n${r.output}`).toBe(false);
      // The server's alert, not a client-side refusal.
      expect(r.output, v).toMatch(/alert protocol version|unsupported protocol|wrong version number/i);
    }
    for (const v of ['tls1_2', 'tls1_3'] as const) {
      const r = handshake(edge.httpsPort, v);
      expect(r.ok, `${v} must be accepted:\n${r.output}`).toBe(true);
      expect(r.protocol).toBe(v === 'tls1_2' ? 'TLSv1.2' : 'TLSv1.3');
    }
  });

  it('refuses the TLS handshake for a name it does not serve', () => {
    const run = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${edge.httpsPort}`, '-servername', 'other.example'], { input: '', encoding: 'utf8', timeout: 15_000 });
    expect(`${run.stdout}${run.stderr}`).toMatch(/tlsv1 unrecognized name/);
    expect(`${run.stdout}`).not.toMatch(/BEGIN CERTIFICATE/);
  });

  it('serves the dashboards with HSTS and the security headers on every kind of answer', async () => {
    const index = readFileSync(join(DASHBOARD_DIST.client, 'index.html'), 'utf8');
    const root = await request(`${edge.appUrl}/`, { ca });
    expect(root.status).toBe(200);
    expect(root.body).toBe(index);
    expectSecurityHeaders(root, 'index.html');
    const admin = await request(`${edge.adminUrl}/`, { ca });
    expect(admin.body).toBe(readFileSync(join(DASHBOARD_DIST.admin, 'index.html'), 'utf8'));
    expectSecurityHeaders(admin, 'admin index.html');
    expectSecurityHeaders(await request(`${edge.appUrl}/assets/${assets[0] ?? 'x'}`, { ca }), 'an asset');
    expectSecurityHeaders(await request(`${edge.appUrl}/assets/missing-chunk-0000.js`, { ca }), 'a 404');
    // The CSP names this host's own WebSocket origin and nothing else.
    expect(String(root.headers['content-security-policy'])).toContain(`connect-src 'self' wss://${APP_HOST}:${edge.httpsPort};`);
    // /api answers carry the API's own headers (helmet) and the edge's HSTS, once.
    const health = await request(`${edge.appUrl}/api/health/ready`, { ca });
    expect(health.status).toBe(200);
    expect(String(health.headers['strict-transport-security'])).toBe('max-age=63072000; includeSubDomains');
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['x-frame-options']).toBe('DENY');
    expect(health.headers['server']).toBe('nginx');
  });

  it('proxies /api to the API with the client address and a request id', async () => {
    const res = await request(`${edge.appUrl}/api/v1/me`, { ca, headers: { authorization: `Bearer ${tenant.token}`, 'x-forwarded-for': '203.0.113.9' } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ user: { id: tenant.ownerId } });
    expect(res.headers['x-request-id']).toBeTypeOf('string');
    // Unauthenticated: the API's own 401 comes back untouched.
    const anon = await request(`${edge.appUrl}/api/v1/me`, { ca });
    expect(anon.status).toBe(401);
    expect(JSON.parse(anon.body)).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('carries a WebSocket through nginx to the API and back', async () => {
    const ticket = await request(`${edge.appUrl}/api/v1/realtime/tickets`, { ca, method: 'POST', headers: { authorization: `Bearer ${tenant.token}` } });
    expect(ticket.status).toBe(201);
    const { ticket: value } = JSON.parse(ticket.body) as { ticket: string };
    const ws = new WebSocket(`wss://${APP_HOST}:${edge.httpsPort}/ws?ticket=${encodeURIComponent(value)}`, {
      ca,
      // ws sends the URL's host name as SNI (APP_HOST); the lookup points it at loopback.
      lookup: loopbackLookup,
      headers: { origin: edge.appUrl },
    });
    const messages: { type: string }[] = [];
    const next = () =>
      new Promise<{ type: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message; got ${JSON.stringify(messages)}`)), 10_000);
        ws.once('message', (data: Buffer) => {
          clearTimeout(timer);
          const m = JSON.parse(data.toString()) as { type: string };
          messages.push(m);
          resolve(m);
        });
        ws.once('close', (code) => reject(new Error(`closed with ${code}`)));
      });
    const welcome = next();
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade answered ${res.statusCode}`)));
      ws.once('error', reject);
    });
    expect((await welcome).type).toBe('welcome');
    const pong = next();
    ws.send(JSON.stringify({ type: 'ping' }));
    expect((await pong).type).toBe('pong');
    ws.close(1000);
  });

  it('serves index.html for a deep link, with no caching, and hashed assets cached for a year', async () => {
    const index = readFileSync(join(DASHBOARD_DIST.client, 'index.html'), 'utf8');
    for (const path of ['/integrations', '/some/deep/link?x=1', '/index.html']) {
      const res = await request(`${edge.appUrl}${path}`, { ca });
      expect(res.status, path).toBe(200);
      expect(res.body, path).toBe(index);
      expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], path).toBe('no-cache');
    }
    const js = assets.find((a) => a.endsWith('.js'));
    expect(js, 'the client dashboard build has a hashed .js asset').toMatch(/-[A-Za-z0-9_-]{6,}\.js$/);
    const asset = await request(`${edge.appUrl}/assets/${js}`, { ca, headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(asset.headers['content-type'])).toMatch(/javascript/);
    expect(asset.headers['content-encoding']).toBe('gzip');
    // A chunk from an older deploy is a 404, never index.html parsed as JavaScript.
    const gone = await request(`${edge.appUrl}/assets/index-0ld0ld0l.js`, { ca });
    expect(gone.status).toBe(404);
    expect(gone.body).not.toBe(index);
  });

  it.skipIf(missingChromium.length > 0)('the dashboards work in Chromium through nginx, under its CSP, with no violation', async () => {
    const browser = await launchChromium({
      // Every name resolves to the loopback nginx, as DNS would to the server.
      args: [`--host-resolver-rules=MAP * 127.0.0.1`],
      // The placeholder certificate; the certificate suite covers real issuance.
      ignoreHTTPSErrors: true,
    });
    const problems: string[] = [];
    try {
      const open = async (url: string) => {
        const page = await browser.context.newPage();
        // Installed by the browser before any page script, so CSP does not apply to it.
        await page.addInitScript(() => {
          const w = window as unknown as { cspViolations: string[] };
          w.cspViolations = [];
          document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`));
        });
        page.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
        });
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        await page.goto(url);
        return page;
      };
      const violations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

      // The operator signs in on the admin host and sees the tenant list.
      const admin = await open(`${edge.adminUrl}/tenants`);
      await admin.getByLabel('Email').fill(ADMIN_EMAIL);
      await admin.getByLabel('Password').fill(ADMIN_PASSWORD);
      await admin.getByRole('button', { name: 'Sign in' }).click();
      await admin.waitForURL(`${edge.adminUrl}/tenants`);
      await admin.getByRole('cell', { name: tenantName }).or(admin.getByRole('rowheader', { name: tenantName })).first().waitFor();

      // The tenant owner signs in on the app host and reaches a deep link.
      const app = await open(`${edge.appUrl}/integrations`);
      await app.getByLabel('Email').fill(tenant.ownerEmail);
      await app.getByLabel('Password').fill(tenant.ownerPassword);
      await app.getByRole('button', { name: 'Sign in' }).click();
      await app.waitForURL(`${edge.appUrl}/integrations`);
      await app.getByRole('heading', { level: 1 }).waitFor();

      // The page's origin may open its WebSocket (connect-src) and get the welcome.
      const welcome = await app.evaluate(async (token) => {
        const res = await fetch('/api/v1/realtime/tickets', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        const { ticket } = (await res.json()) as { ticket: string };
        // The browser's WebSocket (a bare `WebSocket` here would be the test's `ws` import).
        const BrowserWebSocket = Reflect.get(globalThis, 'WebSocket') as typeof globalThis.WebSocket;
        return new Promise<string>((resolve, reject) => {
          const ws = new BrowserWebSocket(`wss://${location.host}/ws?ticket=${encodeURIComponent(ticket)}`);
          ws.onmessage = (e) => {
            resolve(String(e.data));
            ws.close();
          };
          ws.onerror = () => reject(new Error('websocket error'));
        });
      }, tenant.token);
      expect(JSON.parse(welcome)).toMatchObject({ type: 'welcome' });

      expect(await violations(admin)).toEqual([]);
      expect(await violations(app)).toEqual([]);
      expect(problems).toEqual([]);

      // The detector itself works: an injected inline script and a foreign
      // connection are blocked and reported.
      await app.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.inlineRan = true';
        document.head.append(s);
        void fetch('https://elsewhere.example/').catch(() => undefined);
      });
      await app.waitForFunction(() => (window as unknown as { cspViolations: string[] }).cspViolations.length >= 2);
      const caught = await violations(app);
      expect(caught.some((v) => v.startsWith('script-src-elem'))).toBe(true);
      expect(caught.some((v) => v.startsWith('connect-src https://elsewhere.example'))).toBe(true);
      expect(await app.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    } finally {
      await browser.close();
    }
  });

  it('answers a body over the limit with a JSON 413 before the API sees it', async () => {
    const big = JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(1_100_000) });
    const res = await request(`${edge.appUrl}/api/v1/integrations/twilio`, { ca, method: 'PUT', body: big, headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.token}` } }).catch(
      (e: Error) => ({ status: -1, headers: {}, body: e.message }) as Answer,
    );
    expect(res.status, res.body).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'payload_too_large', message: 'Request body is too large (limit 1m)', details: [] } });
    expect(res.headers['x-request-id'], 'answered by nginx, not the API').toBeUndefined();
  });

  it('answers a burst at the login endpoint with nginx’s JSON 429', async () => {
    const answers: Answer[] = [];
    for (let i = 0; i < 15; i += 1) {
      answers.push(
        await request(`${edge.appUrl}/api/v1/auth/login`, {
          ca,
          method: 'POST',
          body: JSON.stringify({ email: 'nobody@example.test', password: 'wrong-password-123' }),
          // A forged client address must not reach the API's per-address back-off.
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
        }),
      );
    }
    const statuses = answers.map((a) => a.status);
    // rate 10r/m, burst=5 nodelay: at most six reach the API (401) before nginx
    // answers for it (fewer if the browser test above already signed in), and
    // once it does, nothing more gets through within the burst.
    const firstLimited = statuses.indexOf(429);
    expect(statuses[0], statuses.join(',')).toBe(401);
    expect(firstLimited, statuses.join(',')).toBeGreaterThan(0);
    expect(firstLimited, statuses.join(',')).toBeLessThanOrEqual(6);
    expect(statuses.slice(firstLimited).every((s) => s === 429), statuses.join(',')).toBe(true);
    const limited = answers.filter((a) => a.status === 429);
    for (const a of limited) {
      expect(JSON.parse(a.body)).toEqual({ error: { code: 'too_many_requests', message: 'Too many requests; slow down and retry later', details: [] } });
      expect(a.headers['retry-after']).toBe('10');
      expect(a.headers['x-request-id'], 'the 429 comes from nginx, not the API').toBeUndefined();
      expectSecurityHeaders(a, 'a 429');
    }
    // nginx replaced the forged X-Forwarded-For with the real peer: the API's
    // failed-login counter is keyed by 127.0.0.1, never by the forged address.
    const keys = (await query<{ key: string }>(dbUrl, `SELECT key FROM "LoginThrottle" WHERE key LIKE 'ip:%'`)).map((r) => r.key);
    expect(keys).toContain('ip:127.0.0.1');
    expect(keys).not.toContain('ip:203.0.113.9');
    // The zone is per endpoint: other API calls still pass.
    expect((await request(`${edge.appUrl}/api/health/ready`, { ca })).status).toBe(200);
  });
});

describe.skipIf(missing.length > 0)('nginx admin allow-list', () => {
  it('lets only ADMIN_ALLOW addresses reach the admin host, and leaves the client host open', async () => {
    const edge = await startEdge({ apiPort: 9, env: { ADMIN_ALLOW: '10.0.0.0/8, 192.0.2.1' } });
    try {
      const ca = edge.servedCert();
      expect((await request(`${edge.adminUrl}/`, { ca })).status).toBe(403);
      expect((await request(`${edge.adminUrl}/api/health`, { ca })).status).toBe(403);
      expect((await request(`${edge.appUrl}/`, { ca })).status).toBe(200);
      // With nothing behind it, the API location answers the edge's JSON 503, not a bare 502.
      const down = await request(`${edge.appUrl}/api/health`, { ca });
      expect(down.status).toBe(503);
      expect(JSON.parse(down.body)).toMatchObject({ error: { code: 'service_unavailable' } });
      const conf = readFileSync(join(edge.dir, 'conf/prixagent/admin-allow.conf'), 'utf8');
      expect(conf).toContain('allow 10.0.0.0/8;\nallow 192.0.2.1;\ndeny all;');
    } finally {
      await edge.stop();
    }
  });

  it('behind a trusted proxy (REAL_IP_FROM), takes the client from X-Forwarded-For, and only from that proxy', async () => {
    // 127.0.0.1 plays the CDN in front; the allow-list names the real client.
    const edge = await startEdge({ apiPort: 9, env: { REAL_IP_FROM: '127.0.0.1/32', ADMIN_ALLOW: '203.0.113.9' } });
    try {
      const ca = edge.servedCert();
      expect((await request(`${edge.adminUrl}/`, { ca, headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(200);
      expect((await request(`${edge.adminUrl}/`, { ca, headers: { 'x-forwarded-for': '198.51.100.7' } })).status).toBe(403);
      expect((await request(`${edge.adminUrl}/`, { ca })).status).toBe(403);
      expect(edge.accessLog()).toMatch(/^203\.0\.113\.9 - /m);
    } finally {
      await edge.stop();
    }
  });

  it('refuses an allow-list entry that is not an address, instead of writing it into the config', () => {
    const run = spawnSync(join(REPO, 'infra/nginx/render.sh'), ['/nonexistent-out'], {
      env: { PATH: testRunnerEnv.path, DOMAIN: 'example.test', ADMIN_ALLOW: '10.0.0.1; allow all' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/ADMIN_ALLOW has '10\.0\.0\.1;'/);
  });
});
