// `pnpm db:generate`: runs `prisma generate` (extra arguments are passed on)
// so that it works offline. The Prisma CLI downloads its native schema engine
// before any command, even though `generate` never uses it; pointing
// PRISMA_SCHEMA_ENGINE_BINARY at a stub skips the download. prisma.config.ts
// reads env('DATABASE_URL'), so a placeholder is supplied when none is set.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const apiNodeModules = path.join(root, 'apps', 'api', 'node_modules');
// The CLI is a dependency of apps/api only; the repo root has no node_modules/prisma.
const prismaCli = createRequire(path.join(root, 'apps', 'api', 'package.json')).resolve('prisma/build/index.js');

// A directory per run: rewriting a shared stub while another run executes it fails (ETXTBSY).
const stubDir = mkdtempSync(path.join(os.tmpdir(), 'prixagent-prisma-'));
const stub = path.join(stubDir, 'schema-engine-stub');
writeFileSync(stub, '#!/bin/sh\necho "schema engine stub (prisma-generate.mjs): not available offline" >&2\nexit 1\n');
chmodSync(stub, 0o755);

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || stub,
  DATABASE_URL: process.env.DATABASE_URL || 'postgresql://placeholder@localhost:5432/placeholder',
  // prisma.config.ts imports 'prisma/config', which only resolves from apps/api.
  NODE_PATH: [apiNodeModules, process.env.NODE_PATH].filter(Boolean).join(path.delimiter),
  // No update check: the network is what this script works around.
  CHECKPOINT_DISABLE: '1',
};
const result = spawnSync(process.execPath, [prismaCli, 'generate', ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
rmSync(stubDir, { recursive: true, force: true });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
