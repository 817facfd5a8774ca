// A tenant connects its providers from the client dashboard, in a real Chromium
// against the built API: the owner saves each provider's credentials (checked in
// the browser with the shared contract first), sees "Saved, not verified" and
// the last four characters, and the secret is then nowhere in the page or its
// storage; removing asks first; a member sees the state without any form.
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerStoredSecret } from '../../apps/api/test/support/test-runner-env.js';
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
import { signOut } from './support/shell.js';
import { serveDashboard, type StaticServer } from './support/static-server.js';

const SUITE = 'integrations in Chromium (tests/e2e/integrations.e2e-spec.ts)';
const missing = missingTools(['chromium'], SUITE);

interface IntegrationItem {
  provider: string;
  status: string;
  hint: string | null;
  config: Record<string, unknown>;
}

/** What the owner types, per provider: field label to value. Every secret is one the log scan knows. */
function credentialsToType(): Record<string, Record<string, string>> {
  return {
    // Twilio's formats are hex only and cannot carry the marker: listed for the scan instead.
    twilio: { 'Account SID': registerStoredSecret(`AC${randomHex(16)}`), 'Auth token': registerStoredSecret(randomHex(16)) },
    highlevel: { 'API key': `hl_${SECRET_MARKER}_${randomHex(10)}`, 'Location ID': `loc_${randomHex(4)}` },
    elevenlabs: { 'API key': `el_${SECRET_MARKER}_${randomHex(10)}`, 'Agent ID': `agent_${randomHex(4)}` },
    calcom: { 'API key': `cal_live_${SECRET_MARKER}_${randomHex(12)}` },
  };
}

/** Fields the API shows back: config, and the Twilio Account SID (it names the account, it unlocks nothing). */
const isConfig = (label: string) => label === 'Location ID' || label === 'Agent ID' || label === 'Account SID';

/** The field whose last four characters the API shows, by label. */
const hintLabel: Record<string, string> = { twilio: 'Auth token', highlevel: 'API key', elevenlabs: 'API key', calcom: 'API key' };

describe.skipIf(missing.length > 0)(SUITE, () => {
  let platform: Platform | undefined;
  let server: StaticServer | undefined;
  let context: BrowserContext | undefined;
  let browser: Browser | undefined;
  let clientUrl = '';
  let tenant: SeededTenant;
  let member: { email: string; password: string };
  const typed = credentialsToType();
  // Config values (location, agent) are not secret: the API returns them and the page shows them.
  const secrets = Object.values(typed).flatMap((fields) =>
    Object.entries(fields)
      .filter(([label]) => !isConfig(label))
      .map(([, value]) => value),
  );
  const problems: string[] = [];

  const card = (page: Page, provider: string): Locator => page.locator(`section[data-integration="${provider}"]`);
  const providerName: Record<string, string> = { twilio: 'Twilio', highlevel: 'HighLevel', elevenlabs: 'ElevenLabs', calcom: 'Cal.com' };
  /** The side sheet a card opens to edit its credentials. */
  const editor = (page: Page, provider: string): Locator => page.getByRole('dialog', { name: `${providerName[provider] ?? provider} credentials` });
  const toast = (page: Page, text: RegExp | string): Locator => page.locator('[data-sonner-toast]').getByText(text);

  /** Neither the page nor the browser's storage holds any secret typed so far. */
  async function expectNoSecretIn(page: Page): Promise<void> {
    const html = await page.content();
    const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage, ...window.sessionStorage }));
    for (const secret of secrets) {
      expect(html.includes(secret), 'secret in the page HTML').toBe(false);
      expect(stored.includes(secret), 'secret in web storage').toBe(false);
      expect(page.url().includes(secret), 'secret in the URL').toBe(false);
    }
  }

  beforeAll(async () => {
    buildForE2e(['@prixagent/api', '@prixagent/client-dashboard']);
    platform = await startPlatform({ logName: 'e2e-integrations-api' });
    server = await serveDashboard(join(REPO, 'apps', 'client-dashboard', 'dist'), platform.api.baseUrl);
    clientUrl = `http://localhost:${server.port}`;

    const created = await createTenant(platform, await operatorToken(platform), `E2E Integrations ${randomHex(2)}`, true);
    if (!created) throw new Error('no tenant');
    tenant = created;
    // A member, invited and accepted over HTTP: the browser part is the onboarding suite's.
    member = { email: `member-${randomHex(4)}@example.test`, password: `member-${SECRET_MARKER}-${randomHex(8)}` };
    const invite = await postJson<{ token: string }>(`${platform.api.baseUrl}/api/v1/team/invites`, { email: member.email, role: 'member' }, tenant.ownerToken);
    if (invite.status !== 201) throw new Error(`inviting the member answered ${invite.status}`);
    const accepted = await postJson(`${platform.api.baseUrl}/api/v1/auth/invites/accept`, { token: invite.body.token, name: 'Grace Member', password: member.password });
    if (accepted.status !== 200) throw new Error(`accepting the member invite answered ${accepted.status}`);

    browser = await launchChromium();
    context = browser.context;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await platform?.stop();
  }, 60_000);

  it('the owner saves every provider\'s credentials: unverified, last four shown, secret gone from the page', async () => {
    if (!platform || !context) throw new Error('no platform');
    const page = await watchedPage(context, problems);
    await page.goto(`${clientUrl}/integrations`);
    await signIn(page, tenant.ownerEmail, tenant.ownerPassword);
    await page.waitForURL(`${clientUrl}/integrations`);

    for (const [provider, fields] of Object.entries(typed)) {
      const section = card(page, provider);
      await section.getByText('Not connected', { exact: true }).waitFor();
      await section.getByRole('button', { name: 'Connect' }).click();
      const sheet = editor(page, provider);
      for (const [label, value] of Object.entries(fields)) {
        const input = sheet.getByLabel(label);
        if (!isConfig(label)) {
          // Secrets: a password input the browser does not offer to fill or remember.
          expect(await input.getAttribute('type')).toBe('password');
          expect(await input.getAttribute('autocomplete')).toBe('off');
          expect(await input.inputValue()).toBe('');
        }
        await input.fill(value);
      }
      await sheet.getByRole('button', { name: 'Save the credentials' }).click();
      await sheet.waitFor({ state: 'detached' });
      await toast(page, new RegExp(`The ${providerName[provider] ?? ''} credentials are saved and stored encrypted`)).waitFor();
      await section.getByText('Saved, not verified', { exact: true }).waitFor();
      const hintSecret = fields[hintLabel[provider] ?? ''] ?? '';
      await section.getByText(`…${hintSecret.slice(-4)}`, { exact: true }).waitFor();
      // Opened again: the secret inputs are empty; config comes back as the API stored it.
      await section.getByRole('button', { name: 'Edit' }).click();
      for (const [label, value] of Object.entries(fields)) {
        expect(await sheet.getByLabel(label).inputValue(), label).toBe(isConfig(label) ? value : '');
      }
      await page.keyboard.press('Escape');
      await sheet.waitFor({ state: 'detached' });
    }
    // Which Twilio account is connected is said on its card; its auth token never is.
    await card(page, 'twilio').getByText(typed.twilio?.['Account SID'] ?? '', { exact: true }).waitFor();
    // "Saved, not verified" is explained once for the page, not once per card.
    expect(await page.getByText('Saved credentials are not verified yet', { exact: true }).count()).toBe(1);
    await expectNoSecretIn(page);

    const api = await getJson<{ items: IntegrationItem[] }>(`${platform.api.baseUrl}/api/v1/integrations`, tenant.ownerToken);
    expect(api.items.map((i) => i.status)).toEqual(['unverified', 'unverified', 'unverified', 'unverified']);
    expect(api.items.find((i) => i.provider === 'highlevel')?.config).toEqual({ locationId: typed.highlevel?.['Location ID'] });

    // A reload starts from the API's answers alone: still nothing secret anywhere.
    await page.reload();
    await card(page, 'calcom').getByText('Saved, not verified', { exact: true }).waitFor();
    await expectNoSecretIn(page);
    await page.close();
  });

  it('a wrong format gets an error beside its field, and nothing is sent', async () => {
    if (!platform || !context) throw new Error('no platform');
    const page = await watchedPage(context, problems);
    await page.goto(`${clientUrl}/integrations`);
    await card(page, 'twilio').getByRole('button', { name: 'Edit' }).click();
    const twilio = editor(page, 'twilio');
    await twilio.getByLabel('Account SID').fill('AC-not-hex');
    await twilio.getByRole('button', { name: 'Save the credentials' }).click();
    await twilio.getByText('This value is not valid.').waitFor();
    expect(await twilio.getByLabel('Account SID').getAttribute('aria-invalid')).toBe('true');
    // The empty auth token is named too; the saved credential is untouched.
    expect(await twilio.getByText('This field is required.').count()).toBe(1);
    const api = await getJson<{ items: IntegrationItem[] }>(`${platform.api.baseUrl}/api/v1/integrations`, tenant.ownerToken);
    expect(api.items.find((i) => i.provider === 'twilio')?.hint).toBe(`…${(typed.twilio?.['Auth token'] ?? '').slice(-4)}`);
    await page.close();
  });

  it('removing asks first, then brings the status back to not connected', async () => {
    if (!platform || !context) throw new Error('no platform');
    const page = await watchedPage(context, problems);
    await page.goto(`${clientUrl}/integrations`);
    const calcom = card(page, 'calcom');
    await calcom.getByRole('button', { name: 'Remove the credentials' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove the Cal.com credentials?' });
    await dialog.waitFor();
    // Going back changes nothing.
    await dialog.getByRole('button', { name: 'Go back' }).click();
    await dialog.waitFor({ state: 'detached' });
    await calcom.getByText('Saved, not verified', { exact: true }).waitFor();

    await calcom.getByRole('button', { name: 'Remove the credentials' }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await toast(page, 'The Cal.com credentials were removed.').waitFor();
    await calcom.getByText('Not connected', { exact: true }).waitFor();
    await calcom.getByText(/Nothing is saved for Cal\.com yet\. To connect it, choose "Connect"/).waitFor();
    expect(await calcom.getByRole('button', { name: 'Remove the credentials' }).count()).toBe(0);
    const api = await getJson<{ items: IntegrationItem[] }>(`${platform.api.baseUrl}/api/v1/integrations`, tenant.ownerToken);
    expect(api.items.find((i) => i.provider === 'calcom')?.status).toBe('not_configured');

    await signOut(page);
    await page.waitForURL(`${clientUrl}/sign-in`);
    await page.close();
  });

  it('a member sees the state, read-only, without any form', async () => {
    if (!context) throw new Error('no browser');
    const page = await watchedPage(context, problems);
    await page.goto(`${clientUrl}/integrations`);
    await page.waitForURL(`${clientUrl}/sign-in?next=%2Fintegrations`);
    await signIn(page, member.email, member.password);
    await page.waitForURL(`${clientUrl}/integrations`);
    await page.getByText('Only the owner and administrators can change the integrations', { exact: false }).waitFor();
    await card(page, 'twilio').getByText('Saved, not verified', { exact: true }).waitFor();
    await card(page, 'calcom').getByText(/An owner or an administrator can save the credentials on this page\./).waitFor();
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Remove the credentials' }).count()).toBe(0);
    await expectNoSecretIn(page);
    await page.close();
  });

  it('ran without a CSP violation or an uncaught error', () => {
    expect(problems).toEqual([]);
  });
});
