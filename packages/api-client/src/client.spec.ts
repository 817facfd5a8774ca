import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateSchemaSource } from '../scripts/schema-source.mjs';
import { createApiClient } from './index.js';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('generated schema', () => {
  it('matches what openapi-typescript makes of the committed openapi.json', async () => {
    const expected = await generateSchemaSource(join(pkg, 'openapi.json'));
    expect(readFileSync(join(pkg, 'src/schema.ts'), 'utf8')).toBe(expected);
  });
});

describe('createApiClient', () => {
  it('sends the bearer token, and on a 401 refreshes once and retries with the body intact', async () => {
    const seen: { auth: string | null; body: string }[] = [];
    const fakeFetch = async (input: Request | string | URL): Promise<Response> => {
      const req = input instanceof Request ? input : new Request(input);
      seen.push({ auth: req.headers.get('authorization'), body: await req.text() });
      const ok = req.headers.get('authorization') === 'Bearer fresh';
      return new Response(JSON.stringify(ok ? { provider: 'calcom' } : { error: { code: 'token_expired', message: 'x', details: [] } }), {
        status: ok ? 200 : 401,
        headers: { 'content-type': 'application/json' },
      });
    };
    let refreshes = 0;
    const client = createApiClient({
      baseUrl: 'http://api.test',
      getAccessToken: () => 'stale',
      refresh: () => {
        refreshes++;
        return Promise.resolve('fresh');
      },
      fetch: fakeFetch,
    });
    const res = await client.PUT('/api/v1/integrations/{provider}', { params: { path: { provider: 'calcom' } }, body: { secrets: { apiKey: 'k' } } });
    expect(res.response.status).toBe(200);
    expect(refreshes).toBe(1);
    expect(seen.map((s) => s.auth)).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(seen[1]?.body).toBe(seen[0]?.body);
    expect(seen[0]?.body).toContain('apiKey');
  });

  it('does not refresh on auth routes (a wrong password is not an expired token)', async () => {
    let refreshes = 0;
    const client = createApiClient({
      baseUrl: 'http://api.test',
      refresh: () => {
        refreshes++;
        return Promise.resolve('fresh');
      },
      fetch: () => Promise.resolve(new Response('{}', { status: 401, headers: { 'content-type': 'application/json' } })),
    });
    const res = await client.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } });
    expect(res.response.status).toBe(401);
    expect(refreshes).toBe(0);
  });

  it('does refresh on the password change, the one auth route that takes a token', async () => {
    const seen: (string | null)[] = [];
    const client = createApiClient({
      baseUrl: 'http://api.test',
      getAccessToken: () => 'stale',
      refresh: () => Promise.resolve('fresh'),
      fetch: (input: Request | string | URL) => {
        const req = input instanceof Request ? input : new Request(input);
        seen.push(req.headers.get('authorization'));
        const ok = req.headers.get('authorization') === 'Bearer fresh';
        return Promise.resolve(new Response(ok ? '{}' : '{"error":{"code":"token_expired","message":"x","details":[]}}', { status: ok ? 200 : 401, headers: { 'content-type': 'application/json' } }));
      },
    });
    const res = await client.POST('/api/v1/auth/password', { body: { currentPassword: 'old-password', newPassword: 'a-new-long-passphrase' } });
    expect(res.response.status).toBe(200);
    expect(seen).toEqual(['Bearer stale', 'Bearer fresh']);
  });
});
