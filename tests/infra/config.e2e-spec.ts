// The production configuration as files: docker-compose.prod.yml through
// Debian's docker-compose, the rendered nginx configuration through `nginx -t`,
// env.prod.example through the API's own validation, and the properties the
// compose file promises (internal database network, healthchecks, log
// rotation, secrets only where needed).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envSchema, productionProblems } from '../../apps/api/src/config/env.schema.js';
import { parseEnv } from '../../apps/api/src/config/env.js';
import { testRunnerEnv } from '../../apps/api/test/support/test-runner-env.js';
import { REPO, edgeWorkDir } from './support/edge.js';
import { missingTools } from './support/tools.js';

function readEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m?.[1]) out[m[1]] = m[2] ?? '';
  }
  return out;
}

let work: string;
let envProd: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'prix-config-'));
  envProd = join(work, '.env.prod');
  execFileSync(join(REPO, 'infra/init-env-prod.sh'), ['example.org', 'ops@example.org', envProd], { env: { PATH: testRunnerEnv.path }, stdio: 'ignore' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('env.prod.example and infra/init-env-prod.sh', () => {
  it('documents every variable the API reads', () => {
    const example = readFileSync(join(REPO, 'env.prod.example'), 'utf8');
    const named = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect(Object.keys(envSchema.shape).filter((key) => !named.has(key))).toEqual([]);
  });

  it('documents every variable the compose file reads', () => {
    const example = readFileSync(join(REPO, 'env.prod.example'), 'utf8');
    const named = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const compose = readFileSync(join(REPO, 'docker-compose.prod.yml'), 'utf8');
    const used = new Set([...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
    expect(used.size, 'the compose file reads variables at all').toBeGreaterThan(10);
    expect([...used].filter((key) => !named.has(key))).toEqual([]);
  });

  it('is refused by the API as it stands, so nobody runs production on its placeholders', () => {
    const raw = readEnvFile(join(REPO, 'env.prod.example'));
    expect(() => parseEnv(raw)).toThrow(/JWT_SECRET|ENCRYPTION_KEY|ADMIN_PASSWORD/);
  });

  it('becomes a production configuration the API accepts, mode 0600, with fresh secrets that agree', () => {
    const raw = readEnvFile(envProd);
    expect(productionProblems(raw)).toEqual([]);
    const env = parseEnv(raw);
    expect(env.NODE_ENV).toBe('production');
    expect(env.CORS_ORIGIN).toEqual(['https://app.example.org', 'https://admin.example.org']);
    expect(env.TRUST_PROXY).toBe(1);
    expect(new URL(raw['DATABASE_URL'] ?? '').password).toBe(raw['POSTGRES_PASSWORD']);
    expect(execFileSync('stat', ['-c', '%a', envProd], { encoding: 'utf8' }).trim()).toBe('600');
    // A second run never overwrites the key that protects stored credentials.
    const again = spawnSync(join(REPO, 'infra/init-env-prod.sh'), ['example.org', 'ops@example.org', envProd], { env: { PATH: testRunnerEnv.path }, encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(readEnvFile(envProd)['ENCRYPTION_KEY']).toBe(raw['ENCRYPTION_KEY']);
  });
});

const missingCompose = missingTools(['docker-compose'], 'docker-compose -f docker-compose.prod.yml config');

interface ComposeService {
  image?: string;
  build?: unknown;
  restart?: string;
  ports?: (string | { published: number | string; target: number; host_ip?: string })[];
  networks?: Record<string, unknown> | string[];
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  logging?: { driver: string; options: Record<string, string> };
  profiles?: string[];
  command?: string[] | string;
  read_only?: boolean;
  cap_drop?: string[];
  init?: boolean;
}
interface ComposeConfig {
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean } | null>;
  volumes: Record<string, unknown>;
}

describe.skipIf(missingCompose.length > 0)('docker-compose.prod.yml', () => {
  let config: ComposeConfig;
  let rawConfig: string;
  let composeEnv: Record<string, string>;
  beforeAll(() => {
    // As on the server: the compose file beside .env.prod and its .env link,
    // both made by init-env-prod.sh; the exact command of the issue.
    const project = mkdtempSync(join(tmpdir(), 'prix-compose-'));
    copyFileSync(join(REPO, 'docker-compose.prod.yml'), join(project, 'docker-compose.prod.yml'));
    execFileSync(join(REPO, 'infra/init-env-prod.sh'), ['example.org', 'ops@example.org', join(project, '.env.prod')], { env: { PATH: testRunnerEnv.path }, stdio: 'ignore' });
    expect(readlinkSync(join(project, '.env'))).toBe('.env.prod');
    composeEnv = readEnvFile(join(project, '.env.prod'));
    rawConfig = execFileSync('docker-compose', ['-f', 'docker-compose.prod.yml', 'config'], { cwd: project, encoding: 'utf8', env: { PATH: testRunnerEnv.path } });
    // The alias form names the file outright and gives the same configuration.
    const viaFlag = execFileSync('docker-compose', ['--env-file', '.env.prod', '-f', 'docker-compose.prod.yml', 'config'], { cwd: project, encoding: 'utf8', env: { PATH: testRunnerEnv.path } });
    expect(viaFlag).toBe(rawConfig);
    rmSync(project, { recursive: true, force: true });
    config = parse(rawConfig) as ComposeConfig;
  });

  it('passes `docker-compose config` and has every service the design names', () => {
    expect(Object.keys(config.services).sort()).toEqual(['api', 'backup', 'certbot', 'db', 'migrate', 'redis', 'uptime-kuma', 'web']);
    expect(config.services['uptime-kuma']?.profiles).toEqual(['monitoring']);
    // Redis is for several API replicas only: the default stack does not start it, and the API does not wait for it.
    expect(config.services['redis']?.profiles).toEqual(['replicas']);
    expect(Object.keys(config.services['api']?.depends_on ?? {})).not.toContain('redis');
  });

  it('runs the optional Redis as a cache and bus only: nothing persisted, nothing published, a healthcheck', () => {
    const redis = config.services['redis'];
    expect(redis?.command).toEqual(['redis-server', '--save', '', '--appendonly', 'no', '--maxmemory', '64mb', '--maxmemory-policy', 'volatile-ttl']);
    expect(redis?.ports).toBeUndefined();
    expect(Object.keys(redis?.networks ?? {})).toEqual(['db']);
    expect(redis?.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('fails loudly, naming the variable, when run without the env file', () => {
    const run = spawnSync('docker-compose', ['-f', join(REPO, 'docker-compose.prod.yml'), 'config'], { encoding: 'utf8', cwd: tmpdir(), env: { PATH: testRunnerEnv.path } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/POSTGRES_PASSWORD is not set \(no \.env\.prod\? see docs\/DEPLOY\.md\)/);
  });

  it('keeps the database on an internal network with nothing published', () => {
    expect(config.networks['db']?.internal).toBe(true);
    const db = config.services['db'];
    expect(Object.keys(db?.networks ?? {})).toEqual(['db']);
    expect(db?.ports).toBeUndefined();
    for (const [name, svc] of Object.entries(config.services)) {
      const onDb = Object.keys(svc.networks ?? {}).includes('db');
      expect(onDb, name).toBe(['db', 'migrate', 'api', 'backup', 'redis'].includes(name));
    }
    // Only nginx faces the internet; Uptime Kuma is reachable from the host alone.
    const published = Object.entries(config.services).flatMap(([name, s]) => (s.ports ?? []).map((p) => ({ name, p })));
    expect(published.filter((x) => x.name === 'web').length).toBe(2);
    for (const { name, p } of published) {
      if (name === 'web') continue;
      expect(name).toBe('uptime-kuma');
      expect(typeof p === 'string' ? p : p.host_ip).toMatch(/127\.0\.0\.1/);
    }
  });

  it('rotates the logs of every service and restarts every long-running one', () => {
    for (const [name, svc] of Object.entries(config.services)) {
      expect(svc.logging?.driver, name).toBe('json-file');
      expect(svc.logging?.options['max-size'], name).toBe('10m');
      expect(svc.logging?.options['max-file'], name).toBe('3');
      expect(svc.restart, name).toBe(name === 'migrate' ? 'no' : 'unless-stopped');
    }
  });

  it('orders start-up with healthchecks: db healthy, then migrate done, then api healthy, then web', () => {
    expect(config.services['db']?.healthcheck?.test).toBeDefined();
    expect(config.services['migrate']?.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(config.services['api']?.depends_on).toEqual({ db: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } });
    expect(config.services['web']?.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    expect(config.services['backup']?.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    // api and web take their healthchecks from their images.
    expect(readFileSync(join(REPO, 'apps/api/Dockerfile'), 'utf8')).toMatch(/^HEALTHCHECK .*\n\s+CMD \["node", "-e", .*\/api\/health\/ready/m);
    expect(readFileSync(join(REPO, 'infra/nginx/Dockerfile'), 'utf8')).toMatch(/^HEALTHCHECK .*\n\s+CMD \["curl", .*\/healthz"\]/m);
    // `disable: true`, as docker-compose normalises it.
    expect(config.services['migrate']?.healthcheck?.test).toEqual(['NONE']);
  });

  it('runs the API locked down: read-only filesystem, no capabilities, an init process', () => {
    const api = config.services['api'];
    expect(api?.read_only).toBe(true);
    expect(api?.cap_drop).toEqual(['ALL']);
    expect(api?.init).toBe(true);
    expect(readFileSync(join(REPO, 'apps/api/Dockerfile'), 'utf8')).toMatch(/^USER node$/m);
  });

  it('hands the tenant-credential key and the JWT secret to the api alone', () => {
    const env = composeEnv;
    for (const secret of ['ENCRYPTION_KEY', 'JWT_SECRET', 'ADMIN_PASSWORD'] as const) {
      const value = env[secret] ?? '';
      expect(value.length).toBeGreaterThan(10);
      const holders = Object.entries(config.services)
        .filter(([, s]) => Object.values(s.environment ?? {}).includes(value))
        .map(([name]) => name)
        .sort();
      expect(holders, secret).toEqual(['api']);
    }
    const pgPassword = env['POSTGRES_PASSWORD'] ?? '';
    expect(config.services['backup']?.environment?.['PGPASSWORD']).toBe(pgPassword);
    expect(config.services['db']?.environment?.['POSTGRES_PASSWORD']).toBe(pgPassword);
    expect(config.services['web']?.environment?.['DOMAIN']).toBe('example.org');
    expect(Object.keys(config.services['migrate']?.environment ?? {})).toEqual(['DATABASE_URL']);
  });

  it('keeps data in named volumes', () => {
    expect(Object.keys(config.volumes).sort()).toEqual(['backups', 'certbot-logs', 'certbot-state', 'certbot-webroot', 'letsencrypt', 'pgdata', 'uptime-kuma']);
    expect(rawConfig).toMatch(/source: pgdata\s+target: \/var\/lib\/postgresql\/data|pgdata:\/var\/lib\/postgresql\/data/);
  });
});

describe('the images', () => {
  it('put the dashboards and scripts where the scripts and templates look for them', () => {
    const web = readFileSync(join(REPO, 'infra/nginx/Dockerfile'), 'utf8');
    const render = readFileSync(join(REPO, 'infra/nginx/render.sh'), 'utf8');
    for (const app of ['client-dashboard', 'admin-dashboard']) {
      expect(web).toContain(`COPY --from=build /src/apps/${app}/dist /usr/share/prixagent/${app}`);
      expect(render).toContain(`:-/usr/share/prixagent/${app}}`);
    }
    // docker-entrypoint.sh finds placeholder-cert.sh at ../certbot from itself.
    expect(web).toContain('COPY infra/nginx /opt/prixagent/nginx');
    expect(web).toContain('COPY infra/certbot/placeholder-cert.sh /opt/prixagent/certbot/placeholder-cert.sh');
    expect(web).toMatch(/^ENTRYPOINT \["\/opt\/prixagent\/nginx\/docker-entrypoint\.sh"\]$/m);
    const certbot = readFileSync(join(REPO, 'infra/certbot/Dockerfile'), 'utf8');
    expect(certbot).toContain('COPY infra/certbot /opt/prixagent/certbot');
    expect(certbot).toMatch(/^ENTRYPOINT \["\/opt\/prixagent\/certbot\/docker-entrypoint\.sh"\]$/m);
    // Its build command names both dashboards (turbo adds what they depend on).
    const buildCommand = /^ && pnpm exec turbo run build (.+)$/m.exec(web)?.[1] ?? '';
    const dry = JSON.parse(execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', ...buildCommand.split(' '), '--dry=json'], { cwd: REPO, encoding: 'utf8', env: { PATH: testRunnerEnv.path, HOME: testRunnerEnv.home } })) as { tasks: { taskId: string }[] };
    const tasks = dry.tasks.map((t) => t.taskId);
    expect(tasks).toContain('@prixagent/client-dashboard#build');
    expect(tasks).toContain('@prixagent/admin-dashboard#build');
    expect(tasks).not.toContain('@prixagent/api#build');
    // The context leaves secrets and host build output behind.
    const ignore = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.env', '.env.*', '**/node_modules', '**/dist', '.git', 'rclone.conf']) expect(ignore).toContain(entry);
    // The off-site credentials live beside the compose file: never committed either.
    for (const secretFile of ['rclone.conf', '.env.prod', '.env']) {
      expect(spawnSync('git', ['check-ignore', '-q', secretFile], { cwd: REPO }).status, `${secretFile} is git-ignored`).toBe(0);
    }
  });
});

const missingNginx = missingTools(['nginx', 'openssl', 'envsubst'], 'nginx -t on the rendered configuration');

describe.skipIf(missingNginx.length > 0)('the rendered nginx configuration', () => {
  it('passes nginx -t with the production ports, user and defaults', () => {
    const dir = edgeWorkDir('prix-nginx-t-');
    try {
      const paths = {
        CLIENT_ROOT: join(dir, 'client'),
        ADMIN_ROOT: join(dir, 'admin'),
        ACME_WEBROOT: join(dir, 'www'),
        CERT_DIR: join(dir, 'le/live/prixagent'),
        NGINX_PID_FILE: join(dir, 'nginx.pid'),
        NGINX_TEMP_DIR: join(dir, 'tmp'),
      };
      const env = { PATH: testRunnerEnv.path, DOMAIN: 'example.com', ...paths };
      execFileSync(join(REPO, 'infra/certbot/placeholder-cert.sh'), [], { env, stdio: 'ignore' });
      execFileSync(join(REPO, 'infra/nginx/render.sh'), [join(dir, 'conf')], { env, stdio: 'ignore' });
      // stdout is not a socket here, as in a container: the access log goes to /dev/stdout.
      const test = spawnSync('nginx', ['-t', '-e', 'stderr', '-c', join(dir, 'conf/nginx.conf')], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
      expect(test.stderr, test.stderr).toMatch(/test is successful/);
      expect(test.status).toBe(0);
      const app = readFileSync(join(dir, 'conf/conf.d/prixagent-app.conf'), 'utf8');
      expect(app).toContain('listen 443 ssl http2;');
      expect(app).toContain('server_name app.example.com;');
      expect(app).toContain('return 301 https://app.example.com$request_uri;');
      const main = readFileSync(join(dir, 'conf/nginx.conf'), 'utf8');
      expect(main).toContain('user www-data;');
      expect(main).toContain('client_max_body_size 1m;');
      expect(main).toContain('resolver 127.0.0.11 valid=10s ipv6=off;');
      expect(readFileSync(join(dir, 'conf/prixagent/proxy-api.conf'), 'utf8')).toContain('set $prixagent_api api:3004;');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the body limit from BODY_LIMIT_BYTES so nginx and the API agree', () => {
    const dir = edgeWorkDir('prix-render-');
    try {
      execFileSync(join(REPO, 'infra/nginx/render.sh'), [join(dir, 'conf')], { env: { PATH: testRunnerEnv.path, DOMAIN: 'example.com', BODY_LIMIT_BYTES: '524288', NGINX_TEMP_DIR: join(dir, 'tmp') }, stdio: 'ignore' });
      expect(readFileSync(join(dir, 'conf/nginx.conf'), 'utf8')).toContain('client_max_body_size 524288;');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses values that would break or open the configuration, naming the variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /DOMAIN is not set/],
      [{ DOMAIN: 'example.com;' }, /APP_HOST='app\.example\.com;' is not a host name/],
      [{ DOMAIN: 'example.com', HTTPS_PORT: '70000' }, /HTTPS_PORT='70000' is not a port/],
      [{ DOMAIN: 'example.com', API_UPSTREAM: 'api' }, /API_UPSTREAM='api' must be host:port/],
      [{ DOMAIN: 'example.com', REAL_IP_FROM: '0.0.0.0/0 x' }, /REAL_IP_FROM has 'x'/],
      [{ DOMAIN: 'example.com', LOGIN_RATE: 'fast' }, /LOGIN_RATE='fast'/],
    ];
    for (const [vars, message] of cases) {
      const run = spawnSync(join(REPO, 'infra/nginx/render.sh'), [join(tmpdir(), 'prix-never-written')], { env: { PATH: testRunnerEnv.path, ...vars }, encoding: 'utf8' });
      expect(run.status, JSON.stringify(vars)).toBe(1);
      expect(run.stderr, JSON.stringify(vars)).toMatch(message);
    }
  });
});
