import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identifierFieldsByProvider } from '@prixagent/contracts';
import { query } from './support/test-database.js';
import { startTestContext, type TestContext } from './support/test-app.js';
import { adminToken, createTenant, sampleCredentials, type Tenant } from './support/tenants.js';

interface Integration {
  provider: string;
  configured: boolean;
  status: string;
  hint: string | null;
  config: Record<string, unknown>;
}
interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}

let ctx: TestContext;
let a: Tenant;
let b: Tenant;
const creds = sampleCredentials();

beforeAll(async () => {
  ctx = await startTestContext();
  const admin = await adminToken(ctx.http);
  a = await createTenant(ctx.http, admin);
  b = await createTenant(ctx.http, admin);
});
afterAll(async () => {
  await ctx?.teardown();
});

/** The secret values that unlock an account (every secret field but the shown identifiers, like the Twilio Account SID). */
function keysOf(provider: keyof typeof creds): string[] {
  const secrets: Record<string, string> = creds[provider].secrets;
  return Object.entries(secrets)
    .filter(([field]) => !identifierFieldsByProvider[provider].includes(field))
    .map(([, value]) => value);
}

async function save(tenant: Tenant, provider: keyof typeof creds) {
  return ctx.http.put<Integration>(`/api/v1/integrations/${provider}`, creds[provider], { token: tenant.token });
}

describe('credential storage', () => {
  it('stores each provider write-only: the answer has a hint and config, never a secret', async () => {
    for (const provider of ['twilio', 'highlevel', 'elevenlabs', 'calcom'] as const) {
      const res = await save(a, provider);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ provider, configured: true, status: 'unverified' });
      for (const secret of keysOf(provider)) expect(res.text).not.toContain(secret);
    }
    const twilioHint = creds.twilio.secrets.authToken.slice(-4);
    const list = await ctx.http.get<{ items: Integration[] }>('/api/v1/integrations', { token: a.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.provider).sort()).toEqual(['calcom', 'elevenlabs', 'highlevel', 'twilio']);
    expect(list.body.items.find((i) => i.provider === 'twilio')?.hint).toBe(`…${twilioHint}`);
    expect(list.body.items.find((i) => i.provider === 'highlevel')?.config).toEqual({ locationId: 'loc_123' });
    // Which Twilio account is connected is an identifier, shown; its token never is.
    expect(list.body.items.find((i) => i.provider === 'twilio')?.config).toEqual({ accountSid: creds.twilio.secrets.accountSid });
    for (const provider of ['twilio', 'highlevel', 'elevenlabs', 'calcom'] as const) {
      for (const secret of keysOf(provider)) expect(list.text).not.toContain(secret);
    }
  });

  it('keeps no plaintext secret in the credential table', async () => {
    const rows = await query<{ dump: string }>(ctx.db.url, `SELECT row_to_json(c)::text AS dump FROM "IntegrationCredential" c`);
    expect(rows.length).toBe(4);
    const all = rows.map((r) => r.dump).join('\n');
    for (const provider of ['twilio', 'highlevel', 'elevenlabs', 'calcom'] as const) {
      for (const secret of keysOf(provider)) {
        expect(all).not.toContain(secret);
        // Not even its base64 form.
        expect(all).not.toContain(Buffer.from(secret).toString('base64'));
      }
    }
    // The data keys are stored wrapped, never raw.
    const keys = await query<{ wrappedKey: string; kekId: string }>(ctx.db.url, `SELECT "wrappedKey", "kekId" FROM "TenantKey" WHERE "accountId" = $1`, [a.accountId]);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.kekId).toBe('k1');
  });

  it('shows other providers as not configured and B sees none of A\'s credentials', async () => {
    const list = await ctx.http.get<{ items: Integration[] }>('/api/v1/integrations', { token: b.token });
    expect(list.body.items.every((i) => !i.configured && i.status === 'not_configured')).toBe(true);
    const one = await ctx.http.get<Integration>('/api/v1/integrations/twilio', { token: b.token });
    expect(one.status).toBe(200);
    expect(one.body.configured).toBe(false);
  });

  it('answers 400 naming the field and the reason, and stores nothing', async () => {
    const res = await ctx.http.put<ErrorBody>('/api/v1/integrations/twilio', { secrets: { accountSid: 'nope', authToken: '' } }, { token: b.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const fields = res.body.error.details.map((d) => d.field);
    expect(fields).toContain('secrets.accountSid');
    expect(fields).toContain('secrets.authToken');
    expect(res.body.error.details.find((d) => d.field === 'secrets.accountSid')?.message).toMatch(/AC/);
    const missing = await ctx.http.put<ErrorBody>('/api/v1/integrations/highlevel', { secrets: { apiKey: 'abcdefghijkl' } }, { token: b.token });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toContainEqual({ field: 'config', message: 'is required' });
    // A provider that does not exist is a path that names nothing: 404, as for a malformed id.
    const unknown = await ctx.http.put<ErrorBody>('/api/v1/integrations/stripe', creds.calcom, { token: b.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const rows = await query(ctx.db.url, `SELECT 1 FROM "IntegrationCredential" WHERE "accountId" = $1`, [b.accountId]);
    expect(rows).toHaveLength(0);
  });

  it('answers 409, not 500, for a ciphertext copied from another account', async () => {
    await save(b, 'calcom');
    // Copy A's calcom ciphertext into B's row: same provider and field, wrong account.
    await query(
      ctx.db.url,
      `UPDATE "IntegrationCredential" SET secrets = (SELECT secrets FROM "IntegrationCredential" WHERE "accountId" = $1 AND provider = 'calcom')
       WHERE "accountId" = $2 AND provider = 'calcom'`,
      [a.accountId, b.accountId],
    );
    const res = await ctx.http.get<ErrorBody>('/api/v1/integrations/calcom', { token: b.token });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('credential_unreadable');
    expect(res.body.error.message).toMatch(/cannot be decrypted/);
    const list = await ctx.http.get<{ items: Integration[] }>('/api/v1/integrations', { token: b.token });
    expect(list.status).toBe(200);
    expect(list.body.items.find((i) => i.provider === 'calcom')?.status).toBe('unreadable');
  });

  it('answers 409 for a ciphertext moved to another field or provider', async () => {
    // Within A: highlevel's apiKey ciphertext placed in elevenlabs' apiKey (other provider).
    await query(
      ctx.db.url,
      `UPDATE "IntegrationCredential" SET secrets = jsonb_build_object('apiKey', (SELECT secrets->'apiKey' FROM "IntegrationCredential" WHERE "accountId" = $1 AND provider = 'highlevel'))
       WHERE "accountId" = $1 AND provider = 'elevenlabs'`,
      [a.accountId],
    );
    expect((await ctx.http.get('/api/v1/integrations/elevenlabs', { token: a.token })).status).toBe(409);
    // Within twilio: swap accountSid and authToken (other field).
    await query(
      ctx.db.url,
      `UPDATE "IntegrationCredential" SET secrets = jsonb_build_object('accountSid', secrets->'authToken', 'authToken', secrets->'accountSid')
       WHERE "accountId" = $1 AND provider = 'twilio'`,
      [a.accountId],
    );
    const res = await ctx.http.get<ErrorBody>('/api/v1/integrations/twilio', { token: a.token });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('credential_unreadable');
  });

  it('answers 409 for a flipped byte, and saving again heals it', async () => {
    const [row] = await query<{ secrets: Record<string, string> }>(ctx.db.url, `SELECT secrets FROM "IntegrationCredential" WHERE "accountId" = $1 AND provider = 'calcom'`, [a.accountId]);
    const original = row?.secrets['apiKey'] ?? '';
    expect(original.length).toBeGreaterThan(20);
    // Flip one character in the middle of the ciphertext part.
    const i = Math.floor(original.length / 2);
    const flipped = original.slice(0, i) + (original[i] === 'A' ? 'B' : 'A') + original.slice(i + 1);
    await query(ctx.db.url, `UPDATE "IntegrationCredential" SET secrets = jsonb_build_object('apiKey', $2::text) WHERE "accountId" = $1 AND provider = 'calcom'`, [a.accountId, flipped]);
    expect((await ctx.http.get('/api/v1/integrations/calcom', { token: a.token })).status).toBe(409);
    expect((await ctx.http.get('/api/v1/health')).status).toBe(404);
    expect((await ctx.http.get('/api/health')).status).toBe(200);
    expect((await save(a, 'calcom')).status).toBe(200);
    expect((await ctx.http.get('/api/v1/integrations/calcom', { token: a.token })).status).toBe(200);
  });

  it('lets only owners and admins write, and deletes', async () => {
    const del = await ctx.http.delete('/api/v1/integrations/calcom', { token: a.token });
    expect(del.status).toBe(204);
    const again = await ctx.http.delete<ErrorBody>('/api/v1/integrations/calcom', { token: a.token });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('not_found');
    const rows = await query(ctx.db.url, `SELECT 1 FROM "IntegrationCredential" WHERE "accountId" = $1 AND provider = 'calcom'`, [a.accountId]);
    expect(rows).toHaveLength(0);
  });

  it('writes an audit event for each credential write without the secret', async () => {
    const rows = await query<{ action: string; dump: string }>(
      ctx.db.url,
      `SELECT action, row_to_json(e)::text AS dump FROM "AuditEvent" e WHERE "accountId" = $1 AND action LIKE 'integration.%'`,
      [a.accountId],
    );
    expect(rows.filter((r) => r.action === 'integration.saved').length).toBeGreaterThanOrEqual(5);
    expect(rows.some((r) => r.action === 'integration.deleted')).toBe(true);
    for (const r of rows) expect(r.dump).not.toContain('pxcanary');
  });
});
