#!/usr/bin/env node
// Rebuild-and-restart loop for a compiled Node package in development (the API's
// `dev` script): `tsc --watch` recompiles on every source change, and the
// program is restarted when the compiled JavaScript it runs has really changed:
// its own outDir, and the built output of the workspace packages it depends on.
//
// Why not `node --watch`: it watches every module the program loads, the
// packages under node_modules included. pnpm hard-links those files from its
// store, so any `pnpm install` anywhere on the machine that links or unlinks the
// same files changes their link count, the kernel reports an attribute change,
// and node restarts the program (eight times in two minutes, seen). Here only
// the workspace's own output is looked at, and only a change of content counts.
//
// The program starts only after tsc's first pass, so it never boots from a half
// written dist/, and it is restarted only while tsc is idle (between passes).
//
// Usage (from the package directory):
//   node ../../scripts/dev-watch.mjs [--project tsconfig.build.json] [--entry dist/main.js] [--out dist]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { dependencyOutputs, snapshotChanges, takeSnapshot } from './lib/output-snapshot.mjs';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const project = arg('project', 'tsconfig.build.json');
const entry = arg('entry', 'dist/main.js');
const cwd = process.cwd();
const outDir = resolve(cwd, arg('out', 'dist'));
const tscBin = createRequire(join(cwd, 'package.json')).resolve('typescript/bin/tsc');
// How often the outputs are compared while tsc is idle (a workspace package
// rebuilt by hand, `pnpm build`); a change must hold still for one more look
// before it counts, so a build still writing files is not caught halfway.
const POLL_MS = 750;

const say = (msg) => console.log(`[dev-watch] ${msg}`);

const children = new Set();
let stopping = false;
let exitCode = 0;

function start(cmd, args, onLine) {
  const child = spawn(cmd, args, { cwd, env: process.env, stdio: ['ignore', onLine ? 'pipe' : 'inherit', 'inherit'] });
  children.add(child);
  if (onLine) {
    let buf = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buf += chunk.toString('utf8');
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
  }
  child.on('exit', () => {
    children.delete(child);
    if (stopping && children.size === 0) process.exit(exitCode);
  });
  return child;
}

// ---------------------------------------------------------------------------
// the program
// ---------------------------------------------------------------------------

let app; // the running program, while there is one
let restarting = false;

function startApp() {
  const child = start(process.execPath, ['--enable-source-maps', entry]);
  app = child;
  say(`started ${entry} (pid ${child.pid})`);
  child.on('exit', (code, signal) => {
    if (app === child) app = undefined;
    if (!stopping && !restarting) {
      // As `node --watch` did: a crash waits for the next change instead of
      // taking tsc and the other dev servers down with it.
      say(`${entry} exited (${signal ?? code}); waiting for a change to start it again`);
    }
  });
}

function stopApp() {
  const child = app;
  if (!child) return Promise.resolve();
  return new Promise((resolveStop) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------
// what counts as a change
// ---------------------------------------------------------------------------

const roots = [outDir, ...dependencyOutputs(cwd)];
let compiling = true; // until tsc's first pass ends
let running = null; // the snapshot the program was started from
let lastSeen = null; // the latest snapshot, to tell a settled change from one in progress

async function restartIfChanged({ settled }) {
  if (stopping || restarting || compiling || running === null) return;
  const now = takeSnapshot(roots, lastSeen ?? running);
  const moving = lastSeen !== null && snapshotChanges(lastSeen, now).length > 0;
  lastSeen = now;
  if (!settled && moving) return; // still being written: look again next time
  const changed = snapshotChanges(running, now);
  // Nothing new: leave a running program alone, and a crashed one waiting.
  if (changed.length === 0) return;
  restarting = true;
  try {
    const names = changed.slice(0, 3).map((path) => relative(cwd, path));
    say(`${names.join(', ')}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''} changed; ${app ? 'restarting' : 'starting'}`);
    await stopApp();
    if (stopping) return;
    running = now;
    startApp();
  } finally {
    restarting = false;
  }
}

start(process.execPath, [tscBin, '-p', project, '--watch', '--preserveWatchOutput'], (line) => {
  if (/Starting (incremental )?compilation/.test(line)) {
    compiling = true;
  } else if (/Watching for file changes\./.test(line)) {
    compiling = false;
    if (running === null) {
      // First pass done: start from what it wrote.
      running = takeSnapshot(roots);
      lastSeen = running;
      startApp();
    } else {
      // tsc has finished writing this pass, so what is there now is settled.
      void restartIfChanged({ settled: true });
    }
  }
}).on('exit', (code, signal) => {
  if (!stopping) {
    // tsc died on its own: take the program down too, so the supervisor
    // (turbo, pnpm dev) sees the failure instead of a silent half.
    console.error(`[dev-watch] tsc exited (${signal ?? code}); stopping`);
    shutdown(code ?? 1);
  }
});

setInterval(() => void restartIfChanged({ settled: false }), POLL_MS).unref();

function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  for (const child of children) child.kill('SIGTERM');
  if (children.size === 0) process.exit(exitCode);
  setTimeout(() => {
    for (const child of children) child.kill('SIGKILL');
    process.exit(exitCode);
  }, 10_000).unref();
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => shutdown(0));
