// infra/backups on real binaries: pg_dump, pg_restore and psql against a real
// PostgreSQL 15, a database migrated with the project's own migrations and
// filled through the built API's HTTP endpoints (tenants, users, invites,
// encrypted integration credentials, audit events) plus a few thousand rows by
// SQL (json, bytea, arrays, NULLs, awkward text), so the checksums compare
// something worth comparing.
//
// What is proven: a backup can be dropped and restored with every table's
// rows identical; a restore over the live database keeps the old one for
// rollback and really stops the API; a restore refuses without confirmation,
// with a damaged dump, and cleans up (API restarted, database untouched) when
// it fails; retention keeps and deletes exactly the GFS set, decided from
// file names, and never touches anything else; the off-site hook's failure is
// loud and loses nothing; shellcheck passes on every script in the repo; no
// script prints the database password.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_DIR, requireBuild, runNode, startApiProcess, type RunningApi } from '../../apps/api/test/support/processes.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, HttpClient, LOG_DIR, SECRET_CANARY, randomHex } from '../../apps/api/test/support/test-app.js';
import { adminToken, createTenant, sampleCredentials, type Tenant } from '../../apps/api/test/support/tenants.js';
import { testRunnerEnv } from '../../apps/api/test/support/test-runner-env.js';
import { acquirePostgres, databaseState, libpqEnv, openPsqlSession, sql, urlFor, type DatabaseState, type PostgresServer } from './support/postgres.js';
import { runScript, startScript, type ScriptResult } from './support/run-script.js';
import { DB_TOOLS, DUMP_NAME, REPO, backupScript, databasesStartingWith, writeDamagedCopy } from './support/backups.js';
import { missingTools } from './support/tools.js';

const OUR_SCRIPTS = ['backup_db.sh', 'restore_db.sh', 'prune_backups.sh', 'backup-loop.sh', 'offsite-rclone.sh', 'check_fresh.sh'];
const PROVIDERS = ['twilio', 'highlevel', 'elevenlabs', 'calcom'] as const;

const T = {
  roundTrip: 'backs up to a verified 0600 dump, then restores it into a dropped database with every table identical',
  swap: 'restores over the live database: the API is stopped, its sessions ended, the old database kept as _pre_restore_',
  confirm: 'refuses to restore without a typed YES or --yes, touching nothing; YES proceeds',
  badDump: 'refuses a damaged, unchecked or unreadable dump before stopping the API',
  failure: 'when the restore fails after the API was stopped: the API is started again and the database is untouched',
  retention: 'retention keeps exactly the GFS set decided from file names, deletes exactly the rest, and touches nothing else',
  shellcheck: 'shellcheck passes on every shell script: *.sh under infra/ and scripts/, and every tracked file with a sh or bash shebang',
  offsite: 'the off-site hook gets the dump and its checksum; when it fails the run fails loudly and nothing is deleted',
  loop: 'the backup lock, a failed backup and the daily loop behave (lock busy: 75; failure: nothing kept; SIGTERM: prompt exit)',
};
const missing = {
  roundTrip: missingTools(DB_TOOLS, T.roundTrip),
  swap: missingTools(DB_TOOLS, T.swap),
  confirm: missingTools(DB_TOOLS, T.confirm),
  badDump: missingTools(DB_TOOLS, T.badDump),
  failure: missingTools(DB_TOOLS, T.failure),
  retention: missingTools(['sha256sum', 'flock'], T.retention),
  shellcheck: missingTools(['shellcheck'], T.shellcheck),
  offsite: missingTools(DB_TOOLS, T.offsite),
  loop: missingTools(DB_TOOLS, T.loop),
};
const needsDatabase = [missing.roundTrip, missing.swap, missing.confirm, missing.badDump, missing.failure, missing.offsite, missing.loop].every(
  (m) => m.length === 0,
);

// ---------------------------------------------------------------------------
// fixture: server, role, database, API
// ---------------------------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), 'prixagent-backups-'));
const id = randomHex(4);
/** Every database this file creates starts with this, so cleanup finds them all. */
const DB = `pxbk_${id}`;
// The password carries the canary: if any script prints it, the run's log scan fails too.
const PASSWORD = `${SECRET_CANARY}-backup-pw-${randomHex(4)}`;

let server: PostgresServer | undefined;
let adminUrl = '';
/** The role the API connects as (owner of DB), and its URL for DB. */
let role = '';
let appUrl = '';
let createdRole = false;
let adminIsSuperuser = false;
/** libpq variables to act as the server's administrator (the password is the canary when the server ignores it). */
let adminEnv: Record<string, string> = {};
let api: RunningApi | undefined;
let tenants: Tenant[] = [];
let state0: DatabaseState | undefined;
let firstDump = '';

const apiSecrets = { JWT_SECRET: `${SECRET_CANARY}-backups-jwt-${randomHex(24)}`, ENCRYPTION_KEY: randomHex(32) };

function apiEnv(): Record<string, string> {
  mkdirSync(LOG_DIR, { recursive: true });
  return {
    NODE_ENV: 'test',
    DATABASE_URL: appUrl,
    DATABASE_POOL_MAX: '3',
    ...apiSecrets,
    ENCRYPTION_KEY_ID: 'k1',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_FILE: join(LOG_DIR, `api-backups-${process.pid}.log`),
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    RATE_LIMIT_MAX_REQUESTS: '1000000',
    LOGIN_RATE_LIMIT_MAX: '100000',
    LOGIN_BACKOFF_THRESHOLD: '1000',
    // Nothing may change the database behind the test's back between snapshots.
    HOUSEKEEPING_INTERVAL_MINUTES: '0',
    CORS_ORIGIN: 'http://localhost:3001',
  };
}

async function startApi(): Promise<RunningApi> {
  api = await startApiProcess(apiEnv());
  return api;
}

async function stopApi(): Promise<void> {
  if (api && api.proc.exitCode === null && api.proc.signalCode === null) await api.stop();
  api = undefined;
}

/** Databases whose names start with DB, i.e. everything this file created or a restore made. */
function ourDatabases(): Promise<string[]> {
  return databasesStartingWith(adminUrl, DB);
}

function requireState(): DatabaseState {
  if (!state0) throw new Error('the round-trip test did not record the database state');
  return state0;
}

function requireDump(): string {
  if (!firstDump) throw new Error('the round-trip test did not produce a dump');
  return firstDump;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Fails the test (printing where, never what) if a script printed the password. */
function expectNoSecret(r: ScriptResult): void {
  expect(r.out.includes(PASSWORD), 'a script printed the database password').toBe(false);
  const adminPassword = adminEnv['PGPASSWORD'];
  if (adminPassword) expect(r.out.includes(adminPassword), 'a script printed the admin password').toBe(false);
  expect(r.out).not.toMatch(/postgres(ql)?:\/\/[^\s]*:[^\s]*@/);
}

function hookCommands(log: string): { STOP_API_CMD: string; START_API_CMD: string } {
  return { STOP_API_CMD: `echo stop >> '${log}'`, START_API_CMD: `echo start >> '${log}'` };
}

function hookLog(log: string): string {
  return existsSync(log) ? readFileSync(log, 'utf8') : '';
}

function newDir(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const scriptEnv = (extra: Record<string, string>): Record<string, string> => ({ HOME: work, ...extra });

async function seedThroughApi(http: HttpClient): Promise<Tenant[]> {
  const admin = await adminToken(http);
  const made: Tenant[] = [];
  for (let i = 0; i < 4; i++) {
    const t = await createTenant(http, admin, `Backup Co ${i}`);
    const creds = sampleCredentials();
    for (const provider of PROVIDERS) {
      expect((await http.put(`/api/v1/integrations/${provider}`, creds[provider], { token: t.token })).status).toBe(200);
    }
    for (let j = 0; j < 3; j++) {
      const res = await http.post('/api/v1/team/invites', { email: `member${j}-${randomHex(3)}@backup.example`, role: 'member' }, { token: t.token });
      expect(res.status).toBe(201);
    }
    made.push(t);
  }
  // A failed login leaves a LoginThrottle row and an audit event.
  expect((await http.post('/api/v1/auth/login', { email: made[0]?.ownerEmail, password: 'not-the-password-1' })).status).toBe(401);
  return made;
}

async function seedBulk(accountId: string): Promise<void> {
  await sql(
    appUrl,
    `INSERT INTO "AuditEvent" (id, "accountId", "actorType", action, "targetType", "targetId", ip, metadata, "createdAt")
     SELECT gen_random_uuid(), $1::uuid, 'system', 'backup.probe', 'account', $1, '203.0.113.' || (g % 250),
            jsonb_build_object('n', g, 'text', 'línea ' || g || E'\\ttab "quoted" \\\\ back', 'list', jsonb_build_array(g, g * 2, NULL)),
            timestamp '2026-01-01' + g * interval '1 minute'
     FROM generate_series(1, 6000) g`,
    [accountId],
  );
  await sql(
    appUrl,
    `CREATE TABLE backup_probe (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       payload bytea NOT NULL, doc jsonb, tags text[], amount numeric(14, 4), at timestamptz, note text)`,
  );
  await sql(
    appUrl,
    `INSERT INTO backup_probe (payload, doc, tags, amount, at, note)
     SELECT '\\x00ff0a0d5c'::bytea || decode(md5(g::text), 'hex') || convert_to(repeat('ü', g % 5), 'UTF8'),
            CASE WHEN g % 7 = 0 THEN NULL ELSE jsonb_build_object('g', g, 'nested', jsonb_build_object('q', 'a"b')) END,
            ARRAY['a' || g, NULL, 'comma,quote"'],
            g * 1.2345,
            timestamptz '2026-01-01 00:00:00+00' + g * interval '1 hour',
            CASE WHEN g % 3 = 0 THEN NULL ELSE E'line1\\nline2\\t' || g END
     FROM generate_series(1, 4000) g`,
  );
}

/** Signs a seeded tenant's owner in on a running API and reads its integrations back. */
async function expectTenantReadable(http: HttpClient, tenant: Tenant): Promise<void> {
  const login = await http.post<{ accessToken: string }>('/api/v1/auth/login', { email: tenant.ownerEmail, password: tenant.ownerPassword });
  expect(login.status).toBe(200);
  const list = await http.get<{ items: { provider: string; configured: boolean; status: string }[] }>('/api/v1/integrations', {
    token: login.body.accessToken,
  });
  expect(list.status).toBe(200);
  const configured = list.body.items.filter((i) => i.configured);
  expect(configured.map((i) => i.provider).sort()).toEqual([...PROVIDERS].sort());
  // Decryptable with the same ENCRYPTION_KEY: nothing reads as "unreadable".
  expect(configured.every((i) => i.status === 'unverified')).toBe(true);
  for (const provider of PROVIDERS) {
    expect((await http.get(`/api/v1/integrations/${provider}`, { token: login.body.accessToken })).status).toBe(200);
  }
  expect((await http.get('/api/health/ready')).status).toBe(200);
}

beforeAll(async () => {
  if (!needsDatabase) return;
  requireBuild();
  server = await acquirePostgres();
  adminUrl = urlFor(server.adminUrl, 'postgres');
  const adminPg = libpqEnv(adminUrl);
  // The local and embedded servers trust loopback, so a made-up password is accepted
  // and lets the test check that it is never printed.
  adminEnv = { ...adminPg, PGPASSWORD: adminPg['PGPASSWORD'] ?? (server.kind === 'TEST_DATABASE_URL' ? '' : `${SECRET_CANARY}-admin-pw-${randomHex(4)}`) };
  if (!adminEnv['PGPASSWORD']) delete adminEnv['PGPASSWORD'];
  adminIsSuperuser = (await sql<{ s: boolean }>(adminUrl, `SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user`))[0]?.s === true;

  // Like production: the API's own role owns its database; it is no superuser here.
  role = `${DB}_app`;
  try {
    await sql(adminUrl, `CREATE ROLE "${role}" LOGIN CREATEDB PASSWORD '${PASSWORD}'`);
    createdRole = true;
  } catch {
    // A TEST_DATABASE_URL role that may not create roles: act as it.
    role = adminPg['PGUSER'] ?? 'postgres';
  }
  await sql(adminUrl, `CREATE DATABASE "${DB}" OWNER "${role}"`);
  appUrl = createdRole ? urlFor(adminUrl, DB, { user: role, password: PASSWORD }) : urlFor(adminUrl, DB);

  const migrate = runNode(join(API_DIR, 'dist/cli/migrate.cli.js'), { DATABASE_URL: appUrl });
  expect(await migrate.exited, migrate.output()).toBe(0);

  const running = await startApi();
  tenants = await seedThroughApi(new HttpClient(running.baseUrl));
  await stopApi();
  const first = tenants[0];
  if (!first) throw new Error('no tenant seeded');
  await seedBulk(first.accountId);
}, 120_000);

afterAll(async () => {
  await stopApi();
  if (adminUrl) {
    for (const db of await ourDatabases()) await sql(adminUrl, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    if (createdRole) await sql(adminUrl, `DROP ROLE IF EXISTS "${role}"`);
  }
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// backup and restore
// ---------------------------------------------------------------------------

describe('backup_db.sh and restore_db.sh', () => {
  it.skipIf(missing.roundTrip.length > 0)(T.roundTrip, async () => {
    const state = await databaseState(appUrl);
    state0 = state;
    expect(state.tables['public._prisma_migrations']?.rows).toBeGreaterThan(0);
    expect(state.tables['public.IntegrationCredential']?.rows).toBe(16);
    expect(state.tables['public.TenantKey']?.rows).toBe(4);
    expect(state.tables['public.AuditEvent']?.rows).toBeGreaterThan(6000);
    expect(state.tables['public.backup_probe']?.rows).toBe(4000);
    expect(state.tables['public.LoginThrottle']?.rows).toBeGreaterThan(0);

    const dir = newDir('round-trip');
    // The URL form, with Prisma's own parameters that libpq would reject.
    const backup = await runScript(backupScript('backup_db.sh'), [], {
      env: scriptEnv({ DATABASE_URL: `${appUrl}?schema=public&connection_limit=5`, BACKUP_DIR: dir }),
    });
    expectNoSecret(backup);
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/verified: pg_restore reads the archive; \d+ tables, \d+ with data, including _prisma_migrations/);
    expect(backup.out).toContain('ignoring DATABASE_URL parameter(s) libpq does not know: schema connection_limit');

    const files = readdirSync(dir).sort();
    const dumps = files.filter((f) => DUMP_NAME.test(f));
    expect(dumps).toHaveLength(1);
    const name = dumps[0] ?? '';
    expect(files).toEqual(['.prixagent-backup.lock', name, `${name}.sha256`].sort());
    const dump = join(dir, name);
    firstDump = dump;
    expect(statSync(dump).mode & 0o777).toBe(0o600);
    expect(statSync(`${dump}.sha256`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${dump}.sha256`, 'utf8')).toBe(`${sha256(dump)}  ${name}\n`);
    execFileSync('sha256sum', ['--check', '--quiet', `${name}.sha256`], { cwd: dir });
    const toc = execFileSync('pg_restore', ['--list', dump], { encoding: 'utf8' });
    for (const table of ['_prisma_migrations', 'Account', 'IntegrationCredential', 'TenantKey', 'AuditEvent', 'backup_probe']) {
      expect(toc).toMatch(new RegExp(`^\\d+; \\d+ \\d+ TABLE DATA public ${table} `, 'm'));
    }
    // The name carries the UTC time of the run.
    const stamp = /(\d{8}T\d{6}Z)/.exec(name)?.[1] ?? '';
    const taken = Date.parse(stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    expect(Math.abs(Date.now() - taken)).toBeLessThan(120_000);

    // Disaster: the database is gone.
    await sql(adminUrl, `DROP DATABASE "${DB}" WITH (FORCE)`);
    expect(await ourDatabases()).toEqual([]);

    const hooks = join(work, 'hooks-round-trip.log');
    const restore = await runScript(backupScript('restore_db.sh'), ['--yes', dump], {
      env: scriptEnv({ ...libpqEnv(appUrl), BACKUP_DIR: dir, ...hookCommands(hooks) }),
    });
    expectNoSecret(restore);
    expect(restore.code, restore.out).toBe(0);
    expect(hookLog(hooks)).toBe('stop\nstart\n');
    expect(restore.out).toMatch(new RegExp(`renamed ${DB}_restore_\\d{8}_\\d{6} to ${DB}\\b`));
    expect(await ourDatabases()).toEqual([DB]);

    const after = await databaseState(appUrl);
    expect(after.tables).toEqual(state.tables);
    expect(after.sequences).toEqual(state.sequences);
    expect(after.schema).toBe(state.schema);
    const owners = await sql<{ o: string }>(appUrl, `SELECT DISTINCT tableowner AS o FROM pg_tables WHERE schemaname = 'public'`);
    expect(owners.map((o) => o.o)).toEqual([role]);

    // The application works on it with the same ENCRYPTION_KEY.
    const running = await startApi();
    const first = tenants[0];
    if (!first) throw new Error('no tenant');
    await expectTenantReadable(new HttpClient(running.baseUrl), first);
    await stopApi();
  });

  it.skipIf(missing.swap.length > 0)(T.swap, async () => {
    const state = requireState();
    const dump = requireDump();
    const running = await startApi();
    const http = new HttpClient(running.baseUrl);
    // A write after the backup: the restore must undo it here and keep it in the old copy.
    const late = await createTenant(http, await adminToken(http), 'Written After The Backup');
    const pid = running.proc.pid;
    if (pid === undefined) throw new Error('API has no pid');

    // A session that is not the API's (an operator's psql, say) must be ended too.
    const idle = await openPsqlSession(appUrl);

    const hooks = join(work, 'hooks-swap.log');
    // STOP_API_CMD really stops the API, and waits for it to be gone.
    const stop = `echo stop >> '${hooks}' && kill -TERM ${pid} && for i in $(seq 300); do kill -0 ${pid} 2>/dev/null || exit 0; sleep 0.05; done; exit 1`;
    // Run as the server's administrator, as an operator might: the restored
    // database and its tables must still belong to the API's role.
    const restore = await runScript(backupScript('restore_db.sh'), ['--yes', dump], {
      env: scriptEnv({ ...adminEnv, PGDATABASE: DB, BACKUP_DIR: dirname(dump), STOP_API_CMD: stop, START_API_CMD: `echo start >> '${hooks}'` }),
    });
    expectNoSecret(restore);
    expect(restore.code, restore.out).toBe(0);
    expect(hookLog(hooks)).toBe('stop\nstart\n');
    expect(running.proc.exitCode ?? running.proc.signalCode).not.toBeNull();
    api = undefined;
    expect(restore.out).toMatch(new RegExp(`ended \\d+ remaining session\\(s\\) on ${DB}`));
    expect(await idle.alive()).toBe(false);
    await idle.close();

    const dbs = await ourDatabases();
    const pre = dbs.filter((d) => new RegExp(`^${DB}_pre_restore_\\d{8}_\\d{6}$`).test(d));
    expect(pre).toHaveLength(1);
    expect(dbs).toEqual([DB, ...pre].sort());
    const preName = pre[0] ?? '';
    expect(restore.out).toContain(`DROP DATABASE ${preName}`);

    const after = await databaseState(appUrl);
    expect(after.tables).toEqual(state.tables);
    expect(after.sequences).toEqual(state.sequences);
    expect(after.schema).toBe(state.schema);
    expect(await sql(appUrl, `SELECT 1 FROM "Account" WHERE id = $1`, [late.accountId])).toHaveLength(0);
    // The old database, with the late write, is intact and accepts connections.
    expect(await sql(urlFor(appUrl, preName), `SELECT 1 FROM "Account" WHERE id = $1`, [late.accountId])).toHaveLength(1);
    const owner = await sql<{ o: string }>(adminUrl, `SELECT pg_get_userbyid(datdba) AS o FROM pg_database WHERE datname = $1`, [DB]);
    expect(owner[0]?.o).toBe(role);
    const owners = await sql<{ o: string }>(appUrl, `SELECT DISTINCT tableowner AS o FROM pg_tables WHERE schemaname = 'public'`);
    expect(owners.map((o) => o.o)).toEqual([role]);

    const again = await startApi();
    const first = tenants[0];
    if (!first) throw new Error('no tenant');
    await expectTenantReadable(new HttpClient(again.baseUrl), first);
    await stopApi();
    await sql(adminUrl, `DROP DATABASE "${preName}"`);
  });

  it.skipIf(missing.confirm.length > 0)(T.confirm, async () => {
    const state = requireState();
    const dump = requireDump();
    // Make the live database differ from the dump, so "unchanged" means something.
    await sql(appUrl, `DELETE FROM backup_probe WHERE id % 2 = 0`);
    const changed = await databaseState(appUrl);
    expect(changed.tables).not.toEqual(state.tables);
    const dbs = await ourDatabases();

    const hooks = join(work, 'hooks-confirm.log');
    const env = scriptEnv({ ...libpqEnv(appUrl), BACKUP_DIR: dirname(dump), ...hookCommands(hooks) });
    // undefined: stdin is /dev/null, as under cron or in CI.
    for (const input of [undefined, '', '\n', 'no\n', 'yes\n', 'Yes\n', 'YES please\n', ' YES\n']) {
      const r = await runScript(backupScript('restore_db.sh'), [dump], { env, ...(input === undefined ? {} : { input }) });
      expectNoSecret(r);
      expect(r.code, `answer ${JSON.stringify(input)}:\n${r.out}`).toBe(3);
      expect(r.out).toContain('nothing was changed');
      expect(r.out).toContain('Type YES to restore');
      expect(hookLog(hooks)).toBe('');
    }
    expect(await ourDatabases()).toEqual(dbs);
    const still = await databaseState(appUrl);
    expect(still.tables).toEqual(changed.tables);

    const yes = await runScript(backupScript('restore_db.sh'), [dump], { env, input: 'YES\n' });
    expectNoSecret(yes);
    expect(yes.code, yes.out).toBe(0);
    expect(hookLog(hooks)).toBe('stop\nstart\n');
    expect((await databaseState(appUrl)).tables).toEqual(state.tables);
    for (const db of (await ourDatabases()).filter((d) => d !== DB)) await sql(adminUrl, `DROP DATABASE "${db}"`);
  });

  it.skipIf(missing.badDump.length > 0)(T.badDump, async () => {
    const state = requireState();
    const dump = requireDump();
    const dbs = await ourDatabases();
    const dir = newDir('bad-dumps');
    const hooks = join(work, 'hooks-bad.log');
    const env = scriptEnv({ ...libpqEnv(appUrl), BACKUP_DIR: dir, ...hookCommands(hooks) });
    const base = dump.slice(dump.lastIndexOf('/') + 1);

    const cases: { what: string; prepare: (copy: string) => void; message: RegExp }[] = [
      {
        what: 'one flipped byte',
        prepare: (copy) => writeDamagedCopy(dump, copy),
        message: /checksum mismatch/,
      },
      {
        what: 'no checksum file',
        prepare: (copy) => copyFileSync(dump, copy),
        message: /\.sha256 is missing/,
      },
      {
        what: 'a truncated dump with a matching checksum',
        prepare: (copy) => {
          const bytes = readFileSync(dump);
          writeFileSync(copy, bytes.subarray(0, 200));
          writeFileSync(`${copy}.sha256`, `${sha256(copy)}  ${base}\n`);
        },
        message: /pg_restore cannot read it/,
      },
    ];
    for (const [i, c] of cases.entries()) {
      const sub = newDir(`bad-dumps/${i}`);
      const copy = join(sub, base);
      c.prepare(copy);
      const r = await runScript(backupScript('restore_db.sh'), ['--yes', copy], { env });
      expectNoSecret(r);
      expect(r.code, `${c.what}:\n${r.out}`).toBe(4);
      expect(r.out).toMatch(c.message);
      expect(hookLog(hooks), c.what).toBe('');
    }
    expect(await ourDatabases()).toEqual(dbs);
    expect((await databaseState(appUrl)).tables).toEqual(state.tables);
  });

  it.skipIf(missing.failure.length > 0)(T.failure, async () => {
    const state = requireState();
    const dump = requireDump();
    const dbs = await ourDatabases();
    const hooks = join(work, 'hooks-failure.log');

    // 1. STOP_API_CMD fails: nothing is restored, and START_API_CMD still runs.
    const failingStop = await runScript(backupScript('restore_db.sh'), ['--yes', dump], {
      env: scriptEnv({ ...libpqEnv(appUrl), BACKUP_DIR: dirname(dump), STOP_API_CMD: `echo stop >> '${hooks}'; exit 1`, START_API_CMD: `echo start >> '${hooks}'` }),
    });
    expectNoSecret(failingStop);
    expect(failingStop.code, failingStop.out).toBe(1);
    expect(failingStop.out).toContain('STOP_API_CMD failed');
    expect(hookLog(hooks)).toBe('stop\nstart\n');
    expect(await ourDatabases()).toEqual(dbs);

    // 2. With STOP_API_CMD empty (the operator stops the API by hand), a session
    //    still connected means the API is still up: refuse.
    const idle = await openPsqlSession(appUrl);
    try {
      const r = await runScript(backupScript('restore_db.sh'), ['--yes', dump], {
        env: scriptEnv({ ...libpqEnv(appUrl), BACKUP_DIR: dirname(dump), STOP_API_CMD: '', START_API_CMD: '' }),
      });
      expect(r.code, r.out).toBe(1);
      expect(r.out).toMatch(/session\(s\) are connected to .*Stop the API first/);
      expect(await idle.alive()).toBe(true);
    } finally {
      await idle.close();
    }

    // 3. pg_restore itself fails half-way (data that breaks a foreign key, the
    //    kind of dump a damaged source database makes): the half-built copy is
    //    dropped, the API started again, the live database untouched.
    if (adminIsSuperuser) {
      const bad = `${DB}_badsrc`;
      await sql(adminUrl, `CREATE DATABASE "${bad}"`);
      const badUrl = urlFor(adminUrl, bad);
      await sql(badUrl, `CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz,
        migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(),
        applied_steps_count integer NOT NULL DEFAULT 0)`);
      await sql(badUrl, `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name) VALUES ('1', 'x', now(), 'init')`);
      await sql(badUrl, `CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id))`);
      // Replica mode skips the foreign key trigger: the orphan row is stored.
      await sql(badUrl, `SET session_replication_role = replica; INSERT INTO child VALUES (1, 999)`);
      const badDir = newDir('bad-source');
      const b = await runScript(backupScript('backup_db.sh'), ['--no-prune'], { env: scriptEnv({ ...adminEnv, PGDATABASE: bad, BACKUP_DIR: badDir }) });
      expect(b.code, b.out).toBe(0);
      const badDump = join(badDir, readdirSync(badDir).find((f) => DUMP_NAME.test(f)) ?? '');
      const before = await ourDatabases();
      writeFileSync(hooks, '');
      const r = await runScript(backupScript('restore_db.sh'), ['--yes', badDump], {
        env: scriptEnv({ ...libpqEnv(appUrl), BACKUP_DIR: badDir, ...hookCommands(hooks) }),
      });
      expectNoSecret(r);
      expect(r.code, r.out).toBe(1);
      expect(r.out).toContain('pg_restore failed');
      expect(r.out).toMatch(/dropping the incomplete/);
      expect(r.out).toContain(`restore FAILED; ${DB} was not replaced`);
      expect(hookLog(hooks)).toBe('stop\nstart\n');
      expect(await ourDatabases()).toEqual(before);
      await sql(adminUrl, `DROP DATABASE "${bad}"`);
    } else {
      console.warn(`!! ${T.failure}: the pg_restore failure case needs a superuser to plant bad data; skipped that part`);
    }
    expect((await databaseState(appUrl)).tables).toEqual(state.tables);
  });
});

// ---------------------------------------------------------------------------
// retention
// ---------------------------------------------------------------------------

type ChecksumKind = 'good' | 'missing' | 'bad' | 'malformed';
interface Dummy {
  name: string;
  /** ms since the epoch, whole seconds. */
  at: number;
  checksum: ChecksumKind;
}
interface Keep {
  daily: number;
  weekly: number;
  monthly: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

function stampOf(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** ISO 8601 week of a UTC date, e.g. 2026-W48 (Thursday decides the year). */
function isoWeek(ms: number): string {
  const d = new Date(ms);
  const t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekday = new Date(t).getUTCDay() || 7;
  const thursday = new Date(t + (4 - weekday) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The retention rule, written again from its description rather than from the
 * script: among dumps with a good checksum dated no later than now, newest
 * first, keep the newest of each of the first KEEP_DAILY days, KEEP_WEEKLY ISO
 * weeks and KEEP_MONTHLY months met, and the newest of all; delete the other
 * good ones. Nothing else is deleted.
 */
function expectedRetention(dummies: Dummy[], now: number, keep: Keep): { kept: string[]; deleted: string[] } {
  const valid = dummies.filter((d) => d.checksum === 'good' && d.at <= now).sort((a, b) => b.at - a.at);
  const days = new Set<string>();
  const weeks = new Set<string>();
  const months = new Set<string>();
  const kept = dummies.filter((d) => !valid.includes(d)).map((d) => d.name);
  const deleted: string[] = [];
  valid.forEach((d, i) => {
    const day = new Date(d.at).toISOString().slice(0, 10);
    const week = isoWeek(d.at);
    const month = day.slice(0, 7);
    let keepIt = i === 0;
    if (!days.has(day) && days.size < keep.daily) {
      days.add(day);
      keepIt = true;
    }
    if (!weeks.has(week) && weeks.size < keep.weekly) {
      weeks.add(week);
      keepIt = true;
    }
    if (!months.has(month) && months.size < keep.monthly) {
      months.add(month);
      keepIt = true;
    }
    (keepIt ? kept : deleted).push(d.name);
  });
  return { kept: kept.sort(), deleted: deleted.sort() };
}

const RETENTION_NOW = Date.UTC(2026, 10, 23, 3, 0, 0);

/** 400 days of nightly dumps with a week-long gap, some days with two, and every kind of trouble. */
function dummySet(): Dummy[] {
  const dummies: Dummy[] = [];
  const add = (at: number, checksum: ChecksumKind = 'good'): void => {
    dummies.push({ name: `prixagent-${stampOf(at)}.dump`, at, checksum });
  };
  for (let d = 0; d < 400; d++) {
    if (d >= 40 && d < 47) continue;
    const at = RETENTION_NOW - d * DAY;
    // The newest has lost its checksum, the third newest is damaged, one old one has a garbled checksum file.
    add(at, d === 0 ? 'missing' : d === 2 ? 'bad' : d === 200 ? 'malformed' : 'good');
    // A manual backup later the same day (15:30), newer than that night's.
    if (d % 9 === 4) add(at + 12.5 * HOUR);
  }
  // A dump from a clock that ran two days ahead.
  add(RETENTION_NOW + 2 * DAY);
  return dummies;
}

/** Files that are not ours to delete, whatever their names suggest. */
const UNRELATED: Record<string, string> = {
  'notes.txt': 'operator notes',
  'other-20261101T030000Z.dump': 'another prefix',
  'prixagent-20261101T030000Z.dump.bak': 'a copy',
  '.prixagent-20261123T020000Z.dump.partial': 'a backup in progress',
  'prixagent-latest.dump': 'not a timestamp',
  'prixagent-20261399T030000Z.dump': 'not a real date',
  'prixagent-20250101T030000Z.dump.sha256': `${'0'.repeat(64)}  prixagent-20250101T030000Z.dump\n`,
};

function writeDummies(dir: string, dummies: Dummy[]): void {
  for (const d of dummies) {
    const path = join(dir, d.name);
    writeFileSync(path, `not really a dump: ${d.name}\n`);
    const digest = sha256(path);
    if (d.checksum === 'good') writeFileSync(`${path}.sha256`, `${digest}  ${d.name}\n`);
    if (d.checksum === 'bad') writeFileSync(`${path}.sha256`, `${'f'.repeat(64)}  ${d.name}\n`);
    if (d.checksum === 'malformed') writeFileSync(`${path}.sha256`, `${digest.slice(0, 40)}\n`);
  }
  for (const [name, text] of Object.entries(UNRELATED)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'prixagent-20261399T030000Z.dump.sha256'), `${sha256(join(dir, 'prixagent-20261399T030000Z.dump'))}  prixagent-20261399T030000Z.dump\n`);
  // A directory and a symlink named like dumps are not dumps.
  mkdirSync(join(dir, 'prixagent-20261120T150000Z.dump'));
  symlinkSync(join(dir, 'notes.txt'), join(dir, 'prixagent-20261121T150000Z.dump'));
}

/** name -> content digest (or the kind of entry), for "nothing else changed". */
function listing(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const st = lstatSync(join(dir, name));
    out[name] = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : sha256(join(dir, name));
  }
  return out;
}

function linesAfter(out: string, verb: string): string[] {
  return [...out.matchAll(new RegExp(`prune_backups\\.sh: ${verb} (\\S+)$`, 'gm'))].map((m) => m[1] ?? '').sort();
}

describe('prune_backups.sh', () => {
  it.skipIf(missing.retention.length > 0)(T.retention, async () => {
    const dummies = dummySet();
    const configs: { name: string; keep: Keep; now: number; viaEnv: boolean }[] = [
      { name: 'defaults', keep: { daily: 7, weekly: 4, monthly: 6 }, now: RETENTION_NOW, viaEnv: false },
      // Backups stopped 60 days ago: the last good ones must survive; the future-dated one now counts.
      { name: 'after a long gap', keep: { daily: 3, weekly: 0, monthly: 12 }, now: RETENTION_NOW + 60 * DAY, viaEnv: true },
      { name: 'weekly only', keep: { daily: 0, weekly: 10, monthly: 0 }, now: RETENTION_NOW, viaEnv: false },
      { name: 'nothing to keep but the newest', keep: { daily: 0, weekly: 0, monthly: 0 }, now: RETENTION_NOW, viaEnv: false },
    ];
    for (const config of configs) {
      const dir = newDir(`retention-${config.name.replace(/\W+/g, '-')}`);
      writeDummies(dir, dummies);
      const expected = expectedRetention(dummies, config.now, config.keep);
      expect(expected.deleted.length, config.name).toBeGreaterThan(100);
      const nowIso = new Date(config.now).toISOString();
      const env = scriptEnv({
        BACKUP_DIR: dir,
        KEEP_DAILY: String(config.keep.daily),
        KEEP_WEEKLY: String(config.keep.weekly),
        KEEP_MONTHLY: String(config.keep.monthly),
        ...(config.viaEnv ? { BACKUP_NOW: nowIso } : {}),
      });
      const nowArgs = config.viaEnv ? [] : ['--now', nowIso];
      const before = listing(dir);

      const dry = await runScript(backupScript('prune_backups.sh'), ['--dry-run', ...nowArgs], { env });
      expect(dry.code, dry.out).toBe(0);
      expect(linesAfter(dry.out, 'would delete'), config.name).toEqual(expected.deleted);
      expect(linesAfter(dry.out, 'delete'), config.name).toEqual([]);
      expect(listing(dir), `${config.name}: --dry-run changed the directory`).toEqual(before);

      const real = await runScript(backupScript('prune_backups.sh'), nowArgs, { env });
      expect(real.code, real.out).toBe(0);
      expect(linesAfter(real.out, 'delete'), config.name).toEqual(expected.deleted);
      expect(real.out).toMatch(/WARNING: prixagent-\S+: checksum file missing; NOT counted/);
      expect(real.out).toMatch(/WARNING: prixagent-\S+: checksum mismatch; NOT counted/);
      expect(real.out).toMatch(/WARNING: prixagent-\S+: checksum file malformed; NOT counted/);
      const wanted: Record<string, string> = { ...before, '.prixagent-backup.lock': sha256('/dev/null') };
      for (const name of expected.deleted) {
        delete wanted[name];
        delete wanted[`${name}.sha256`];
      }
      expect(listing(dir), config.name).toEqual(wanted);
      const keptDumps = Object.keys(listing(dir)).filter((n) => DUMP_NAME.test(n) && dummies.some((d) => d.name === n));
      expect(keptDumps.sort(), config.name).toEqual(expected.kept);

      // A second run finds nothing more to delete.
      const again = await runScript(backupScript('prune_backups.sh'), nowArgs, { env });
      expect(again.code, again.out).toBe(0);
      expect(linesAfter(again.out, 'delete'), config.name).toEqual([]);
      expect(listing(dir), config.name).toEqual(wanted);
    }

    // Spot checks of the rule itself, so a shared mistake in the model and the script shows.
    const defaults = expectedRetention(dummies, RETENTION_NOW, { daily: 7, weekly: 4, monthly: 6 });
    const has = (iso: string): boolean => defaults.kept.includes(`prixagent-${stampOf(Date.parse(iso))}.dump`);
    expect(has('2026-11-22T03:00:00Z')).toBe(true); // newest good one (the 23rd's has no checksum)
    expect(has('2026-11-21T03:00:00Z')).toBe(true); // damaged checksum: never deleted, and not counted (so the 7 days reach back to the 15th)
    expect(has('2026-11-15T03:00:00Z')).toBe(true); // the 7th good day
    expect(has('2026-11-14T03:00:00Z')).toBe(false);
    expect(has('2026-11-08T03:00:00Z')).toBe(true); // Sunday: newest of ISO week 45
    expect(has('2026-10-31T03:00:00Z')).toBe(true); // newest of October
    expect(has('2026-06-30T03:00:00Z')).toBe(true); // newest of June, the 6th month
    expect(has('2026-05-31T03:00:00Z')).toBe(false);

    // Bad configuration deletes nothing.
    const dir = newDir('retention-bad-config');
    writeDummies(dir, dummies.slice(0, 30));
    const before = listing(dir);
    const badConfigs: Record<string, string>[] = [{ KEEP_DAILY: 'seven' }, { KEEP_WEEKLY: '-1' }, { BACKUP_NOW: 'not-a-time' }];
    for (const env of badConfigs) {
      const r = await runScript(backupScript('prune_backups.sh'), [], { env: scriptEnv({ BACKUP_DIR: dir, ...env }) });
      expect(r.code, r.out).toBe(2);
    }
    expect(listing(dir)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------
// the rest: shellcheck, off-site hook, lock, failure, loop
// ---------------------------------------------------------------------------

function shellScripts(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...shellScripts(path));
    else if (entry.isFile() && entry.name.endsWith('.sh')) found.push(path);
  }
  return found.sort();
}

/** Tracked files without the .sh suffix that are shell scripts all the same (.ci/run). */
function trackedShebangScripts(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  return tracked
    .filter((f) => !/\.(md|ts|tsx|mjs|js|json|ya?ml|sh)$/.test(f))
    .map((f) => join(REPO, f))
    .filter((path) => {
      try {
        return /^#!\s*(\/usr\/bin\/env\s+)?(\/bin\/|\/usr\/bin\/)?(ba)?sh\b/.test(readFileSync(path, 'utf8').slice(0, 80));
      } catch {
        return false;
      }
    });
}

describe('check_fresh.sh', () => {
  it('passes only while the newest dump with a checksum is younger than the limit', async () => {
    const dir = newDir('fresh');
    const script = backupScript('check_fresh.sh');
    const check = (now: string, extra: Record<string, string> = {}) => runScript(script, ['--now', now], { env: { BACKUP_DIR: dir, ...extra } });
    let r = await check('2026-11-23T10:00:00Z');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/no backup with a checksum/);
    // A good dump yesterday at 03:00, and a newer one whose checksum never got written.
    writeFileSync(join(dir, 'prixagent-20261122T030000Z.dump'), 'x');
    writeFileSync(join(dir, 'prixagent-20261122T030000Z.dump.sha256'), `${sha256(join(dir, 'prixagent-20261122T030000Z.dump'))}  prixagent-20261122T030000Z.dump\n`);
    writeFileSync(join(dir, 'prixagent-20261123T030000Z.dump'), 'partial');
    r = await check('2026-11-23T04:59:00Z');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/newest backup prixagent-20261122T030000Z\.dump is 25h old/);
    r = await check('2026-11-23T05:01:00Z');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/prixagent-20261122T030000Z\.dump, is 26h old \(limit 26h\)/);
    expect((await check('2026-11-23T05:01:00Z', { BACKUP_MAX_AGE_HOURS: '48' })).code).toBe(0);
    expect(readFileSync(join(REPO, 'infra/backups/Dockerfile'), 'utf8')).toMatch(/^\s+CMD \["\/opt\/backups\/check_fresh\.sh"\]$/m);
  });
});

describe('every script', () => {
  it.skipIf(missing.shellcheck.length > 0)(T.shellcheck, () => {
    // Found at run time: scripts others add under infra/ and scripts/ are checked too.
    const files = [...new Set([...shellScripts(join(REPO, 'infra')), ...shellScripts(join(REPO, 'scripts')), ...trackedShebangScripts()])].sort();
    expect(files).toEqual(expect.arrayContaining([...OUR_SCRIPTS, 'lib.sh'].map(backupScript)));
    expect(files).toContain(join(REPO, '.ci/run'));
    expect(files).toContain(join(REPO, 'infra/restore-prod.sh'));
    const r = spawnSync('shellcheck', ['--external-sources', '--format=gcc', ...files], { cwd: REPO, encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });

  it('the backup image ships every script and runs the loop', () => {
    const dockerfile = readFileSync(backupScript('Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM postgres:15(-bookworm)?$/m);
    expect(dockerfile).toMatch(/^COPY --chmod=0755 infra\/backups\/\*\.sh \/opt\/backups\/$/m);
    expect(dockerfile).toMatch(/^CMD \["\/opt\/backups\/backup-loop\.sh"\]$/m);
    expect(dockerfile).toMatch(/^USER postgres$/m);
    // The compose file builds it for the backup service.
    expect(readFileSync(join(REPO, 'docker-compose.prod.yml'), 'utf8')).toContain('dockerfile: infra/backups/Dockerfile');
  });

  it('each script is executable and answers --help', async () => {
    for (const name of OUR_SCRIPTS) {
      expect(statSync(backupScript(name)).mode & 0o111, `${name} is not executable`).toBe(0o111);
      const r = await runScript(backupScript(name), ['--help']);
      expect(r.code, `${name} --help:\n${r.out}`).toBe(0);
      expect(r.out).toMatch(/^Usage: /);
    }
  });
});

describe('off-site copy, lock, failures, loop', () => {
  it.skipIf(missing.offsite.length > 0)(T.offsite, async () => {
    const dir = newDir('offsite');
    const remote = newDir('offsite-remote');
    const seen = join(work, 'offsite-seen');
    // Two older good dumps that retention (one day kept) would delete.
    const old = [Date.now() - 10 * DAY, Date.now() - 11 * DAY].map((at) => ({ name: `prixagent-${stampOf(Math.floor(at / 1000) * 1000)}.dump`, at, checksum: 'good' as const }));
    for (const d of old) {
      writeFileSync(join(dir, d.name), `old ${d.name}\n`);
      writeFileSync(join(dir, `${d.name}.sha256`), `${sha256(join(dir, d.name))}  ${d.name}\n`);
    }
    const env = scriptEnv({ ...libpqEnv(appUrl), BACKUP_DIR: dir, KEEP_DAILY: '1', KEEP_WEEKLY: '0', KEEP_MONTHLY: '0' });

    const failingHook = join(work, 'offsite-fail.sh');
    writeFileSync(failingHook, '#!/bin/sh\necho "remote bucket unreachable" >&2\nexit 7\n', { mode: 0o755 });
    const failed = await runScript(backupScript('backup_db.sh'), [], { env: { ...env, OFFSITE_HOOK: failingHook } });
    expectNoSecret(failed);
    expect(failed.code, failed.out).toBe(3);
    expect(failed.out).toContain('OFF-SITE COPY FAILED (hook exit status 7)');
    expect(failed.out).toContain('remote bucket unreachable');
    expect(failed.out).toContain('retention was skipped, nothing was deleted');
    const afterFailure = readdirSync(dir).filter((f) => DUMP_NAME.test(f)).sort();
    expect(afterFailure).toHaveLength(3);
    for (const f of afterFailure) execFileSync('sha256sum', ['--check', '--quiet', `${f}.sha256`], { cwd: dir });

    // Names carry seconds: the next backup must not share one.
    await new Promise((r) => setTimeout(r, 1100));
    const hook = join(work, 'offsite-copy.sh');
    writeFileSync(hook, `#!/bin/sh\nset -eu\ncp "$1" "$2" '${remote}/'\nprintf '%s' "\${PGPASSWORD-unset}" > '${seen}'\n`, { mode: 0o755 });
    const ok = await runScript(backupScript('backup_db.sh'), [], { env: { ...env, OFFSITE_HOOK: hook } });
    expectNoSecret(ok);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('off-site copy done');
    const local = readdirSync(dir).filter((f) => DUMP_NAME.test(f));
    expect(local).toHaveLength(1); // retention ran: one day kept, its newest dump
    const newest = local[0] ?? '';
    expect(afterFailure).not.toContain(newest);
    expect(readdirSync(remote).sort()).toEqual([newest, `${newest}.sha256`]);
    expect(sha256(join(remote, newest))).toBe(sha256(join(dir, newest)));
    expect(readFileSync(join(remote, `${newest}.sha256`), 'utf8')).toBe(readFileSync(join(dir, `${newest}.sha256`), 'utf8'));
    // The hook never sees the database password.
    expect(readFileSync(seen, 'utf8')).toBe('unset');

    // The shipped rclone hook, with the remote as its own argument, against a
    // stand-in rclone that records its calls and copies into a directory.
    await new Promise((r) => setTimeout(r, 1100));
    const fakeBin = newDir('fake-rclone-bin');
    const bucket = newDir('fake-rclone-remote');
    const calls = join(work, 'rclone-calls.log');
    writeFileSync(
      join(fakeBin, 'rclone'),
      `#!/bin/sh\necho "$*" >> '${calls}'\n[ "$1" = copy ] || exit 9\neval "dest=\\\${$#}"\neval "src=\\\${$(($# - 1))}"\ncp "$src" "$dest/"\n`,
      { mode: 0o755 },
    );
    const viaRclone = await runScript(backupScript('backup_db.sh'), ['--no-prune'], {
      env: { ...env, PATH: `${fakeBin}:${testRunnerEnv.path}`, OFFSITE_HOOK: `${backupScript('offsite-rclone.sh')} ${bucket}` },
    });
    expectNoSecret(viaRclone);
    expect(viaRclone.code, viaRclone.out).toBe(0);
    const shipped = readdirSync(bucket).sort();
    expect(shipped).toHaveLength(2);
    const [dumpName, sumName] = shipped;
    expect(dumpName).toMatch(DUMP_NAME);
    expect(sumName).toBe(`${dumpName}.sha256`);
    // Dump first, checksum last: a checksum off-site means its dump arrived whole.
    expect(readFileSync(calls, 'utf8')).toBe(
      `copy --immutable --no-traverse ${join(dir, dumpName ?? '')} ${bucket}\ncopy --immutable --no-traverse ${join(dir, sumName ?? '')} ${bucket}\n`,
    );
    expect(sha256(join(bucket, dumpName ?? ''))).toBe(sha256(join(dir, dumpName ?? '')));
  });

  it.skipIf(missing.loop.length > 0)(T.loop, async () => {
    // Lock busy: a second run refuses at once with 75 and writes nothing.
    const dir = newDir('lock');
    const lock = join(dir, '.prixagent-backup.lock');
    // --no-fork: flock becomes the shell, so killing it frees the lock at once.
    const holder = startScript('flock', ['--no-fork', lock, 'sh', '-c', 'echo locked; exec sleep 30']);
    try {
      const deadline = Date.now() + 5000;
      while (!holder.output().includes('locked') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const busy = await runScript(backupScript('backup_db.sh'), [], { env: scriptEnv({ ...libpqEnv(appUrl), BACKUP_DIR: dir }) });
      expect(busy.code, busy.out).toBe(75);
      expect(busy.ms).toBeLessThan(5000);
      expect(readdirSync(dir)).toEqual(['.prixagent-backup.lock']);
    } finally {
      holder.proc.kill('SIGTERM');
      await holder.done;
    }

    // A failing dump keeps nothing: no dump, no checksum, no partial file.
    const failDir = newDir('failing');
    const fail = await runScript(backupScript('backup_db.sh'), [], { env: scriptEnv({ ...libpqEnv(appUrl), PGDATABASE: `${DB}_missing`, BACKUP_DIR: failDir }) });
    expectNoSecret(fail);
    expect(fail.code, fail.out).toBe(1);
    expect(fail.out).toContain('pg_dump failed; no backup was kept');
    expect(readdirSync(failDir)).toEqual(['.prixagent-backup.lock']);

    // The loop: a bad time is refused; otherwise it backs up at start when asked,
    // says when the next run is, and a SIGTERM ends it at once.
    const bad = await runScript(backupScript('backup-loop.sh'), [], { env: scriptEnv({ BACKUP_AT: '25:00' }) });
    expect(bad.code, bad.out).toBe(2);
    const loopDir = newDir('loop');
    const at = new Date(Date.now() + 12 * HOUR);
    const backupAt = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
    const loop = startScript(backupScript('backup-loop.sh'), [], {
      env: scriptEnv({ ...libpqEnv(appUrl), BACKUP_DIR: loopDir, BACKUP_AT: backupAt, BACKUP_ON_START: '1', BACKUP_RETRIES: '0' }),
    });
    const deadline = Date.now() + 30_000;
    while (!/next backup at/.test(loop.output()) && loop.proc.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(loop.output()).toMatch(new RegExp(`next backup at \\d{4}-\\d{2}-\\d{2}T${backupAt}:00Z`));
    expect(readdirSync(loopDir).filter((f) => DUMP_NAME.test(f))).toHaveLength(1);
    const signalled = Date.now();
    loop.proc.kill('SIGTERM');
    const ended = await loop.done;
    expect(Date.now() - signalled).toBeLessThan(2000);
    expect(ended.code, ended.out).toBe(0);
    expect(ended.out).toContain('received SIGTERM; stopping');
    expectNoSecret(ended);
  });
});
