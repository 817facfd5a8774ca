// Both dashboards in a real Chromium, built as for production and served the way
// nginx serves them (strict CSP, SPA fallback, /api proxied on the same origin),
// against the built API on a real PostgreSQL. It checks what a person would:
// the operator signs in and pages through the tenants; a tenant owner follows a
// deep link, signs in and lands on the integrations; a wrong password says so;
// ES/EN switches the text and is remembered; a reload keeps the session through
// the refresh cookie; sign-out ends it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools } from '../infra/support/tools.js';
import { launchChromium, signIn, watchedPage, type Browser } from '../support/chromium.js';
import {
  REPO,
  buildForE2e,
  SECRET_MARKER,
  createTenant,
  getJson,
  operatorToken,
  postJson,
  randomHex,
  startPlatform,
  type Platform,
  type SeededTenant,
} from './support/platform.js';
import { SHELL_ES, chooseLanguage, openLanguages, signOut } from './support/shell.js';
import { serveDashboard, type StaticServer } from './support/static-server.js';

const SUITE = 'dashboards in Chromium (tests/e2e/dashboards.e2e-spec.ts)';
const missing = missingTools(['chromium'], SUITE);

/** Tenants created besides the one that signs in: more than a page of 20. */
const FILLER_TENANTS = 21;

interface IntegrationItem {
  provider: string;
  status: string;
  hint: string | null;
}

describe.skipIf(missing.length > 0)(SUITE, () => {
  let platform: Platform | undefined;
  const servers: StaticServer[] = [];
  let context: BrowserContext | undefined;
  let browser: Browser | undefined;
  let clientUrl = '';
  let adminUrl = '';
  let tenant: SeededTenant;
  let savedSecret: string | null = null;
  // CSP violations and uncaught errors, from every page, checked at the end.
  const problems: string[] = [];

  async function newPage(): Promise<Page> {
    if (!context) throw new Error('no browser');
    return watchedPage(context, problems);
  }

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });

  beforeAll(async () => {
    buildForE2e();

    platform = await startPlatform({ logName: 'e2e-dashboards-api' });
    for (const app of ['client', 'admin']) {
      servers.push(await serveDashboard(join(REPO, 'apps', `${app}-dashboard`, 'dist'), platform.api.baseUrl));
    }
    // Two hosts, two cookie jars: each dashboard keeps its own refresh cookie, as
    // app.<domain> and admin.<domain> do in production.
    clientUrl = `http://localhost:${servers[0]?.port}`;
    adminUrl = `http://127.0.0.1:${servers[1]?.port}`;

    const operator = await operatorToken(platform);
    for (let i = 1; i <= FILLER_TENANTS; i++) await createTenant(platform, operator, `Filler ${String(i).padStart(2, '0')} ${randomHex(2)}`);
    const created = await createTenant(platform, operator, `E2E Voice ${randomHex(2)}`, true);
    if (!created) throw new Error('no tenant');
    tenant = created;
    // A saved credential, if this API version stores one without asking the provider.
    const secret = `cal_live_${SECRET_MARKER}_${randomHex(12)}`;
    const saved = await postJson(`${platform.api.baseUrl}/api/v1/integrations/calcom`, { secrets: { apiKey: secret } }, tenant.ownerToken, 'PUT');
    if (saved.status === 200) savedSecret = secret;

    browser = await launchChromium();
    context = browser.context;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    await platform?.stop();
  }, 60_000);

  it('builds each dashboard to index.html plus hashed assets, with nothing inline', () => {
    for (const app of ['client', 'admin']) {
      const dist = join(REPO, 'apps', `${app}-dashboard`, 'dist');
      const html = readFileSync(join(dist, 'index.html'), 'utf8');
      // The production CSP allows neither inline scripts nor inline styles.
      expect(html, `${app}: inline <style>`).not.toMatch(/<style/i);
      expect(html, `${app}: style attribute`).not.toMatch(/\sstyle=/i);
      for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) expect(tag, `${app}: inline <script>`).toMatch(/\ssrc="\/assets\//);
      const assets = readdirSync(join(dist, 'assets'));
      expect(assets.some((f) => /^index-[\w-]{8,}\.js$/.test(f)), `${app}: hashed JS in dist/assets`).toBe(true);
      expect(assets.some((f) => /^index-[\w-]{8,}\.css$/.test(f)), `${app}: hashed CSS in dist/assets`).toBe(true);
    }
  });

  it('the operator signs in and pages through the tenants', async () => {
    if (!platform) throw new Error('no platform');
    const page = await newPage();
    await page.goto(`${adminUrl}/tenants`);
    // Not signed in: the deep link goes to sign-in and remembers where it was going.
    await page.waitForURL(`${adminUrl}/sign-in?next=%2Ftenants`);
    await heading(page).getByText('Operator sign-in').waitFor();
    await signIn(page, platform.adminEmail, platform.adminPassword);
    await page.waitForURL(`${adminUrl}/tenants`);
    await heading(page).getByText('Tenants').waitFor();

    // Rows with an id: the placeholders shown while the first page loads have none.
    const rows = page.locator('table tbody tr[data-row-id]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(20);
    // Newest first: the tenant created last heads the list, with its status.
    const first = rows.first();
    expect(await first.locator('th').textContent()).toBe(tenant.name);
    expect(await first.getByText('Active').count()).toBe(1);

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2', { exact: true }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 2);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1', { exact: true }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 20);

    // A reload restores the operator's session from its cookie.
    await page.reload();
    await heading(page).getByText('Tenants').waitFor();
    expect(page.url()).toBe(`${adminUrl}/tenants`);

    // A tenant address that names nothing, malformed or unknown, is a missing page, not a form to correct.
    for (const id of ['not-a-tenant', '00000000-0000-4000-8000-000000000000']) {
      await page.goto(`${adminUrl}/tenants/${id}`);
      await heading(page).getByText('Page not found').waitFor();
      expect(await page.getByText('Check the highlighted fields.').count()).toBe(0);
    }

    // The operator's profile: the login is the server's, shown and explained, not edited.
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Profile' }).click();
    await heading(page).getByText('Profile').waitFor();
    expect(await page.getByLabel('Email').inputValue()).toBe(platform.adminEmail);
    expect(await page.getByLabel('Email').isEditable()).toBe(false);
    await page.getByText(/ADMIN_PASSWORD/).first().waitFor();

    await signOut(page);
    await page.waitForURL(`${adminUrl}/sign-in`);
    await page.goto(`${adminUrl}/tenants`);
    await page.waitForURL(`${adminUrl}/sign-in?next=%2Ftenants`);
    await heading(page).getByText('Operator sign-in').waitFor();
    // Signed out is the normal state here, not an error to show.
    await page.getByLabel('Email').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('a wrong password shows the API error on the form', async () => {
    const page = await newPage();
    await page.goto(`${clientUrl}/sign-in`);
    await heading(page).getByText('Sign in to your workspace').waitFor();

    // Checked in the browser with the shared contract before anything is sent.
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByText('This field is required.').count()).toBe(2);
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter a valid email address.').waitFor();

    await signIn(page, tenant.ownerEmail, `wrong-${randomHex(6)}`);
    const alert = page.getByRole('alert');
    await alert.getByText('The email or the password is not correct.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBeNull();
    await page.close();
  });

  it('the ES/EN toggle changes the text and is remembered', async () => {
    const page = await newPage();
    await page.goto(`${clientUrl}/sign-in`);
    await heading(page).getByText('Sign in to your workspace').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await chooseLanguage(page, 'Español');
    await heading(page).getByText('Inicia sesión en tu espacio de trabajo').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await openLanguages(page, SHELL_ES);
    expect(await page.getByRole('menuitemradio', { name: 'Español' }).getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').first().waitFor({ state: 'detached' });
    await page.getByLabel('Correo electrónico').waitFor();

    // The error of a failed sign-in speaks the chosen language too.
    await page.getByLabel('Correo electrónico').fill(tenant.ownerEmail);
    await page.getByLabel('Contraseña').fill(`wrong-${randomHex(6)}`);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('alert').getByText('El correo o la contraseña no son correctos.').waitFor();

    await page.reload();
    await heading(page).getByText('Inicia sesión en tu espacio de trabajo').waitFor();
    // Only the language is kept in storage; no token ever is.
    const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage, ...window.sessionStorage }));
    expect(stored).toBe(JSON.stringify({ 'prixagent.lang': 'es' }));

    await chooseLanguage(page, 'English', SHELL_ES);
    await heading(page).getByText('Sign in to your workspace').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.close();
  });

  it('a tenant owner follows a deep link, signs in and sees the integrations', async () => {
    if (!platform) throw new Error('no platform');
    const page = await newPage();
    await page.goto(`${clientUrl}/integrations`);
    await page.waitForURL(`${clientUrl}/sign-in?next=%2Fintegrations`);
    await signIn(page, tenant.ownerEmail, tenant.ownerPassword);
    await page.waitForURL(`${clientUrl}/integrations`);
    await heading(page).getByText('Integrations').waitFor();

    // What the page shows is what the API says, provider by provider.
    const api = await getJson<{ items: IntegrationItem[] }>(`${platform.api.baseUrl}/api/v1/integrations`, tenant.ownerToken);
    expect(api.items.map((i) => i.provider)).toEqual(['twilio', 'highlevel', 'elevenlabs', 'calcom']);
    const labels: Record<string, string> = { not_configured: 'Not connected', unverified: 'Saved, not verified', connected: 'Connected' };
    for (const item of api.items) {
      const row = page.locator(`[data-integration="${item.provider}"]`);
      await row.waitFor();
      if (labels[item.status]) expect(await row.getByText(labels[item.status] ?? '', { exact: true }).count()).toBe(1);
      if (item.hint) expect(await row.getByText(item.hint, { exact: true }).count()).toBe(1);
    }
    if (savedSecret) {
      expect(api.items.find((i) => i.provider === 'calcom')?.hint).toBe(`…${savedSecret.slice(-4)}`);
      // Never the secret itself, anywhere in the page.
      expect((await page.content()).includes(savedSecret)).toBe(false);
    }

    await page.getByRole('link', { name: 'Overview' }).click();
    await page.waitForURL(`${clientUrl}/`);
    await page.getByText(tenant.name, { exact: true }).waitFor();
    await page.getByText(tenant.ownerEmail, { exact: true }).first().waitFor();
    await page.getByText('Owner', { exact: true }).waitFor();
    await page.close();
  });

  it('a reload on a deep link keeps working: the refresh cookie restores the session', async () => {
    const page = await newPage();
    await page.goto(`${clientUrl}/integrations`);
    await page.locator('[data-integration="calcom"]').waitFor();
    expect(page.url()).toBe(`${clientUrl}/integrations`);
    await page.reload();
    await page.locator('[data-integration="calcom"]').waitFor();
    expect(page.url()).toBe(`${clientUrl}/integrations`);
    await page.close();
  });

  it('shows a not-found page, and sign-out ends the session', async () => {
    const page = await newPage();
    await page.goto(`${clientUrl}/no/such/page`);
    await heading(page).getByText('Page not found').waitFor();
    await page.getByText('There is no page at /no/such/page.').waitFor();

    await signOut(page);
    await page.waitForURL(`${clientUrl}/sign-in`);
    // The cookie was revoked server-side: a reload does not sign back in.
    await page.goto(`${clientUrl}/integrations`);
    await page.waitForURL(`${clientUrl}/sign-in?next=%2Fintegrations`);
    await heading(page).getByText('Sign in to your workspace').waitFor();
    await page.getByLabel('Email').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('ran without a CSP violation or an uncaught error', () => {
    expect(problems).toEqual([]);
  });
});
