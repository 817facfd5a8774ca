#!/usr/bin/env node
// Rebuild-and-restart loop for a compiled Node package in development (the API's
// `dev` script): `tsc --watch` recompiles on every source change, and
// `node --watch` restarts the program whenever its compiled output changes.
// The program starts only after tsc's first pass, so it never boots from a half
// written dist/ and does not restart again right after starting.
//
// Usage (from the package directory):
//   node ../../scripts/dev-watch.mjs [--project tsconfig.build.json] [--entry dist/main.js]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const project = arg('project', 'tsconfig.build.json');
const entry = arg('entry', 'dist/main.js');
const cwd = process.cwd();
const tscBin = createRequire(join(cwd, 'package.json')).resolve('typescript/bin/tsc');

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
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      // One half of the pair died on its own: take the other down too, so the
      // supervisor (turbo, pnpm dev) sees the failure instead of a silent half.
      console.error(`[dev-watch] ${cmd === process.execPath ? 'node' : 'tsc'} exited (${signal ?? code}); stopping`);
      shutdown(code ?? 1);
    } else if (children.size === 0) {
      process.exit(exitCode);
    }
  });
  return child;
}

let appStarted = false;
start(process.execPath, [tscBin, '-p', project, '--watch', '--preserveWatchOutput'], (line) => {
  if (!appStarted && /Watching for file changes\./.test(line)) {
    appStarted = true;
    start(process.execPath, ['--enable-source-maps', '--watch', entry]);
  }
});

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
