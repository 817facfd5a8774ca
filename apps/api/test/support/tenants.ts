import { expect } from 'vitest';
import { registerStoredSecret } from './test-runner-env.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, SECRET_CANARY, randomHex, type HttpClient } from './test-app.js';

interface TokenBody {
  accessToken: string;
  user: { id: string; accountId: string | null };
}

export interface Tenant {
  accountId: string;
  slug: string;
  ownerId: string;
  ownerEmail: string;
  ownerPassword: string;
  token: string;
  refreshCookie: string;
}

export function refreshCookieOf(headers: Headers): string {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('px_refresh='));
  if (!cookie) throw new Error('no refresh cookie set');
  return cookie.split(';')[0] ?? '';
}

export async function adminToken(http: HttpClient): Promise<string> {
  const res = await http.post<TokenBody>('/api/v1/auth/admin/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  expect(res.status).toBe(200);
  return res.body.accessToken;
}

/** Creates an account as the operator and signs its owner in through the invite, all over HTTP. */
export async function createTenant(http: HttpClient, admin: string, name = `Tenant ${randomHex(3)}`): Promise<Tenant> {
  const ownerEmail = `owner-${randomHex(4)}@example.test`;
  const created = await http.post<{ account: { id: string; slug: string }; ownerInvite: { token: string } }>(
    '/api/v1/admin/accounts',
    { name, email: ownerEmail },
    { token: admin },
  );
  expect(created.status).toBe(201);
  const ownerPassword = `owner-${SECRET_CANARY}-${randomHex(8)}`;
  const accepted = await http.post<TokenBody>('/api/v1/auth/invites/accept', { token: created.body.ownerInvite.token, name: 'Owner', password: ownerPassword });
  expect(accepted.status).toBe(200);
  return {
    accountId: created.body.account.id,
    slug: created.body.account.slug,
    ownerId: accepted.body.user.id,
    ownerEmail,
    ownerPassword,
    token: accepted.body.accessToken,
    refreshCookie: refreshCookieOf(accepted.headers),
  };
}

/** Valid-looking credentials per provider; every secret carries the canary. */
export function sampleCredentials() {
  return {
    twilio: { secrets: { accountSid: registerStoredSecret(`AC${randomHex(16)}`), authToken: registerStoredSecret(randomHex(16)) }, config: {} },
    highlevel: { secrets: { apiKey: `pit-${SECRET_CANARY}-${randomHex(12)}` }, config: { locationId: 'loc_123' } },
    elevenlabs: { secrets: { apiKey: `sk_${SECRET_CANARY}_${randomHex(12)}` }, config: { agentId: 'agent_abc' } },
    calcom: { secrets: { apiKey: `cal_live_${SECRET_CANARY}_${randomHex(12)}` }, config: {} },
  };
}
