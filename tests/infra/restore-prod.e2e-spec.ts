// infra/restore-prod.sh, the one-command production restore, on real
// binaries: a real PostgreSQL 15 database migrated with the project's own
// migrations, a real dump written by infra/backups/backup_db.sh, and the real
// infra/backups/restore_db.sh doing the restore.
//
// There is no Docker engine here, so COMPOSE_CMD points at a stand-in for
// `docker compose` written below. It records every call, runs
// `run --rm -T backup restore_db.sh ...` the way the backup container would
// (the real script, an environment holding only the container's variables:
// libpq settings, BACKUP_DIR, STOP_API_CMD="" START_API_CMD=""), and answers
// `stop api` / `start api` (failing on demand). So what is proven is the
// wrapper's part: the order of the calls, that nothing is stopped before the
// dump passed its check and YES was typed, that the API is started again
// whatever happens, its exit codes, and that the database really ends up
// restored (or untouched).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../apps/api/src/db/migrations/migrator.js';
import { testRunnerEnv } from '../../apps/api/test/support/test-runner-env.js';
import { freePort } from '../../scripts/lib/net.mjs';
import { acquirePostgres, databaseState, libpqEnv, sql, urlFor, type DatabaseState, type PostgresServer } from './support/postgres.js';
import { runScript, startScript, type ScriptResult } from './support/run-script.js';
import { DB_TOOLS, DUMP_NAME, REPO, backupScript, databasesStartingWith, writeDamagedCopy } from './support/backups.js';
import { missingTools } from './support/tools.js';

const WRAPPER = join(REPO, 'infra', 'restore-prod.sh');
const RESTORE_DB = backupScript('restore_db.sh');
const BACKUP_DB = backupScript('backup_db.sh');

const T = {
  check: 'restore_db.sh --check passes a good dump without connecting, locking, asking or running a hook, and refuses a damaged one with 4',
  restore: 'with --yes: check, stop api, restore, start api, in that order, and the database then equals the dump',
  confirm: 'without a typed YES (no, empty, closed stdin, a timeout) it exits 3 after the check alone, touching nothing; YES proceeds',
  badDump: 'a damaged dump exits 4 at the check: the API is never stopped',
  wrapperCheck: 'restore-prod.sh --check runs the check alone: 0 for a good dump, 4 for a damaged one, nothing stopped or asked',
  failure: 'a restore that fails after the stop (no applied migration in the dump) still starts the API, exits 1, and leaves the live database untouched',
  stopFails: 'when stop api fails nothing is restored, start api still runs, and it exits 1',
  startFails: 'when start api fails after a good restore it exits 5, the database restored',
  signal: 'SIGINT or SIGTERM during the restore stops it, starts the API again and exits 130/143',
  cli: 'answers --help, refuses bad arguments with 2, and refuses to run outside the checkout with the default compose command',
};
const missing = {
  check: missingTools(DB_TOOLS, T.check),
  restore: missingTools(DB_TOOLS, T.restore),
  confirm: missingTools(DB_TOOLS, T.confirm),
  badDump: missingTools(DB_TOOLS, T.badDump),
  wrapperCheck: missingTools(DB_TOOLS, T.wrapperCheck),
  failure: missingTools(DB_TOOLS, T.failure),
  stopFails: missingTools(DB_TOOLS, T.stopFails),
  startFails: missingTools(DB_TOOLS, T.startFails),
  signal: missingTools(DB_TOOLS, T.signal),
};
const needsDatabase = [missing.check, missing.restore, missing.confirm, missing.badDump, missing.wrapperCheck, missing.failure, missing.stopFails, missing.startFails, missing.signal].some(
  (m) => m.length === 0,
);

// ---------------------------------------------------------------------------
// fixture: server, database, dump, the compose stand-in
// ---------------------------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), 'prixagent-restore-prod-'));
/** Every database this file creates starts with this, so cleanup finds them all. */
const DB = `pxrp_${randomBytes(4).toString('hex')}`;
/** The backup volume: the container's BACKUP_DIR (the backup lock lives here). */
const VOLUME = join(work, 'backups');
const FAKE_COMPOSE = join(work, 'fake-compose.sh');

let server: PostgresServer | undefined;
let adminUrl = '';
let dbUrl = '';
/** The database as the dump holds it. */
let dumpState: DatabaseState | undefined;
let dump = '';

/** A word for bash, single-quoted. */
function shq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The stand-in for `docker compose --env-file .env.prod -f docker-compose.prod.yml`.
 * The container's environment is written into it, so restore_db.sh sees
 * exactly what compose gives the backup service and nothing of the caller's.
 */
function writeFakeCompose(): void {
  const container: Record<string, string> = {
    PATH: testRunnerEnv.path,
    HOME: work,
    ...libpqEnv(dbUrl),
    BACKUP_DIR: VOLUME,
    // As infra/backups/Dockerfile sets them: the container cannot reach Docker.
    STOP_API_CMD: '',
    START_API_CMD: '',
  };
  const envWords = Object.entries(container)
    .map(([k, v]) => shq(`${k}=${v}`))
    .join(' ');
  const text = `#!/usr/bin/env bash
# Stands in for docker compose in tests/infra/restore-prod.e2e-spec.ts.
set -euo pipefail
printf '%s\\n' "$*" >>"$FAKE_COMPOSE_CALLS"
if (($# >= 5)) && [[ $1 == run && $2 == --rm && $3 == -T && $4 == backup && $5 == restore_db.sh ]]; then
  shift 5
  if [[ \${FAKE_RESTORE_HANG:-} == 1 && $1 == --yes ]]; then
    # A restore that takes a while, ended by the TERM the wrapper forwards.
    trap 'kill "$pid"; exit 143' TERM
    sleep 60 &
    pid=$!
    wait "$pid"
    exit 1
  fi
  exec env -i ${envWords} ${shq(RESTORE_DB)} "$@"
fi
case "$*" in
  'stop api') exit "\${FAKE_STOP_STATUS:-0}" ;;
  'start api') exit "\${FAKE_START_STATUS:-0}" ;;
esac
echo "fake compose: unexpected arguments: $*" >&2
exit 64
`;
  writeFileSync(FAKE_COMPOSE, text, { mode: 0o755 });
}

/** Databases whose names start with DB: the live one and whatever a restore left. */
function ourDatabases(): Promise<string[]> {
  return databasesStartingWith(adminUrl, DB);
}

/** Drops the DB_pre_restore_... copies a successful restore keeps for rollback. */
async function dropPreRestoreCopies(): Promise<string[]> {
  const pre = (await ourDatabases()).filter((d) => new RegExp(`^${DB}_pre_restore_\\d{8}_\\d{6}$`).test(d));
  for (const d of pre) await sql(adminUrl, `DROP DATABASE "${d}"`);
  return pre;
}

function requireDumpState(): DatabaseState {
  if (!dumpState) throw new Error('beforeAll did not record the database state');
  return dumpState;
}

/**
 * Makes the live database differ from the dump (a late write and a deletion),
 * so "restored" and "untouched" can be told apart. Returns the new state.
 */
async function diverge(): Promise<DatabaseState> {
  await sql(dbUrl, `INSERT INTO restore_probe (note) VALUES ('written after the backup ' || md5(random()::text))`);
  await sql(dbUrl, `DELETE FROM restore_probe WHERE id IN (SELECT id FROM restore_probe ORDER BY random() LIMIT 3)`);
  const state = await databaseState(dbUrl);
  expect(state.tables).not.toEqual(requireDumpState().tables);
  return state;
}

async function expectRestored(): Promise<void> {
  const want = requireDumpState();
  const after = await databaseState(dbUrl);
  expect(after.tables).toEqual(want.tables);
  expect(after.sequences).toEqual(want.sequences);
  expect(after.schema).toBe(want.schema);
}

const calls = {
  check: (d: string): string => `run --rm -T backup restore_db.sh --check ${d}`,
  restore: (d: string): string => `run --rm -T backup restore_db.sh --yes ${d}`,
  stop: 'stop api',
  start: 'start api',
};

interface WrapperRun extends ScriptResult {
  /** The compose calls, one per line, in order. */
  calls: string[];
}

let runCount = 0;
function newCallsFile(): string {
  return join(work, `calls-${++runCount}.log`);
}

function readCalls(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

function wrapperEnv(callsFile: string, extra: Record<string, string> = {}): Record<string, string> {
  // No PG* variables: on the host the wrapper has none; only the container does.
  return { HOME: work, COMPOSE_CMD: FAKE_COMPOSE, FAKE_COMPOSE_CALLS: callsFile, ...extra };
}

async function runWrapper(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<WrapperRun> {
  const callsFile = newCallsFile();
  const r = await runScript(WRAPPER, args, {
    env: wrapperEnv(callsFile, options.env),
    cwd: work,
    timeoutMs: 120_000,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  return { ...r, calls: readCalls(callsFile) };
}

function damagedCopy(name: string): string {
  const dir = join(VOLUME, name);
  mkdirSync(dir, { recursive: true });
  const copy = join(dir, dump.slice(dump.lastIndexOf('/') + 1));
  writeDamagedCopy(dump, copy);
  return copy;
}

beforeAll(async () => {
  if (!needsDatabase) return;
  mkdirSync(VOLUME, { recursive: true });
  server = await acquirePostgres();
  adminUrl = urlFor(server.adminUrl, 'postgres');
  await sql(adminUrl, `CREATE DATABASE "${DB}"`);
  dbUrl = urlFor(adminUrl, DB);
  await applyMigrations({ connectionString: dbUrl });
  await sql(
    dbUrl,
    `CREATE TABLE restore_probe (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload bytea, doc jsonb, note text)`,
  );
  await sql(
    dbUrl,
    `INSERT INTO restore_probe (payload, doc, note)
     SELECT decode(md5(g::text), 'hex'), jsonb_build_object('g', g, 'q', 'a"b'), CASE WHEN g % 3 = 0 THEN NULL ELSE E'line\\n' || g END
     FROM generate_series(1, 500) g`,
  );
  dumpState = await databaseState(dbUrl);
  expect(dumpState.tables['public._prisma_migrations']?.rows).toBeGreaterThan(0);

  // The dump, written the way the backup service writes it.
  const backup = await runScript(BACKUP_DB, ['--no-prune'], { env: { HOME: work, ...libpqEnv(dbUrl), BACKUP_DIR: VOLUME } });
  expect(backup.code, backup.out).toBe(0);
  const name = readdirSync(VOLUME).find((f) => DUMP_NAME.test(f));
  if (!name) throw new Error(`backup_db.sh wrote no dump:\n${backup.out}`);
  dump = join(VOLUME, name);
  writeFakeCompose();
}, 120_000);

afterAll(async () => {
  if (adminUrl) {
    for (const db of await ourDatabases()) await sql(adminUrl, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  }
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// restore_db.sh --check, on its own
// ---------------------------------------------------------------------------

describe('restore_db.sh --check', () => {
  it.skipIf(missing.check.length > 0)(T.check, async () => {
    const live = await diverge();
    const dbs = await ourDatabases();
    const hooks = join(work, 'check-hooks.log');
    const hookEnv = { STOP_API_CMD: `echo stop >> ${shq(hooks)}`, START_API_CMD: `echo start >> ${shq(hooks)}` };
    const env = { HOME: work, ...libpqEnv(dbUrl), BACKUP_DIR: VOLUME, RESTORE_LOCK_WAIT: '30', ...hookEnv };

    // A backup holds the lock: --check must not wait for it.
    const lock = join(VOLUME, '.prixagent-backup.lock');
    const holder = startScript('flock', ['--no-fork', lock, 'sh', '-c', 'echo locked; exec sleep 60']);
    try {
      const deadline = Date.now() + 5000;
      while (!holder.output().includes('locked') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(holder.output()).toContain('locked');
      // stdin is /dev/null: a question would be refused with 3.
      const good = await runScript(RESTORE_DB, ['--check', dump], { env });
      expect(good.code, good.out).toBe(0);
      expect(good.ms).toBeLessThan(10_000);
      expect(good.out).toContain(`checksum OK: ${dump}`);
      expect(good.out).toMatch(/dump readable: \d+ tables/);
      expect(good.out).toContain(`--check: ${dump} would be restored into`);
      expect(good.out).not.toContain('Type YES');
    } finally {
      holder.proc.kill('SIGTERM');
      await holder.done;
    }

    // It never connects: with nothing listening at the configured address it
    // still passes, where a real restore fails at once.
    const port = String(await freePort());
    const nowhere = { ...env, PGHOST: '127.0.0.1', PGPORT: port };
    const offline = await runScript(RESTORE_DB, ['--check', dump], { env: nowhere });
    expect(offline.code, offline.out).toBe(0);
    const real = await runScript(RESTORE_DB, ['--yes', dump], { env: nowhere });
    expect(real.code, real.out).toBe(1);
    expect(real.out).toContain('cannot connect');

    // The same refusal, message and status as without --check.
    const damaged = damagedCopy('check-damaged');
    const bad = await runScript(RESTORE_DB, ['--check', damaged], { env });
    expect(bad.code, bad.out).toBe(4);
    expect(bad.out).toMatch(/refusing .*: checksum mismatch/);
    const missingSum = join(VOLUME, 'check-damaged', 'no-checksum.dump');
    copyFileSync(dump, missingSum);
    const unchecked = await runScript(RESTORE_DB, ['--check', missingSum], { env });
    expect(unchecked.code, unchecked.out).toBe(4);
    expect(unchecked.out).toContain('.sha256 is missing');

    expect(existsSync(hooks) ? readFileSync(hooks, 'utf8') : '').toBe('');
    expect(await ourDatabases()).toEqual(dbs);
    expect((await databaseState(dbUrl)).tables).toEqual(live.tables);
  });
});

// ---------------------------------------------------------------------------
// infra/restore-prod.sh
// ---------------------------------------------------------------------------

describe('infra/restore-prod.sh', () => {
  it.skipIf(missing.restore.length > 0)(T.restore, async () => {
    const live = await diverge();
    const r = await runWrapper(['--yes', dump]);
    expect(r.code, r.out).toBe(0);
    expect(r.calls).toEqual([calls.check(dump), calls.stop, calls.restore(dump), calls.start]);
    // The real restore_db.sh ran, in the "container", and its output is shown.
    expect(r.out).toContain(`restore_db.sh: --check: ${dump} would be restored into`);
    expect(r.out).toMatch(new RegExp(`restore_db\\.sh: renamed ${DB}_restore_\\d{8}_\\d{6} to ${DB}\\b`));
    expect(r.out).toMatch(/restore-prod\.sh: restore complete: /);
    await expectRestored();
    // The replaced database is kept for rollback, with the late write in it.
    const pre = (await ourDatabases()).filter((d) => d !== DB);
    expect(pre).toHaveLength(1);
    expect((await databaseState(urlFor(adminUrl, pre[0] ?? ''))).tables).toEqual(live.tables);
    await dropPreRestoreCopies();
  });

  it.skipIf(missing.confirm.length > 0)(T.confirm, async () => {
    const live = await diverge();
    const dbs = await ourDatabases();
    // undefined: stdin is /dev/null, as under cron.
    for (const input of [undefined, '', '\n', 'no\n', 'yes\n', ' YES\n', 'YES please\n']) {
      const r = await runWrapper([dump], input === undefined ? {} : { input });
      const what = `answer ${JSON.stringify(input)}:\n${r.out}`;
      expect(r.code, what).toBe(3);
      expect(r.out, what).toContain('Type YES to restore');
      expect(r.out, what).toContain('nothing was changed');
      expect(r.calls, what).toEqual([calls.check(dump)]);
    }

    // No answer at all within CONFIRM_TIMEOUT, stdin left open as on a terminal.
    const callsFile = newCallsFile();
    const started = Date.now();
    const proc = spawn(WRAPPER, [dump], {
      cwd: work,
      env: { PATH: testRunnerEnv.path, ...wrapperEnv(callsFile, { CONFIRM_TIMEOUT: '2' }) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const killer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((done) => proc.once('close', (c) => done(c)));
    clearTimeout(killer);
    proc.stdin.destroy();
    expect(code, out).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(out).toContain('no confirmation');
    expect(readCalls(callsFile)).toEqual([calls.check(dump)]);

    expect(await ourDatabases()).toEqual(dbs);
    expect((await databaseState(dbUrl)).tables).toEqual(live.tables);

    const yes = await runWrapper([dump], { input: 'YES\n' });
    expect(yes.code, yes.out).toBe(0);
    expect(yes.calls).toEqual([calls.check(dump), calls.stop, calls.restore(dump), calls.start]);
    await expectRestored();
    expect(await dropPreRestoreCopies()).toHaveLength(1);
  });

  it.skipIf(missing.badDump.length > 0)(T.badDump, async () => {
    const live = await diverge();
    const dbs = await ourDatabases();
    const damaged = damagedCopy('wrapper-damaged');
    for (const args of [['--yes', damaged], [damaged]]) {
      const r = await runWrapper(args, { input: 'YES\n' });
      expect(r.code, r.out).toBe(4);
      expect(r.out).toMatch(/restore_db\.sh: ERROR: refusing .*: checksum mismatch/);
      expect(r.out).toContain('nothing was stopped or changed');
      expect(r.out).not.toContain('Type YES');
      expect(r.calls).toEqual([calls.check(damaged)]);
    }
    // A path that is not in the volume at all.
    const absent = await runWrapper(['--yes', join(VOLUME, 'prixagent-20200101T000000Z.dump')]);
    expect(absent.code, absent.out).toBe(4);
    expect(absent.out).toContain('no such file');
    expect(absent.calls).toHaveLength(1);
    expect(await ourDatabases()).toEqual(dbs);
    expect((await databaseState(dbUrl)).tables).toEqual(live.tables);
  });

  it.skipIf(missing.wrapperCheck.length > 0)(T.wrapperCheck, async () => {
    const live = await diverge();
    const dbs = await ourDatabases();
    const good = await runWrapper(['--check', dump], { input: 'YES\n' });
    expect(good.code, good.out).toBe(0);
    expect(good.calls).toEqual([calls.check(dump)]);
    expect(good.out).toContain(`restore-prod.sh: --check: ${dump} would be restored; nothing was stopped or changed`);
    expect(good.out).not.toContain('Type YES');
    const damaged = damagedCopy('wrapper-check-damaged');
    const bad = await runWrapper(['--check', damaged]);
    expect(bad.code, bad.out).toBe(4);
    expect(bad.calls).toEqual([calls.check(damaged)]);
    expect(await ourDatabases()).toEqual(dbs);
    expect((await databaseState(dbUrl)).tables).toEqual(live.tables);
  });

  it.skipIf(missing.failure.length > 0)(T.failure, async () => {
    // A dump that passes every check of step 1 (readable, has _prisma_migrations)
    // but fails restore_db.sh's verification after pg_restore: no migration in
    // it was ever applied.
    const source = `${DB}_nomig`;
    await sql(adminUrl, `CREATE DATABASE "${source}"`);
    const sourceUrl = urlFor(adminUrl, source);
    await sql(
      sourceUrl,
      `CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz,
        migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(),
        applied_steps_count integer NOT NULL DEFAULT 0)`,
    );
    await sql(sourceUrl, `INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('1', 'x', 'init')`);
    await sql(sourceUrl, `CREATE TABLE half_done (id int PRIMARY KEY)`);
    const dir = join(VOLUME, 'no-migration');
    mkdirSync(dir, { recursive: true });
    const b = await runScript(BACKUP_DB, ['--no-prune'], { env: { HOME: work, ...libpqEnv(sourceUrl), BACKUP_DIR: dir } });
    expect(b.code, b.out).toBe(0);
    await sql(adminUrl, `DROP DATABASE "${source}"`);
    const badDump = join(dir, readdirSync(dir).find((f) => DUMP_NAME.test(f)) ?? '');

    const live = await diverge();
    const dbs = await ourDatabases();
    const r = await runWrapper(['--yes', badDump]);
    expect(r.code, r.out).toBe(1);
    expect(r.calls).toEqual([calls.check(badDump), calls.stop, calls.restore(badDump), calls.start]);
    expect(r.out).toContain('verification failed: _prisma_migrations has no applied migration');
    expect(r.out).toMatch(/restore_db\.sh: dropping the incomplete/);
    expect(r.out).toContain('restore-prod.sh: the API was started');
    expect(r.out).toContain('restore FAILED (restore_db.sh exit status 1)');
    expect(await ourDatabases()).toEqual(dbs);
    expect((await databaseState(dbUrl)).tables).toEqual(live.tables);
  });

  it.skipIf(missing.stopFails.length > 0)(T.stopFails, async () => {
    const live = await diverge();
    const dbs = await ourDatabases();
    const r = await runWrapper(['--yes', dump], { env: { FAKE_STOP_STATUS: '1' } });
    expect(r.code, r.out).toBe(1);
    expect(r.calls).toEqual([calls.check(dump), calls.stop, calls.start]);
    expect(r.out).toContain('the API could not be stopped; nothing was restored');
    expect(await ourDatabases()).toEqual(dbs);
    expect((await databaseState(dbUrl)).tables).toEqual(live.tables);
  });

  it.skipIf(missing.startFails.length > 0)(T.startFails, async () => {
    await diverge();
    const r = await runWrapper(['--yes', dump], { env: { FAKE_START_STATUS: '1' } });
    expect(r.code, r.out).toBe(5);
    expect(r.calls).toEqual([calls.check(dump), calls.stop, calls.restore(dump), calls.start]);
    expect(r.out).toContain('the API is NOT running');
    expect(r.out).toContain(`the database WAS restored from ${dump}`);
    await expectRestored();
    expect(await dropPreRestoreCopies()).toHaveLength(1);
  });

  it.skipIf(missing.signal.length > 0)(T.signal, async () => {
    const live = await diverge();
    const dbs = await ourDatabases();
    for (const [signal, status] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      const callsFile = newCallsFile();
      const running = startScript(WRAPPER, ['--yes', dump], { env: wrapperEnv(callsFile, { FAKE_RESTORE_HANG: '1' }), cwd: work });
      const deadline = Date.now() + 30_000;
      while (!readCalls(callsFile).includes(calls.restore(dump)) && running.proc.exitCode === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(readCalls(callsFile), running.output()).toEqual([calls.check(dump), calls.stop, calls.restore(dump)]);
      const sent = Date.now();
      running.proc.kill(signal);
      const ended = await running.done;
      expect(Date.now() - sent, ended.out).toBeLessThan(10_000);
      expect(ended.code, ended.out).toBe(status);
      expect(ended.out).toContain(`received ${signal}; stopping`);
      expect(readCalls(callsFile)).toEqual([calls.check(dump), calls.stop, calls.restore(dump), calls.start]);
    }
    expect(await ourDatabases()).toEqual(dbs);
    expect((await databaseState(dbUrl)).tables).toEqual(live.tables);
  });

  it(T.cli, async () => {
    expect(statSync(WRAPPER).mode & 0o111, 'restore-prod.sh is not executable').toBe(0o111);
    const help = await runScript(WRAPPER, ['--help']);
    expect(help.code, help.out).toBe(0);
    expect(help.out).toMatch(/^Usage: infra\/restore-prod\.sh \[--yes\] \/backups\/DUMP_FILE$/m);
    const restoreHelp = await runScript(RESTORE_DB, ['--help']);
    expect(restoreHelp.code).toBe(0);
    expect(restoreHelp.out).toMatch(/^ {2}--check {6}step 1 only/m);

    for (const args of [[], ['--yes'], ['--frobnicate', '/backups/x.dump'], ['/backups/a.dump', '/backups/b.dump'], ['--', '-x.dump']]) {
      const r = await runWrapper(args);
      expect(r.code, `${args.join(' ')}:\n${r.out}`).toBe(2);
      expect(r.calls, args.join(' ')).toEqual([]);
    }
    // The default compose command reads .env.prod and the compose file from the
    // current directory: elsewhere it refuses before running anything.
    const elsewhere = await runScript(WRAPPER, ['--yes', '/backups/x.dump'], { env: { HOME: work }, cwd: work });
    expect(elsewhere.code, elsewhere.out).toBe(2);
    expect(elsewhere.out).toContain('run this from the checkout directory');
    expect(elsewhere.out).not.toContain('checking /backups/x.dump');
  });
});
