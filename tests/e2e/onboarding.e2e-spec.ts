// Onboarding in a real Chromium, through the built dashboards as nginx serves
// them (strict CSP) and the built API on a real PostgreSQL, with nothing done
// over HTTP behind the browser's back: the operator creates a tenant in the
// admin dashboard and copies the owner's invite link from the page; the owner
// opens it in the client dashboard, sees what it is for, picks a name and
// password and lands signed in; signs out and in again with that password; a
// used or withdrawn link says so before asking anything; the owner invites a
// member from the team page, who accepts in another browser; roles change,
// people and invitations are removed; the operator suspends and reactivates
// tenants from the tenant page, which offers a new owner invite only while no
// owner has signed up, and closes a tenant for good.
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools } from '../infra/support/tools.js';
import { launchChromium, signIn, watchedPage, type Browser } from '../support/chromium.js';
import { REPO, SECRET_MARKER, buildForE2e, randomHex, startPlatform, type Platform } from './support/platform.js';
import { SHELL_ES, chooseLanguage, expectSignedInAs, signOut } from './support/shell.js';
import { serveDashboard, type StaticServer } from './support/static-server.js';

const SUITE = 'onboarding in Chromium (tests/e2e/onboarding.e2e-spec.ts)';
const missing = missingTools(['chromium'], SUITE);

describe.skipIf(missing.length > 0)(SUITE, () => {
  let platform: Platform | undefined;
  const servers: StaticServer[] = [];
  const browsers: Browser[] = [];
  let context: BrowserContext | undefined;
  let clientUrl = '';
  let adminUrl = '';
  // CSP violations and uncaught errors, from every page of every browser, checked at the end.
  const problems: string[] = [];

  // What the journey carries from one step to the next.
  const tenantName = `Onboarding ${randomHex(3)}`;
  const ownerEmail = `owner-${randomHex(4)}@example.test`;
  const ownerPassword = `owner ${SECRET_MARKER} ${randomHex(6)} passphrase`;
  const memberEmail = `member-${randomHex(4)}@example.test`;
  let ownerLink = '';
  let admin: Page | undefined;
  let owner: Page | undefined;

  async function newPage(on: BrowserContext | undefined = context): Promise<Page> {
    if (!on) throw new Error('no browser');
    return watchedPage(on, problems);
  }

  async function acceptInvite(page: Page, name: string, password: string): Promise<void> {
    await page.getByLabel('Your name').fill(name);
    await page.getByLabel('Choose a password').fill(password);
    await page.getByLabel('Repeat the password').fill(password);
    await page.getByRole('button', { name: 'Create my account' }).click();
  }

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });
  const row = (page: Page, email: string) => page.getByRole('row').filter({ hasText: email });
  /** A row's actions menu, then one of its items. */
  async function rowAction(page: Page, email: string, rowName: string, action: string): Promise<void> {
    await row(page, email).getByRole('button', { name: `Actions for ${rowName}` }).click();
    await page.getByRole('menuitem', { name: action }).click();
  }
  /** Invites from the team page's dialog and returns the link it shows once. */
  async function inviteFromTeamPage(page: Page, email: string): Promise<string> {
    await page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite someone' });
    await dialog.getByLabel('Their email address').fill(email);
    await dialog.getByRole('button', { name: 'Create the invite link' }).click();
    const link = await dialog.getByLabel('Invite link').inputValue();
    await dialog.getByText(`Send this link to ${email}.`, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    return link;
  }

  beforeAll(async () => {
    buildForE2e();

    // The dashboards first: the API builds invite links from CLIENT_APP_URL, which
    // must be the client dashboard's real address for the link to be followed.
    const apiOrigin = () => platform?.api.baseUrl ?? 'http://127.0.0.1:9';
    for (const app of ['client', 'admin']) servers.push(await serveDashboard(join(REPO, 'apps', `${app}-dashboard`, 'dist'), apiOrigin));
    // Two hosts, two cookie jars, as app.<domain> and admin.<domain> in production.
    clientUrl = `http://localhost:${servers[0]?.port}`;
    adminUrl = `http://127.0.0.1:${servers[1]?.port}`;
    platform = await startPlatform({ logName: 'e2e-onboarding-api', env: { CLIENT_APP_URL: clientUrl } });

    const browser = await launchChromium();
    browsers.push(browser);
    context = browser.context;
    // So the copy button's result can be read back.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: adminUrl });
  }, 180_000);

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    for (const server of servers) await server.close();
    await platform?.stop();
  }, 60_000);

  it('the operator creates a tenant and copies the owner invite link from the page', async () => {
    if (!platform) throw new Error('no platform');
    admin = await newPage();
    await admin.goto(`${adminUrl}/tenants`);
    await admin.waitForURL(`${adminUrl}/sign-in?next=%2Ftenants`);
    await signIn(admin, platform.adminEmail, platform.adminPassword);
    await heading(admin).getByText('Tenants').waitFor();
    await admin.getByText('There are no tenants yet.').waitFor();

    await admin.getByRole('button', { name: 'New tenant' }).click();
    // Checked in the browser with the shared contract before anything is sent.
    await admin.getByRole('button', { name: 'Create the tenant' }).click();
    expect(await admin.getByText('This field is required.').count()).toBe(2);
    await admin.getByLabel('Business name').fill(tenantName);
    await admin.getByLabel('Owner email').fill('not-an-email');
    await admin.getByRole('button', { name: 'Create the tenant' }).click();
    await admin.getByText('Enter a valid email address.').waitFor();
    await admin.getByLabel('Owner email').fill(ownerEmail);
    await admin.getByLabel('Plan').selectOption('pro');
    await admin.getByRole('button', { name: 'Create the tenant' }).click();

    await admin.getByRole('heading', { name: `${tenantName} is created` }).waitFor();
    ownerLink = await admin.getByLabel('Owner invite link').inputValue();
    // The API's link format: the client dashboard's address, the token in the fragment.
    expect(ownerLink).toMatch(new RegExp(`^${clientUrl}/accept-invite#token=[\\w-]{43}$`));
    await admin.getByText(`Send this link to the owner, ${ownerEmail}`).waitFor();
    await admin.getByRole('button', { name: 'Copy' }).click();
    await admin.locator('[data-sonner-toast]').getByText('Copied.').waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(ownerLink);

    // The new tenant heads the list.
    const first = admin.locator('table tbody tr[data-row-id]').first();
    await first.getByRole('rowheader', { name: tenantName }).waitFor();
    expect(await first.getByText('Active').count()).toBe(1);
    expect(await first.getByText('Pro', { exact: true }).count()).toBe(1);
    // The link is in the page's memory only: never in storage.
    expect(await admin.evaluate(() => JSON.stringify({ ...window.localStorage, ...window.sessionStorage }))).not.toContain('token');
  });

  it('the owner opens the link, picks a name and password, and lands signed in', async () => {
    owner = await newPage();
    await owner.goto(ownerLink);
    await heading(owner).getByText('Accept your invitation').waitFor();
    // The token left the address bar as soon as it was read, and no history entry holds it.
    await owner.waitForURL(`${clientUrl}/accept-invite`);
    expect(await owner.evaluate(() => location.hash)).toBe('');

    // What the invite is for, before anything is asked; the email is fixed, and
    // marked so that a password manager saves the new password under it.
    await owner.getByText(`You are invited to ${tenantName} as ${ownerEmail} (Owner).`).waitFor();
    const email = owner.getByLabel('Your email address');
    expect(await email.inputValue()).toBe(ownerEmail);
    expect(await email.getAttribute('autocomplete')).toBe('username');
    expect(await email.isEditable()).toBe(false);
    expect(await owner.getByLabel('Choose a password').getAttribute('autocomplete')).toBe('new-password');
    expect(await owner.getByLabel('Repeat the password').getAttribute('autocomplete')).toBe('new-password');

    await owner.getByRole('button', { name: 'Create my account' }).click();
    await owner.getByLabel('Your name').and(owner.locator('[aria-invalid="true"]')).waitFor();
    await owner.getByLabel('Your name').fill('Ada Owner');
    await owner.getByLabel('Choose a password').fill('too short');
    await owner.getByRole('button', { name: 'Create my account' }).click();
    await owner.getByText('At least 12 characters.', { exact: true }).waitFor();
    await owner.getByLabel('Choose a password').fill(ownerPassword);
    await owner.getByLabel('Repeat the password').fill(`${ownerPassword}!`);
    await owner.getByRole('button', { name: 'Create my account' }).click();
    await owner.getByText('The two passwords are not the same.').waitFor();

    await acceptInvite(owner, 'Ada Owner', ownerPassword);
    await owner.waitForURL(`${clientUrl}/`);
    await heading(owner).getByText('Overview').waitFor();
    await owner.getByText(tenantName, { exact: true }).waitFor();
    await expectSignedInAs(owner, ownerEmail);
    await owner.getByText('Owner', { exact: true }).waitFor();
    expect(await owner.evaluate(() => JSON.stringify({ ...window.localStorage, ...window.sessionStorage }))).toBe('{}');

    // The new password is the one that signs in.
    await signOut(owner);
    await owner.waitForURL(`${clientUrl}/sign-in`);
    await signIn(owner, ownerEmail, ownerPassword);
    await owner.waitForURL(`${clientUrl}/`);
    await heading(owner).getByText('Overview').waitFor();
  });

  it('a used invite link says it cannot be used and what to do, before asking anything; so does a cut link', async () => {
    if (!owner) throw new Error('no owner page');
    // Said at once, without submitting: no form, and no offer to end the current session for nothing.
    await owner.goto(ownerLink);
    await heading(owner).getByText('This invitation cannot be used').waitFor();
    await owner.getByRole('alert').getByText(/already used, has expired or was withdrawn\. Ask the person who invited you for a new invite\./).waitFor();
    expect(await owner.getByRole('button', { name: 'Create my account' }).count()).toBe(0);
    expect(await owner.getByRole('button', { name: 'Sign out and continue' }).count()).toBe(0);
    expect(new URL(owner.url()).pathname).toBe('/accept-invite');
    await owner.getByRole('link', { name: 'Already have an account? Sign in' }).waitFor();

    await owner.goto(`${clientUrl}/accept-invite`);
    await heading(owner).getByText('This invitation cannot be used').waitFor();
    await owner.getByText('This page needs the whole link from your invitation.', { exact: false }).waitFor();

    // In Spanish too.
    await chooseLanguage(owner, 'Español');
    await heading(owner).getByText('Esta invitación no se puede usar').waitFor();
    await chooseLanguage(owner, 'English', SHELL_ES);
  });

  it('the owner invites a member from the team page; the member accepts in another browser', async () => {
    if (!owner) throw new Error('no owner page');
    // Still signed in: the used link above left the session alone.
    await owner.goto(`${clientUrl}/team`);
    await heading(owner).getByText('Team').waitFor();
    await row(owner, ownerEmail).getByText('(you)').waitFor();
    // Nobody removes themselves or the owner.
    expect(await row(owner, ownerEmail).getByRole('button').count()).toBe(0);
    await owner.getByText('No invitation is waiting.').waitFor();

    await owner.getByRole('button', { name: 'Invite someone' }).click();
    expect(await owner.getByRole('dialog').getByLabel('Role').locator('option').allTextContents()).toEqual(['Member', 'Administrator']);
    await owner.keyboard.press('Escape');
    const memberLink = await inviteFromTeamPage(owner, memberEmail);
    expect(memberLink).toMatch(new RegExp(`^${clientUrl}/accept-invite#token=[\\w-]{43}$`));
    await row(owner, memberEmail).getByRole('cell', { name: 'Member', exact: true }).waitFor();

    // Another person, another browser: its own cookie jar.
    const memberBrowser = await launchChromium();
    browsers.push(memberBrowser);
    const member = await newPage(memberBrowser.context);
    await member.goto(memberLink);
    await member.getByText(`You are invited to ${tenantName} as ${memberEmail} (Member).`).waitFor();
    await chooseLanguage(member, 'Español');
    await member.getByText(`Te han invitado a ${tenantName} como ${memberEmail} (Miembro).`).waitFor();
    await chooseLanguage(member, 'English', SHELL_ES);
    await acceptInvite(member, 'Grace Member', `member ${randomHex(8)} passphrase`);
    await member.waitForURL(`${clientUrl}/`);
    await expectSignedInAs(member, memberEmail);
    await member.getByText('Member', { exact: true }).waitFor();
    await member.getByRole('link', { name: 'Team' }).click();
    await row(member, ownerEmail).waitFor();
    // A member invites nobody and changes nobody.
    expect(await member.getByRole('button', { name: 'Invite someone' }).count()).toBe(0);
    expect(await member.locator('tbody').getByRole('button').count()).toBe(0);

    // The owner sees the member join, and the invitation gone from the pending ones.
    await owner.reload();
    await row(owner, memberEmail).getByRole('rowheader', { name: 'Grace Member' }).waitFor();
    await owner.getByText('No invitation is waiting.').waitFor();

    await rowAction(owner, memberEmail, 'Grace Member', 'Make administrator');
    await row(owner, memberEmail).getByText('Administrator', { exact: true }).waitFor();
    await rowAction(owner, memberEmail, 'Grace Member', 'Make member');
    await row(owner, memberEmail).getByText('Member', { exact: true }).waitFor();

    await rowAction(owner, memberEmail, 'Grace Member', 'Remove');
    const dialog = owner.getByRole('dialog', { name: 'Remove Grace Member from the team?' });
    await dialog.getByRole('button', { name: 'Go back' }).click();
    await dialog.waitFor({ state: 'detached' });
    await rowAction(owner, memberEmail, 'Grace Member', 'Remove');
    await dialog.getByRole('button', { name: 'Remove from the team' }).click();
    await row(owner, memberEmail).waitFor({ state: 'detached' });

    // The removed member's session is over.
    await member.reload();
    await member.waitForURL(/\/sign-in/);

    // An invitation can be withdrawn before it is used.
    const withdrawn = `later-${randomHex(4)}@example.test`;
    const withdrawnLink = await inviteFromTeamPage(owner, withdrawn);
    await rowAction(owner, withdrawn, withdrawn, 'Withdraw');
    await owner.getByRole('dialog').getByRole('button', { name: 'Withdraw the invitation' }).click();
    await owner.getByText('No invitation is waiting.').waitFor();
    await member.goto(withdrawnLink);
    await heading(member).getByText('This invitation cannot be used').waitFor();
    expect(await member.getByRole('button', { name: 'Create my account' }).count()).toBe(0);
  });

  it('the operator suspends and reactivates from the tenant page, re-invites only an owner who never came, and closes a tenant for good', async () => {
    if (!admin || !owner) throw new Error('no pages');
    // A page in the background gets few animation frames, and every click waits for some.
    await admin.bringToFront();
    await admin.goto(`${adminUrl}/tenants`);
    await admin.getByRole('link', { name: tenantName }).click();
    await admin.waitForURL(new RegExp(`^${adminUrl}/tenants/[0-9a-f-]{36}$`));
    await heading(admin).getByText(tenantName).waitFor();
    await admin.getByText(ownerEmail, { exact: true }).waitFor();

    // The owner already signed up: the page says so and offers no new owner invite.
    await admin.getByText('Signed up', { exact: true }).waitFor();
    await admin.getByRole('button', { name: 'Suspend' }).waitFor();
    expect(await admin.getByRole('button', { name: 'New owner invite' }).count()).toBe(0);

    await admin.getByRole('button', { name: 'Suspend' }).click();
    await admin.getByRole('dialog', { name: `Suspend ${tenantName}?` }).getByRole('button', { name: 'Suspend the account' }).click();
    await admin.getByRole('main').getByText('Suspended', { exact: true }).waitFor();
    // The owner's session ends at once, and signing in again says why it cannot.
    await owner.bringToFront();
    await owner.goto(`${clientUrl}/team`);
    await owner.waitForURL(`${clientUrl}/sign-in?next=%2Fteam`);
    await signIn(owner, ownerEmail, ownerPassword);
    await owner.getByRole('alert').getByText('This account is suspended. Contact support.').waitFor();

    await admin.bringToFront();
    await admin.getByRole('button', { name: 'Reactivate' }).click();
    await admin.getByRole('main').getByText('Active', { exact: true }).waitFor();
    await owner.bringToFront();
    await signIn(owner, ownerEmail, ownerPassword);
    await owner.waitForURL(`${clientUrl}/team`);
    await admin.bringToFront();

    // A user's email cannot own a second tenant.
    await admin.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Tenants' }).click();
    await admin.getByRole('button', { name: 'New tenant' }).click();
    await admin.getByLabel('Business name').fill(`Duplicate ${randomHex(2)}`);
    await admin.getByLabel('Owner email').fill(ownerEmail);
    await admin.getByRole('button', { name: 'Create the tenant' }).click();
    await admin.getByRole('alert').getByText('A PrixAgent user with this email address already exists.').waitFor();

    // The name of an existing tenant (case aside): the form names it, with a link, and creates only when asked to.
    const twin = tenantName.toLowerCase();
    await admin.getByLabel('Business name').fill(twin);
    await admin.getByLabel('Owner email').fill(`twin-${randomHex(4)}@example.test`);
    await admin.getByRole('button', { name: 'Create the tenant' }).click();
    const warning = admin.getByRole('alert').filter({ hasText: 'This looks like a tenant that already exists' });
    await warning.getByRole('link', { name: tenantName }).waitFor();
    await warning.getByRole('button', { name: 'Create anyway' }).click();
    await admin.getByRole('heading', { name: `${twin} is created` }).waitFor();
    await admin.getByRole('button', { name: 'New tenant' }).click();

    // A tenant whose owner never came: its page offers a new owner invite, which replaces the first link.
    const doomed = `Doomed ${randomHex(3)}`;
    const doomedEmail = `doomed-${randomHex(4)}@example.test`;
    await admin.getByLabel('Business name').fill(doomed);
    await admin.getByLabel('Owner email').fill(doomedEmail);
    await admin.getByRole('button', { name: 'Create the tenant' }).click();
    const firstLink = await admin.getByLabel('Owner invite link').inputValue();
    await admin.getByRole('link', { name: 'Open the tenant' }).click();
    await heading(admin).getByText(doomed).waitFor();
    await admin.getByText('Not signed up yet', { exact: true }).waitFor();
    await admin.getByRole('button', { name: 'New owner invite' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Create the link' }).click();
    const secondLink = await admin.getByLabel('Owner invite link').inputValue();
    expect(secondLink).toMatch(new RegExp(`^${clientUrl}/accept-invite#token=`));
    expect(secondLink).not.toBe(firstLink);

    const stranger = await newPage();
    // The replaced link says so at once.
    await stranger.goto(firstLink);
    await heading(stranger).getByText('This invitation cannot be used').waitFor();
    expect(await stranger.getByRole('button', { name: 'Create my account' }).count()).toBe(0);
    // Away first: from /accept-invite, a link that differs only in its fragment would not load the page anew.
    await stranger.goto('about:blank');
    // The new link says what it is for; the owner's session in this browser is ended first, as the page offers.
    await stranger.goto(secondLink);
    await stranger.getByText(`You are invited to ${doomed} as ${doomedEmail} (Owner).`).waitFor();
    await stranger.getByText(`You are signed in as ${ownerEmail}.`).waitFor();
    await stranger.getByRole('button', { name: 'Sign out and continue' }).click();
    await stranger.getByRole('button', { name: 'Create my account' }).waitFor();
    expect(await stranger.getByLabel('Your email address').inputValue()).toBe(doomedEmail);
    await stranger.close();
    await admin.bringToFront();

    const slug = (await admin.locator('dt:text-is("Identifier") + dd').textContent()) ?? '';
    await admin.getByRole('button', { name: 'Close for good' }).click();
    const closing = admin.getByRole('dialog', { name: `Close ${doomed} for good?` });
    const confirm = closing.getByRole('button', { name: 'Close the account for good' });
    expect(await confirm.isDisabled()).toBe(true);
    await closing.getByLabel(`To confirm, type the identifier: ${slug}`).fill(slug.slice(0, -1));
    expect(await confirm.isDisabled()).toBe(true);
    await closing.getByLabel(`To confirm, type the identifier: ${slug}`).fill(slug);
    await confirm.click();
    await closing.waitFor({ state: 'detached' });
    await admin.getByText('This account is closed for good: nothing more can be done with it.').waitFor();
    await admin.getByRole('main').getByText('Cancelled', { exact: true }).waitFor();
    expect(await admin.getByText('closed for good', { exact: true }).count()).toBe(1);
  });

  it('ran without a CSP violation or an uncaught error', () => {
    expect(problems).toEqual([]);
  });
});
