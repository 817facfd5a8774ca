#!/usr/bin/env node
// `pnpm test`: the one test command. Runs every suite, streams each one's output
// and saves it under .test-output/, then prints a summary and, as its very last
// line, the totals: `N passed, N failed` (`, N skipped` when any were skipped).
// Exits 1 if anything failed.
//
// Suites, in order (each is run even if an earlier one failed):
//   build       `turbo run build`                                   1 test
//   typecheck   `turbo run typecheck --continue`, then
//               `tsc -p tsconfig.tests.json` (tests/, which no package owns) 1 test
//   lint        `turbo run lint --continue`, then `eslint scripts tests`
//               at the root (files no package lints)                1 test
//   <package>   every workspace package with a `test` script, run as
//               `pnpm run test --reporter=default --reporter=json --outputFile=...`;
//               vitest's JSON report gives passed/failed/skipped. A test file that
//               fails to load, or a runner that exits non-zero with no failed test,
//               counts as one more failure.
//               Database packages (@prixagent/api) run twice: as the environment
//               says, then on the other kind of server (embedded PostgreSQL, or
//               TEST_DATABASE_URL / LOCAL_TEST_DATABASE_URL, default the local
//               127.0.0.1:5432, when one is listening).
//   tests/<dir> every directory under tests/ holding *.test.ts, *.spec.ts or
//               *.e2e-spec.ts files (tests/infra, tests/e2e, tests/security,
//               tests/dev, ...), run by vitest with tests/<dir>/vitest.config.ts
//               when present, else tests/vitest.config.ts.
//   log canary  fails if any file under .test-output/ (API logs in logs/, each
//               suite's saved output) contains the marker `pxcanary`, which every
//               secret the tests store contains, or any value the tests listed in
//               .test-output/stored-secrets.txt (secrets whose format cannot hold
//               the marker, like a Twilio auth token); and fails if .test-output/logs/
//               holds no log line at all, so it cannot pass vacuously.  1 test
//
// What the suites get in their environment:
//   TEST_OUTPUT_DIR  absolute path of .test-output/ (cleared at the start)
//   TEST_LOG_DIR     absolute path of .test-output/logs/: test setups point the
//                    API's LOG_FILE at a file in here (one per process)
//   CI               passed through; `true` means missing tools are failures
//
// Never put the marker in a test title or print it from a passing test: build
// canary secrets at run time from a helper, so only a real leak shows it.
//
// Missing system tools (pg_dump, nginx, certbot, chromium, ...): a test that
// cannot run because a tool is missing skips itself AND appends one JSON line per
// skipped test to `$TEST_OUTPUT_DIR/missing-tools.jsonl`, e.g.
//   {"tool":"nginx","test":"serves the SPA fallback"}
// After each suite this runner reads the new lines and reports them loudly. With
// CI=true each such line turns one skipped test into a failed one (and fails the
// suite), because CI must have every tool (`scripts/install-test-tools.sh`).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { portOpen } from './lib/net.mjs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.test-output');
const LOG_DIR = join(OUT, 'logs');
const REPORT_DIR = join(OUT, 'vitest');
const MISSING_TOOLS = join(OUT, 'missing-tools.jsonl');
const STORED_SECRETS = join(OUT, 'stored-secrets.txt');
const MARKER = ['px', 'canary'].join(''); // not spelled out, so this file never trips a scan
// Packages whose suites need a PostgreSQL server; they run on both kinds (see otherDatabaseMode).
const DATABASE_PACKAGES = new Set(['@prixagent/api']);
const IS_CI = /^(true|1)$/i.test(process.env.CI ?? '');

rmSync(OUT, { recursive: true, force: true });
mkdirSync(LOG_DIR, { recursive: true });
mkdirSync(REPORT_DIR, { recursive: true });

const childEnv = {
  ...process.env,
  TEST_OUTPUT_DIR: OUT,
  TEST_LOG_DIR: LOG_DIR,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
};

/** @type {{name: string, passed: number, failed: number, skipped: number, note: string}[]} */
const results = [];
/** Failed tests by name, for the summary. */
const failedTests = [];
let missingToolsSeen = 0;

const say = (msg) => console.log(msg);
const heading = (title) => say(`\n${'='.repeat(78)}\n== ${title}\n${'='.repeat(78)}`);
const slug = (name) => name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');

/** Runs a command, streaming its output to the console and to .test-output/<slug>.log. */
function runLogged(name, cmd, args, { cwd = ROOT, env = childEnv } = {}) {
  return new Promise((resolvePromise) => {
    const file = createWriteStream(join(OUT, `${slug(name)}.log`));
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const pipe = (from, to) =>
      from.on('data', (chunk) => {
        to.write(chunk);
        file.write(chunk);
      });
    pipe(child.stdout, process.stdout);
    pipe(child.stderr, process.stderr);
    const finish = (code) => file.end(() => resolvePromise(code));
    child.on('error', (err) => {
      const msg = `failed to start ${cmd}: ${err.message}\n`;
      process.stderr.write(msg);
      file.write(msg);
      finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

/** New lines in missing-tools.jsonl since the last call. */
function takeMissingTools() {
  if (!existsSync(MISSING_TOOLS)) return [];
  const lines = readFileSync(MISSING_TOOLS, 'utf8').split('\n').filter((l) => l.trim());
  const fresh = lines.slice(missingToolsSeen);
  missingToolsSeen = lines.length;
  return fresh.map((l) => {
    try {
      return JSON.parse(l);
    } catch {
      return { tool: '(unparseable line)', test: l.slice(0, 200) };
    }
  });
}

function record(name, counts, note = '') {
  const r = { name, passed: 0, failed: 0, skipped: 0, note, ...counts };
  const missing = takeMissingTools();
  if (missing.length > 0) {
    const tools = [...new Set(missing.map((m) => m.tool))].join(', ');
    const bar = '!'.repeat(78);
    console.warn(`\n${bar}`);
    console.warn(`!! ${name}: ${missing.length} test(s) skipped because a system tool is missing: ${tools}`);
    for (const m of missing) console.warn(`!!   - ${m.tool}: ${m.test ?? '(unnamed test)'}`);
    if (IS_CI) {
      console.warn('!! CI=true: counted as FAILED. Install them with `bash scripts/install-test-tools.sh`.');
      const moved = Math.min(missing.length, r.skipped);
      r.skipped -= moved;
      r.failed += missing.length;
      r.note = [r.note, `missing tools: ${tools}`].filter(Boolean).join('; ');
    } else {
      console.warn('!! Not counted as failures outside CI. Install them: `bash scripts/install-test-tools.sh`.');
      r.note = [r.note, `SKIPPED for missing tools: ${tools}`].filter(Boolean).join('; ');
    }
    console.warn(`${bar}\n`);
  }
  results.push(r);
  return r;
}

// ---------------------------------------------------------------------------
// suites
// ---------------------------------------------------------------------------

function turboBin() {
  const bin = join(ROOT, 'node_modules', '.bin', 'turbo');
  return existsSync(bin) ? bin : 'turbo';
}

async function turboSuite(name, task, extra = [], alsoRun = null) {
  heading(name);
  const code = await runLogged(name, turboBin(), ['run', task, '--ui=stream', '--env-mode=loose', ...extra]);
  const notes = code === 0 ? [] : [`turbo run ${task} exited ${code}`];
  if (alsoRun) {
    const extraCode = await runLogged(`${name}-root`, alsoRun.cmd, alsoRun.args);
    if (extraCode !== 0) notes.push(`${alsoRun.label} exited ${extraCode}`);
  }
  record(name, notes.length === 0 ? { passed: 1 } : { failed: 1 }, notes.join('; '));
}

/** The cross-app suites under tests/ belong to no package's typecheck script. */
function rootTypecheck() {
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  return { label: 'tsc -p tsconfig.tests.json', cmd: tsc, args: ['-p', 'tsconfig.tests.json'] };
}

/** The root's own JavaScript and the cross-app suites belong to no package's lint script. */
function rootLint() {
  const eslint = join(ROOT, 'node_modules', '.bin', 'eslint');
  const targets = ['scripts', 'tests'].filter((d) => existsSync(join(ROOT, d)));
  return { label: `eslint ${targets.join(' ')}`, cmd: eslint, args: ['--max-warnings', '0', ...targets] };
}

/** Counts from a vitest JSON report; null when the report is missing or unreadable. */
function countsFromReport(file) {
  if (!existsSync(file)) return null;
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const loadErrors = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + loadErrors,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    files: (report.testResults ?? []).length,
    failures: failuresFromReport(report),
  };
}

// CI keeps only the tail of the output, so the summary must name what failed:
// each failed test (or file that did not load) with the first line of its error.
function failuresFromReport(report) {
  const out = [];
  for (const file of report.testResults ?? []) {
    const where = relative(ROOT, file.name ?? '');
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    if (file.status === 'failed' && failed.length === 0) {
      out.push({ test: `${where} (did not load)`, reason: firstLine(file.message) });
    }
    for (const a of failed) {
      out.push({ test: `${where} > ${a.fullName ?? a.title}`, reason: firstLine((a.failureMessages ?? [])[0]) });
    }
  }
  return out;
}

function firstLine(text) {
  const line = String(text ?? '').split('\n').find((l) => l.trim()) ?? '';
  // eslint-disable-next-line no-control-regex -- strip terminal colours from vitest's messages
  return line.replace(/\u001b\[[0-9;]*m/g, '').trim().slice(0, 300);
}

function vitestResult(name, code, reportFile) {
  const counts = countsFromReport(reportFile);
  if (!counts) {
    return record(name, { failed: 1 }, `no vitest JSON report (exit ${code})`);
  }
  let note = counts.files === 0 ? 'no test files' : '';
  if (code !== 0 && counts.failed === 0) {
    // Unhandled errors, a crashed worker, a failing hook outside any test...
    counts.failed = 1;
    note = `runner exited ${code} with no failed test`;
  }
  const { files: _files, failures, ...c } = counts;
  failedTests.push(...failures.map((f) => ({ suite: name, ...f })));
  return record(name, c, note);
}

function workspacePackageDirs() {
  const yaml = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  const patterns = [];
  let inPackages = false;
  for (const line of yaml.split('\n')) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (inPackages) {
      const m = /^\s+-\s+['"]?([^'"#]+?)['"]?\s*$/.exec(line);
      if (m) patterns.push(m[1]);
      else if (/^\S/.test(line)) inPackages = false;
    }
  }
  const dirs = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) {
      const base = join(ROOT, pattern.slice(0, -2));
      if (!existsSync(base)) continue;
      for (const entry of readdirSync(base).sort()) {
        const dir = join(base, entry);
        if (existsSync(join(dir, 'package.json'))) dirs.push(dir);
      }
    } else if (existsSync(join(ROOT, pattern, 'package.json'))) {
      dirs.push(join(ROOT, pattern));
    }
  }
  return dirs;
}

async function packageSuites() {
  for (const dir of workspacePackageDirs()) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const script = pkg.scripts?.test;
    if (!script) continue;
    const name = pkg.name ?? relative(ROOT, dir);
    heading(`${name} (${relative(ROOT, dir)})`);
    if (!/\bvitest\b/.test(script)) {
      const code = await runLogged(name, 'pnpm', ['run', 'test'], { cwd: dir });
      record(name, code === 0 ? { passed: 1 } : { failed: 1 }, 'not vitest: counted by exit code');
      continue;
    }
    await vitestPackage(name, dir, childEnv);
    if (DATABASE_PACKAGES.has(name)) await otherDatabaseMode(name, dir);
  }
}

async function vitestPackage(name, dir, env) {
  const report = join(REPORT_DIR, `${slug(name)}.json`);
  const code = await runLogged(
    name,
    'pnpm',
    ['run', 'test', '--reporter=default', '--reporter=json', `--outputFile=${report}`, '--passWithNoTests'],
    { cwd: dir, env },
  );
  vitestResult(name, code, report);
}


// The database suites must pass on both kinds of server: an embedded PostgreSQL
// (a fresh machine with none running) and a real one named by TEST_DATABASE_URL.
// The first run uses whatever the environment says; this runs the other kind.
async function otherDatabaseMode(name, dir) {
  if (process.env.TEST_DATABASE_URL) {
    const env = { ...childEnv };
    delete env.TEST_DATABASE_URL;
    heading(`${name} again, on an embedded PostgreSQL`);
    await vitestPackage(`${name} [embedded pg]`, dir, env);
    return;
  }
  const url = process.env.LOCAL_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const { hostname, port } = new URL(url);
  if (!(await portOpen(Number(port || 5432), hostname))) {
    // A fresh machine has no server: the embedded run above is the one that counts.
    say(`!! no PostgreSQL at ${hostname}:${port || 5432}; ${name} ran on the embedded server only`);
    return;
  }
  heading(`${name} again, with TEST_DATABASE_URL=${url}`);
  await vitestPackage(`${name} [TEST_DATABASE_URL]`, dir, { ...childEnv, TEST_DATABASE_URL: url });
}

function vitestEntry() {
  // The root has no vitest of its own (yet); any workspace package's copy will do.
  for (const base of [ROOT, ...workspacePackageDirs()]) {
    try {
      const req = createRequire(join(base, 'package.json'));
      const pkgJson = req.resolve('vitest/package.json');
      return join(dirname(pkgJson), 'vitest.mjs');
    } catch {
      /* try the next one */
    }
  }
  return null;
}

const TEST_FILE = /\.(test|spec|e2e-spec)\.[cm]?[jt]sx?$/;
const NOT_SUITES = new Set(['support', 'mocks', 'fixtures', 'helpers', 'node_modules']);

function hasTestFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory() ? hasTestFiles(p) : TEST_FILE.test(entry.name)) return true;
  }
  return false;
}

async function rootTestSuites() {
  const testsDir = join(ROOT, 'tests');
  if (!existsSync(testsDir)) return;
  const dirs = readdirSync(testsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !NOT_SUITES.has(e.name))
    .map((e) => join(testsDir, e.name))
    .filter(hasTestFiles)
    .sort();
  if (dirs.length === 0) return;
  const vitest = vitestEntry();
  for (const dir of dirs) {
    const rel = relative(ROOT, dir);
    const name = rel; // e.g. tests/infra
    heading(name);
    if (!vitest) {
      record(name, { failed: 1 }, 'vitest is not installed');
      continue;
    }
    const own = ['vitest.config.ts', 'vitest.config.mts', 'vitest.config.js'].map((f) => join(dir, f)).find(existsSync);
    const shared = join(testsDir, 'vitest.config.ts');
    const config = own ?? (existsSync(shared) ? shared : null);
    const report = join(REPORT_DIR, `${slug(name)}.json`);
    const args = [vitest, 'run', '--dir', rel, '--reporter=default', '--reporter=json', `--outputFile=${report}`];
    if (config) args.splice(2, 0, '--config', relative(ROOT, config));
    const code = await runLogged(name, process.execPath, args);
    vitestResult(name, code, report);
  }
}

function filesUnder(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

function logCanary() {
  const name = 'log canary';
  heading(name);
  const problems = [];
  // Secrets the tests stored that cannot carry the marker (a Twilio auth token is
  // 32 hex characters): the test support lists each one here as it makes it.
  const storedSecrets = existsSync(STORED_SECRETS)
    ? [...new Set(readFileSync(STORED_SECRETS, 'utf8').split('\n').filter((s) => s.length >= 8))]
    : [];
  // The vitest JSON reports repeat what the suite logs already hold.
  const scanned = filesUnder(OUT).filter((f) => !f.startsWith(REPORT_DIR + '/') && f !== STORED_SECRETS);
  for (const file of scanned) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const hits = [];
    lines.forEach((line, i) => {
      if (line.includes(MARKER) || storedSecrets.some((s) => line.includes(s))) hits.push(i + 1);
    });
    if (hits.length > 0) {
      // Never echo the line itself: it holds the leaked secret.
      problems.push(`${relative(ROOT, file)}: secret marker on line(s) ${hits.slice(0, 10).join(', ')}${hits.length > 10 ? ', ...' : ''}`);
    }
  }
  const logFiles = filesUnder(LOG_DIR);
  const logLines = logFiles.reduce(
    (n, f) => n + readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).length,
    0,
  );
  if (logLines === 0) {
    problems.push(
      `${relative(ROOT, LOG_DIR)}/ holds no log line: the test setup must point the API's LOG_FILE into TEST_LOG_DIR, or this check proves nothing`,
    );
  }
  say(`scanned ${scanned.length} file(s) for the marker and ${storedSecrets.length} stored secret(s); ${logFiles.length} API log file(s) with ${logLines} line(s)`);
  for (const p of problems) console.error(`  FAIL ${p}`);
  if (problems.length === 0) say('  no secret marker found');
  record(name, problems.length === 0 ? { passed: 1 } : { failed: 1 }, problems.length ? `${problems.length} problem(s)` : '');
}

// ---------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------

const started = Date.now();
say(`PrixAgent test run (CI=${IS_CI ? 'true' : 'false'}); output saved under ${relative(ROOT, OUT)}/`);

await turboSuite('build', 'build');
await turboSuite('typecheck', 'typecheck', ['--continue'], rootTypecheck());
await turboSuite('lint', 'lint', ['--continue'], rootLint());
await packageSuites();
await rootTestSuites();
logCanary();

const total = results.reduce(
  (t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);

heading(`summary (${Math.round((Date.now() - started) / 1000)}s)`);
const width = Math.max(...results.map((r) => r.name.length), 5);
for (const r of results) {
  const status = r.failed > 0 ? 'FAIL' : 'ok  ';
  const counts = `${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped`;
  say(`${status} ${r.name.padEnd(width)} ${counts}${r.note ? `  (${r.note})` : ''}`);
}
if (failedTests.length > 0) {
  say('');
  say('failed tests (each suite\'s whole output is under .test-output/):');
  for (const f of failedTests) {
    say(`  [${f.suite}] ${f.test}`);
    if (f.reason) say(`      ${f.reason}`);
  }
}
const totals = `${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ''}`;
writeFileSync(join(OUT, 'totals.txt'), `${totals}\n`);
say('');
say(totals);
process.exitCode = total.failed > 0 ? 1 : 0;
