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

  it('keeps nullable fields nullable strings (nestjs-zod with zod >= 4.5 turned them into arrays)', () => {
    const doc = JSON.parse(readFileSync(COMMITTED, 'utf8')) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    const account = doc.components.schemas['AccountDto_Output']?.properties;
    expect(account?.['closedAt']).toEqual({ type: 'string', nullable: true });
    expect(doc.components.schemas['AccountPageDto_Output']?.properties['nextCursor']).toEqual({ type: 'string', nullable: true });
    expect(JSON.stringify(doc)).not.toContain('"null"');
  });

  it('marks protected routes as needing a bearer token and public ones not', async () => {
    const served = await ctx.http.get<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>('/api/docs/openapi.json');
    expect(served.body.paths['/api/v1/integrations']?.['get']?.security).toEqual([{ bearer: [] }]);
    expect(served.body.paths['/api/v1/auth/login']?.['post']?.security).toBeUndefined();
  });

  it('documents every route the app serves under /api/v1', async () => {
    const served = await ctx.http.get<{ paths: Record<string, Record<string, unknown>> }>('/api/docs/openapi.json');
    const documented = Object.entries(served.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented).toContain('PUT /api/v1/integrations/{provider}');
    expect(documented).toContain('POST /api/v1/admin/accounts/{id}/close');
    expect(documented).toContain('POST /api/v1/auth/refresh');
  });
});
