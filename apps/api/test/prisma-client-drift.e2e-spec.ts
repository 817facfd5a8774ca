// The generated Prisma client is committed (apps/api/src/generated/prisma), so
// a schema.prisma change without `pnpm db:generate` would ship a stale client.
// This regenerates it into a temporary tree and compares every file.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const COMMITTED_CLIENT = path.join(REPO_ROOT, 'apps', 'api', 'src', 'generated', 'prisma');

let workDir: string | undefined;
afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path.join(dir, entry.name), relative)));
    else files.push(relative);
  }
  return files.sort();
}

describe('committed Prisma client', () => {
  it('matches what prisma generate makes from schema.prisma', { timeout: 120_000 }, async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'prixagent-client-drift-'));
    // The schema is copied byte for byte into the same layout (prisma/ next to
    // apps/), so its relative `output` lands in the temporary tree and the
    // schema text the client embeds is identical to the real one.
    await mkdir(path.join(workDir, 'prisma'));
    const schemaCopy = path.join(workDir, 'prisma', 'schema.prisma');
    await copyFile(path.join(REPO_ROOT, 'prisma', 'schema.prisma'), schemaCopy);

    await run(process.execPath, [path.join(REPO_ROOT, 'scripts', 'prisma-generate.mjs'), '--schema', schemaCopy], {
      cwd: REPO_ROOT,
    });

    const fresh = path.join(workDir, 'apps', 'api', 'src', 'generated', 'prisma');
    const freshFiles = await listFiles(fresh);
    expect(freshFiles.length).toBeGreaterThan(0);
    expect(await listFiles(COMMITTED_CLIENT), 'file list differs; run `pnpm db:generate`').toEqual(freshFiles);
    for (const file of freshFiles) {
      const [committed, regenerated] = await Promise.all([
        readFile(path.join(COMMITTED_CLIENT, file), 'utf8'),
        readFile(path.join(fresh, file), 'utf8'),
      ]);
      expect(committed, `${file} is stale; run \`pnpm db:generate\``).toBe(regenerated);
    }
  });
});
