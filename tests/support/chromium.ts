// Debian's Chromium driven by playwright-core, as these machines run it
// (../shared/recipes/toolchain-offline.md): headless, no sandbox as root, and
// no background networking, whose connections the closed network refuses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** A fresh profile every time; `args` add to the defaults. */
export async function launchChromium(options: { args?: string[]; ignoreHTTPSErrors?: boolean; locale?: string } = {}): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'prixagent-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    locale: options.locale ?? 'en-US',
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A new page whose CSP violations and uncaught errors are appended to `problems`;
 * with `consoleErrors`, every console error too. That is opt-in because Chromium
 * logs each 4xx answer as one, and some suites provoke those on purpose (a wrong
 * password); a suite that only looks at pages wants every one of them.
 */
export async function watchedPage(context: BrowserContext, problems: string[], options: { consoleErrors?: boolean } = {}): Promise<Page> {
  const page = await context.newPage();
  // Every violation fires this event, also those Chromium does not log (a caught
  // eval probe, say). The listener is installed before any page script runs.
  await page.exposeFunction('__pxCspViolation', (text: string) => problems.push(`CSP violation on ${page.url()}: ${text}`));
  await page.addInitScript(() => {
    const report = (window as unknown as { __pxCspViolation: (text: string) => void }).__pxCspViolation;
    document.addEventListener('securitypolicyviolation', (event) => report(`${event.effectiveDirective} ${event.blockedURI}`));
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    else if (options.consoleErrors && message.type() === 'error') {
      const where = message.location().url;
      problems.push(`console error on ${page.url()}: ${message.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return page;
}

/** Fills the dashboards' sign-in form (English labels) and submits it. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
