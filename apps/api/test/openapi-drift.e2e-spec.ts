import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestContext, type TestContext } from './support/test-app.js';

const COMMITTED = join(dirname(fileURLToPath(import.meta.url)), '../../../packages/api-client/openapi.json');

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestContext();
});
afterAll(async () => {
  await ctx?.teardown();
});

describe('OpenAPI document', () => {
  it('served by the API equals the committed copy the typed client is generated from', async () => {
    const served = await ctx.http.get<unknown>('/api/docs/openapi.json');
    expect(served.status).toBe(200);
    const committed: unknown = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    // On failure: pnpm --filter @prixagent/api build && pnpm --filter @prixagent/api-client generate
    expect(served.body).toEqual(committed);
  });

  it('documents every route the app serves under /api/v1', async () => {
    const served = await ctx.http.get<{ paths: Record<string, Record<string, unknown>> }>('/api/docs/openapi.json');
    const documented = Object.entries(served.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented).toContain('PUT /api/v1/integrations/{provider}');
    expect(documented).toContain('POST /api/v1/admin/accounts/{id}/close');
    expect(documented).toContain('POST /api/v1/auth/refresh');
  });
});
