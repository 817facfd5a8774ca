/**
 * Prints the OpenAPI document the API serves at /api/docs/openapi.json, without
 * a database or a .env: the document depends only on the code and contracts.
 * `pnpm --filter @prixagent/api-client generate` writes it to packages/api-client.
 */
import 'reflect-metadata';
import { parseEnv } from '../config/env.js';
import { createApp } from '../create-app.js';
import { createRootLogger } from '../common/logging/logger.js';
import { buildOpenApiDocument } from '../openapi.js';

// Placeholder configuration: nothing here is used to connect or sign.
const env = parseEnv({
  DATABASE_URL: 'postgresql://openapi@127.0.0.1:1/openapi',
  JWT_SECRET: 'openapi-document-generation-placeholder',
  ENCRYPTION_KEY: '0'.repeat(64),
  ADMIN_EMAIL: 'openapi@example.invalid',
  ADMIN_PASSWORD: 'placeholder',
  LOG_LEVEL: 'silent',
});

const app = await createApp(env, { logger: createRootLogger(env) });
await app.init();
process.stdout.write(`${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
await app.close();
