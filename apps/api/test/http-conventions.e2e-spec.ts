import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestContext, type TestContext } from './support/test-app.js';
import { adminToken, createTenant, type Tenant } from './support/tenants.js';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}

let ctx: TestContext;
let tenant: Tenant;

beforeAll(async () => {
  ctx = await startTestContext({ BODY_LIMIT_BYTES: '4096' });
  tenant = await createTenant(ctx.http, await adminToken(ctx.http));
});
afterAll(async () => {
  await ctx?.teardown();
});

/** Exactly DESIGN's shape: {"error":{"code","message","details":[]}} and nothing else. */
function expectErrorShape(body: unknown): void {
  expect(Object.keys(body as object)).toEqual(['error']);
  const { error } = body as ErrorBody;
  expect(Object.keys(error).sort()).toEqual(['code', 'details', 'message']);
  expect(typeof error.code).toBe('string');
  expect(typeof error.message).toBe('string');
  expect(Array.isArray(error.details)).toBe(true);
}

describe('HTTP conventions', () => {
  it('answers 413 in the error shape for a body over the limit', async () => {
    const big = { secrets: { apiKey: 'x'.repeat(10_000) }, config: {} };
    const res = await ctx.http.put<ErrorBody>('/api/v1/integrations/calcom', big, { token: tenant.token });
    expect(res.status).toBe(413);
    expectErrorShape(res.body);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers 400 for malformed JSON and 415 for a non-JSON body', async () => {
    const bad = await ctx.http.request<ErrorBody>('POST', '/api/v1/auth/login', { rawBody: '{"email": ' });
    expect(bad.status).toBe(400);
    expectErrorShape(bad.body);
    expect(bad.body.error.message).toMatch(/JSON/);
    const xml = await ctx.http.request<ErrorBody>('POST', '/api/v1/auth/login', { rawBody: '<a/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.status).toBe(415);
    expectErrorShape(xml.body);
  });

  it('answers 404 in the error shape for an unknown route, with no stack trace', async () => {
    const res = await ctx.http.get<ErrorBody>('/api/v1/nothing-here', { token: tenant.token });
    expect(res.status).toBe(404);
    expectErrorShape(res.body);
    expect(res.text).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('sets helmet headers and a request id, and honours a sane incoming one', async () => {
    const res = await ctx.http.get('/api/health', { headers: { 'x-request-id': 'trace-abc_123' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-request-id')).toBe('trace-abc_123');
    const hostile = await ctx.http.get('/api/health', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('allows CORS only from the allow-list', async () => {
    const allowed = await ctx.http.request('OPTIONS', '/api/v1/auth/login', {
      headers: { origin: 'http://localhost:3001', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3001');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const denied = await ctx.http.request('OPTIONS', '/api/v1/auth/login', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the OpenAPI document at /api/docs', async () => {
    const doc = await ctx.http.get<{ openapi: string; paths: Record<string, unknown> }>('/api/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/integrations/{provider}');
    const ui = await ctx.http.get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});

describe('hostile input', () => {
  it('answers 400, never 500, for control characters and forged cursors', async () => {
    const admin = await adminToken(ctx.http);
    const nulName = await ctx.http.post<ErrorBody>('/api/v1/admin/accounts', { name: 'a\u0000b', email: 'nul@example.test' }, { token: admin });
    expect(nulName.status).toBe(400);
    expect(nulName.body.error.details[0]).toEqual({ field: 'name', message: 'must not contain control characters' });
    const nulQuery = await ctx.http.get<ErrorBody>(`/api/v1/admin/accounts?q=${encodeURIComponent('x\u0000')}`, { token: admin });
    expect(nulQuery.status).toBe(400);
    const forged = Buffer.from(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`).toString('base64url');
    expect((await ctx.http.get(`/api/v1/admin/accounts?cursor=${forged}`, { token: admin })).status).toBe(400);
    expect((await ctx.http.get(`/api/v1/admin/audit-events?action=${encodeURIComponent('a\u0000')}`, { token: admin })).status).toBe(400);
  });
});
