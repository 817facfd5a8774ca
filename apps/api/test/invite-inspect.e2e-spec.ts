import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from './support/test-database.js';
import { LOG_DIR, SECRET_CANARY, randomHex, startTestContext, type HttpResponse, type TestContext } from './support/test-app.js';
import { registerStoredSecret } from './support/test-runner-env.js';
import { adminToken, createTenant, type Tenant } from './support/tenants.js';

/**
 * POST /api/v1/auth/invites/inspect: what an invite link is for, asked before
 * accepting it. Public and login-limited, it must tell a usable invite apart
 * from nothing else: unknown, used, expired and withdrawn tokens all get
 * accept's own 401 `invite_invalid`, and asking writes nothing.
 */

const INSPECT = '/api/v1/auth/invites/inspect';
const ACCEPT = '/api/v1/auth/invites/accept';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}
interface InviteCreated {
  id: string;
  email: string;
  role: string;
  token: string;
  expiresAt: string;
}
interface Inspection {
  accountName: string;
  email: string;
  role: string;
  expiresAt: string;
}

const LOG_FILE = join(LOG_DIR, `api-invite-inspect-${process.pid}.log`);

let ctx: TestContext;
let admin: string;
let tenant: Tenant;
const TENANT_NAME = `Inspect ${randomHex(3)}`;

beforeAll(async () => {
  ctx = await startTestContext({ LOG_FILE });
  admin = await adminToken(ctx.http);
  tenant = await createTenant(ctx.http, admin, TENANT_NAME);
});
afterAll(async () => {
  await ctx?.teardown();
});

/** An open member invite of the tenant; its token is listed for the end-of-run log scan. */
async function memberInvite(email = `invitee-${randomHex(4)}@inspect.example`): Promise<InviteCreated> {
  const res = await ctx.http.post<InviteCreated>('/api/v1/team/invites', { email }, { token: tenant.token });
  expect(res.status).toBe(201);
  registerStoredSecret(res.body.token);
  return res.body;
}

function inspect<T = Inspection | ErrorBody>(token: unknown, headers?: Record<string, string>): Promise<HttpResponse<T>> {
  return ctx.http.post<T>(INSPECT, { token }, headers ? { headers } : {});
}

function accept(token: string): Promise<HttpResponse<ErrorBody>> {
  return ctx.http.post<ErrorBody>(ACCEPT, { token, name: 'Someone', password: `a-long-${SECRET_CANARY}-passphrase` });
}

/** Shaped like a real token (32 random bytes, base64url) but issued by nobody. */
function unknownToken(): string {
  return registerStoredSecret(randomBytes(32).toString('base64url'));
}

/** Every row of every table, so any write at all shows. */
async function snapshot(): Promise<string> {
  const tables = await query<{ name: string }>(ctx.db.url, `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await query<{ s: string | null }>(ctx.db.url, `SELECT json_agg(t ORDER BY t::text)::text AS s FROM "${name}" t`);
    parts.push(`${name}: ${rows[0]?.s ?? '[]'}`);
  }
  return parts.join('\n');
}

async function waitForLogLine(marker: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    let text = '';
    try {
      text = readFileSync(LOG_FILE, 'utf8');
    } catch {
      // Not created yet.
    }
    if (text.includes(marker)) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no log line with ${marker}`);
}

describe('invite inspection', () => {
  it("tells a usable invite's account, email, role and expiry, without a token", async () => {
    const ownerEmail = `owner-${randomHex(4)}@inspect.example`;
    const created = await ctx.http.post<{ account: { name: string }; ownerInvite: InviteCreated }>(
      '/api/v1/admin/accounts',
      { name: 'Clínica Inspección', email: ownerEmail },
      { token: admin },
    );
    expect(created.status).toBe(201);
    const ownerToken = registerStoredSecret(created.body.ownerInvite.token);
    const res = await inspect<Inspection>(ownerToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accountName: 'Clínica Inspección', email: ownerEmail, role: 'owner', expiresAt: created.body.ownerInvite.expiresAt });
    // Login-limited, as accepting is.
    expect(res.headers.get('x-ratelimit-limit-login')).not.toBeNull();

    const member = await memberInvite();
    const asked = await inspect<Inspection>(member.token);
    expect(asked.status).toBe(200);
    expect(asked.body).toEqual({ accountName: TENANT_NAME, email: member.email, role: 'member', expiresAt: member.expiresAt });
    expect(asked.text).not.toContain(member.token);
    // Asking does not use it up.
    expect((await inspect(member.token)).status).toBe(200);
    expect((await accept(member.token)).status).toBe(200);
  });

  it('gives unknown, used, expired and withdrawn tokens one answer, the one accept gives', async () => {
    const unknown = await inspect<ErrorBody>(unknownToken());
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('invite_invalid');

    const used = await memberInvite();
    expect((await accept(used.token)).status).toBe(200);

    const expired = await memberInvite();
    await query(ctx.db.url, `UPDATE "Invite" SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [expired.id]);

    const withdrawn = await memberInvite();
    expect((await ctx.http.delete(`/api/v1/team/invites/${withdrawn.id}`, { token: tenant.token })).status).toBe(204);

    for (const [why, token] of [
      ['used', used.token],
      ['expired', expired.token],
      ['withdrawn', withdrawn.token],
    ] as const) {
      const asked = await inspect<ErrorBody>(token);
      expect(asked.status, why).toBe(401);
      // Byte for byte: nothing in the answer tells the cases apart.
      expect(asked.text, why).toBe(unknown.text);
      const accepted = await accept(token);
      expect(accepted.status, why).toBe(401);
      expect(accepted.text, why).toBe(unknown.text);
    }
  });

  it('refuses a malformed token with 400 naming the field, before any lookup, as accept does', async () => {
    for (const token of ['too-short', 'x'.repeat(201), 42, undefined]) {
      const res = await inspect<ErrorBody>(token);
      expect(res.status, String(token)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d) => d.field)).toEqual(['token']);
    }
    const notJson = await ctx.http.request<ErrorBody>('POST', INSPECT, { rawBody: '{"token":', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
  });

  it('answers what accept would for an invite it cannot take: account suspended, email taken meanwhile', async () => {
    // The invitee joined another tenant first: emails are unique across the platform.
    const email = `taken-${randomHex(4)}@inspect.example`;
    const first = await memberInvite(email);
    const other = await createTenant(ctx.http, admin);
    const elsewhere = await ctx.http.post<InviteCreated>('/api/v1/team/invites', { email }, { token: other.token });
    expect((await accept(registerStoredSecret(elsewhere.body.token))).status).toBe(200);
    const taken = await inspect<ErrorBody>(first.token);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('email_in_use');
    expect((await accept(first.token)).body.error.code).toBe('email_in_use');

    const pending = await memberInvite();
    expect((await ctx.http.post(`/api/v1/admin/accounts/${tenant.accountId}/suspend`, undefined, { token: admin })).status).toBe(200);
    const suspended = await inspect<ErrorBody>(pending.token);
    expect(suspended.status).toBe(403);
    expect(suspended.body.error.code).toBe('account_suspended');
    expect((await accept(pending.token)).body.error.code).toBe('account_suspended');
    // Unknown tokens still say nothing about any account.
    expect((await inspect<ErrorBody>(unknownToken())).body.error.code).toBe('invite_invalid');
    expect((await ctx.http.post(`/api/v1/admin/accounts/${tenant.accountId}/reactivate`, undefined, { token: admin })).status).toBe(200);
    expect((await inspect(pending.token)).status).toBe(200);
  });

  it('writes nothing, whatever it is asked, and never logs the token', async () => {
    const open = await memberInvite();
    const gone = await memberInvite();
    expect((await ctx.http.delete(`/api/v1/team/invites/${gone.id}`, { token: tenant.token })).status).toBe(204);
    const marker = `inspect-${randomHex(6)}`;

    const before = await snapshot();
    expect((await inspect(open.token, { 'x-request-id': marker })).status).toBe(200);
    expect((await inspect(gone.token)).status).toBe(401);
    expect((await inspect(unknownToken())).status).toBe(401);
    expect((await inspect('too-short')).status).toBe(400);
    expect(await snapshot()).toBe(before);

    // The request was logged (method, URL, status), its body was not.
    const log = await waitForLogLine(marker);
    for (const token of [open.token, gone.token]) expect(log).not.toContain(token);
  });
});

describe('invite inspection and the login rate limit', () => {
  let limited: TestContext;
  beforeAll(async () => {
    limited = await startTestContext({ LOGIN_RATE_LIMIT_MAX: '3' });
  });
  afterAll(async () => {
    await limited?.teardown();
  });

  it('answers 429 with Retry-After past the login budget, so tokens cannot be guessed faster there than at accept', async () => {
    const statuses: number[] = [];
    let last: HttpResponse<ErrorBody> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await limited.http.post<ErrorBody>(INSPECT, { token: unknownToken() });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(last?.body.error.code).toBe('too_many_requests');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
