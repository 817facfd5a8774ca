// A person's own account in the client dashboard, in a real Chromium against
// the built API on a real PostgreSQL: the profile name, the password change
// (the old password stops working and every other session ends, in another
// browser too, which lands on sign-in saying why), and the API going away and
// coming back (a failed load is retried once by itself, then said once).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerStoredSecret } from '../../apps/api/test/support/test-runner-env.js';
import { missingTools } from '../infra/support/tools.js';
import { launchChromium, signIn, watchedPage, type Browser } from '../support/chromium.js';
import { REPO, SECRET_MARKER, buildForE2e, createTenant, getJson, operatorToken, postJson, randomHex, startPlatform, type Platform, type SeededTenant } from './support/platform.js';
import { expectSignedInAs } from './support/shell.js';
import { serveDashboard, type StaticServer } from './support/static-server.js';

const SUITE = 'account pages in Chromium (tests/e2e/account.e2e-spec.ts)';
const missing = missingTools(['chromium'], SUITE);

describe.skipIf(missing.length > 0)(SUITE, () => {
  let platform: Platform | undefined;
  let server: StaticServer | undefined;
  const browsers: Browser[] = [];
  let clientUrl = '';
  let tenant: SeededTenant;
  const problems: string[] = [];
  const heading = (page: Page) => page.getByRole('heading', { level: 1 });
  const toast = (page: Page, text: string) => page.locator('[data-sonner-toast]').getByText(text);

  /** A page in a browser of its own (its own cookie jar: another device). */
  async function newBrowserPage(options: { consoleErrors?: boolean } = {}): Promise<Page> {
    const browser = await launchChromium();
    browsers.push(browser);
    return watchedPage(browser.context, problems, options);
  }

  beforeAll(async () => {
    buildForE2e(['@prixagent/api', '@prixagent/client-dashboard']);
    platform = await startPlatform({ logName: 'e2e-account-api' });
    const running = platform;
    // Read at each request: the API moves to a new port when the suite restarts it.
    server = await serveDashboard(join(REPO, 'apps', 'client-dashboard', 'dist'), () => running.api.baseUrl);
    clientUrl = `http://localhost:${server.port}`;
    const created = await createTenant(platform, await operatorToken(platform), `E2E Account ${randomHex(2)}`, true, { ownerName: 'Ada Owner' });
    if (!created) throw new Error('no tenant');
    tenant = created;
  }, 240_000);

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await server?.close();
    await platform?.stop();
  }, 60_000);

  it('a signed-out load logs no console error (the session probe is not a failure)', async () => {
    // Console errors count here: Chromium logs every 4xx answer as one.
    const page = await newBrowserPage({ consoleErrors: true });
    await page.goto(`${clientUrl}/account/profile`);
    await page.waitForURL(`${clientUrl}/sign-in?next=%2Faccount%2Fprofile`);
    await heading(page).getByText('Sign in to your workspace').waitFor();
    // Nothing to say about a session that never existed.
    expect(await page.getByRole('status').filter({ hasText: 'signed out' }).count()).toBe(0);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('the profile name is saved and shown', async () => {
    if (!platform) throw new Error('no platform');
    const page = await newBrowserPage();
    await page.goto(`${clientUrl}/account/profile`);
    await signIn(page, tenant.ownerEmail, tenant.ownerPassword);
    await heading(page).getByText('Profile').waitFor();
    const name = page.getByLabel('Your name');
    expect(await name.inputValue()).toBe('Ada Owner');
    expect(await page.getByLabel('Email').inputValue()).toBe(tenant.ownerEmail);

    await name.fill('');
    await page.getByRole('button', { name: 'Save the profile' }).click();
    await page.getByText('This field is required.').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');

    await name.fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Save the profile' }).click();
    await toast(page, 'Your profile is saved.').waitFor();
    await page.getByRole('button', { name: 'Account menu' }).getByText('Ada Lovelace').waitFor();
    const me = await getJson<{ user: { name: string } }>(`${platform.api.baseUrl}/api/v1/me`, tenant.ownerToken);
    expect(me.user.name).toBe('Ada Lovelace');
    await page.close();
  });

  it('changing the password: the old one stops working and every other session ends, saying why', async () => {
    if (!platform) throw new Error('no platform');
    // The same person on a second device.
    const other = await newBrowserPage();
    await other.goto(`${clientUrl}/`);
    await signIn(other, tenant.ownerEmail, tenant.ownerPassword);
    await heading(other).getByText('Overview').waitFor();

    const page = await newBrowserPage();
    await page.goto(`${clientUrl}/account/password`);
    await signIn(page, tenant.ownerEmail, tenant.ownerPassword);
    await heading(page).getByText('Change password').waitFor();

    const newPassword = `new-${SECRET_MARKER}-${randomHex(8)} phrase`;
    registerStoredSecret(newPassword);
    // The two copies must match; nothing is sent until they do.
    await page.getByLabel('Current password').fill(tenant.ownerPassword);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(`${newPassword}!`);
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.getByText('The two passwords are not the same.').waitFor();
    // A wrong current password is the API's refusal, shown above the fields.
    await page.getByLabel('Current password').fill(`wrong-${randomHex(6)}`);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.getByRole('alert').first().waitFor();
    expect((await postJson(`${platform.api.baseUrl}/api/v1/auth/login`, { email: tenant.ownerEmail, password: tenant.ownerPassword })).status).toBe(200);

    await page.getByLabel('Current password').fill(tenant.ownerPassword);
    await page.getByRole('button', { name: 'Change the password' }).click();
    await toast(page, 'Your password is changed. Every other session has ended.').waitFor();
    // This browser carries on with the fresh session the API answered.
    await page.getByRole('link', { name: 'Team' }).click();
    await heading(page).getByText('Team').waitFor();
    await expectSignedInAs(page, tenant.ownerEmail);

    // The other device's next step lands on sign-in, and the page says why.
    await other.getByRole('link', { name: 'Team' }).click();
    await other.waitForURL(/\/sign-in/);
    await other.getByText('You were signed out because your session was ended', { exact: false }).waitFor();

    // Only the new password signs in now.
    expect((await postJson(`${platform.api.baseUrl}/api/v1/auth/login`, { email: tenant.ownerEmail, password: tenant.ownerPassword })).status).toBe(401);
    await signIn(other, tenant.ownerEmail, tenant.ownerPassword);
    await other.getByRole('alert').getByText('The email or the password is not correct.').waitFor();
    await signIn(other, tenant.ownerEmail, newPassword);
    await heading(other).getByText('Team').waitFor();
    tenant = { ...tenant, ownerPassword: newPassword };
    await page.close();
    await other.close();
  });

  it('while the API restarts, a load is retried once by itself, then the failure is said once, and "Try again" recovers', async () => {
    if (!platform) throw new Error('no platform');
    const page = await newBrowserPage();
    await page.goto(`${clientUrl}/`);
    await signIn(page, tenant.ownerEmail, tenant.ownerPassword);
    await heading(page).getByText('Overview').waitFor();

    const teamRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/v1/team') teamRequests.push(request.url());
    });
    await platform.stopApi();
    await page.getByRole('link', { name: 'Team' }).click();
    await heading(page).getByText('Team').waitFor();
    const alert = page.getByRole('alert');
    await alert.getByRole('button', { name: 'Try again' }).waitFor();
    // One first attempt and one retry, then one alert for the page (both of its requests failed alike).
    expect(teamRequests).toHaveLength(2);
    expect(await alert.count()).toBe(1);

    await platform.startApi();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('row').filter({ hasText: tenant.ownerEmail }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('ran without a CSP violation or an uncaught error', () => {
    expect(problems).toEqual([]);
  });
});
