/**
 * `pnpm keys:rotate [--batch-size N]`: rewraps every tenant data key under the current
 * ENCRYPTION_KEY while the API keeps serving, then says which old key ids still hold rows.
 * Exit 0 when no row is left under an old key id, 2 when some are, 1 on error.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '../config/config.module.js';
import { loadEnv } from '../config/env.js';
import { CryptoModule } from '../crypto/crypto.module.js';
import { DEFAULT_ROTATION_BATCH_SIZE, KeyRotationService } from '../crypto/key-rotation.service.js';
import { DbModule } from '../db/db.module.js';

const EXIT_ROWS_REMAIN = 2;

function parseBatchSize(argv: string[]): number {
  // `pnpm keys:rotate -- --batch-size 50` passes the `--` through; it means nothing here.
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: { 'batch-size': { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const raw = values['batch-size'];
  if (raw === undefined) return DEFAULT_ROTATION_BATCH_SIZE;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new Error('--batch-size must be an integer from 1 to 10000');
  }
  return n;
}

async function main(): Promise<number> {
  const batchSize = parseBatchSize(process.argv.slice(2));
  const env = loadEnv();

  @Module({ imports: [ConfigModule.forRoot(env), DbModule, CryptoModule] })
  class RotateKeysCliModule {}

  const app = await NestFactory.createApplicationContext(RotateKeysCliModule, { logger: ['error', 'warn'] });
  try {
    const rotation = app.get(KeyRotationService);
    console.log(`Rewrapping tenant keys under key id "${env.ENCRYPTION_KEY_ID}" (batch size ${batchSize})`);
    const result = await rotation.rotate({
      batchSize,
      onProgress: ({ rewrapped, skipped }) => console.log(`  rewrapped ${rewrapped}, skipped ${skipped}`),
    });
    console.log(`Done: ${result.rewrapped} rewrapped, ${result.skipped} could not be rewrapped.`);

    const previousIds = new Set(env.ENCRYPTION_KEYS_PREVIOUS.map((k) => k.id));
    const entries = Object.entries(result.remainingByKekId);
    if (entries.length === 0) console.log('No previous key ids configured and no rows under other key ids.');
    let remaining = 0;
    for (const [id, count] of entries) {
      remaining += count;
      const rows = `${count} row${count === 1 ? '' : 's'}`;
      if (count === 0) console.log(`${id}: ${rows} (safe to remove from ENCRYPTION_KEYS_PREVIOUS)`);
      else if (previousIds.has(id)) console.log(`${id}: ${rows} (keep it in ENCRYPTION_KEYS_PREVIOUS; run again)`);
      else console.log(`${id}: ${rows} (this key id is not configured; these tenant keys cannot be read)`);
    }
    return remaining === 0 ? 0 : EXIT_ROWS_REMAIN;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Env errors list problems without values; anything else prints its message only.
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
