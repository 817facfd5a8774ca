// Issue 8's acceptance checks that need a browser, on every page of both
// dashboards (built as for production, served with the production CSP, against
// the built API on a real PostgreSQL holding deliberately long data):
// - at 390 px and 1280 px, in the light and the dark theme: the document never
//   scrolls sideways, every table scrolls inside a container of its own, axe-core
//   finds no serious or critical violation, and nothing logs a CSP violation, a
//   console error or an uncaught error;
// - at 390 px the menu button opens the navigation drawer, which keeps focus
//   inside and closes with Escape, giving focus back to the button; at 1280 px
//   the sidebar shows and there is no menu button.
// With SCREENSHOTS_DIR set (`pnpm screenshots`, scripts/screenshots.mjs), one
// more test writes every page in every view there as PNG.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools } from '../infra/support/tools.js';
import { focusIsInside, focusedElement, measureSideways, seriousAxeViolations, sidewaysProblems } from './support/page-checks.js';
import {
  DESKTOP,
  PHONE,
  SHOWCASE_PAGES,
  THEMES,
  WIDTHS,
  launchShowcaseBrowsers,
  openShowcasePage,
  startShowcase,
  type App,
  type Showcase,
  type ShowcaseBrowsers,
  type ShowcasePage,
  type View,
} from './support/showcase.js';

const SUITE = 'design system in Chromium (tests/e2e/design-system.e2e-spec.ts)';
const missing = missingTools(['chromium'], SUITE);
const SCREENSHOTS_DIR = process.env.SCREENSHOTS_DIR;
/** The test `pnpm screenshots` selects by name (scripts/screenshots.mjs passes it to vitest -t). */
const SCREENSHOTS_TEST = 'writes every page, light and dark, at 390 and 1280 px, as PNG';

/** Lists (TanStack tables) that the seeded data makes wider than a phone: proof the overflow check can fail. */
const WIDE_AT_PHONE_WIDTH: ReadonlySet<string> = new Set(['admin-tenants', 'client-team']);

const MENU_BUTTON = /^(Open navigation|Abrir navegación)$/;
const NAVIGATION = /^(Navigation|Navegación)$/;

const viewName = (view: View) => `${view.width} px ${view.theme}`;
const everyView: readonly View[] = WIDTHS.flatMap((width) => THEMES.map((theme) => ({ width, theme })));

describe.skipIf(missing.length > 0)(SUITE, () => {
  let showcase: Showcase | undefined;
  let browsers: ShowcaseBrowsers | undefined;
  // Problems of the sign-ins in beforeAll; each test keeps its own.
  const setupProblems: string[] = [];

  const ready = () => {
    if (!showcase || !browsers) throw new Error('the showcase did not start');
    return { showcase, browsers };
  };

  beforeAll(async () => {
    showcase = await startShowcase('e2e-design-system-api');
    browsers = await launchShowcaseBrowsers(showcase, setupProblems);
  }, 420_000);

  afterAll(async () => {
    await browsers?.close();
    await showcase?.stop();
  }, 60_000);

  it('signed in to both dashboards without a CSP violation or a console error', () => {
    expect(setupProblems).toEqual([]);
  });

  it('axe, as run here, finds what it should: a planted image without alt text and unreadable text', async () => {
    // Without this, a clean report could also mean axe never ran on the page (the strict CSP, say).
    const problems: string[] = [];
    const page = await openShowcasePage(ready().browsers, ready().showcase, SHOWCASE_PAGES[0] as ShowcasePage, { width: DESKTOP, theme: 'light' }, problems);
    try {
      await page.evaluate(() => {
        const planted = document.createElement('div');
        planted.innerHTML = '<img src="/favicon.svg" width="16" height="16"><p>barely visible</p>';
        planted.querySelector('p')?.style.setProperty('color', '#eeeeee');
        document.querySelector('main')?.append(planted);
      });
      const found = await seriousAxeViolations(page);
      expect(found.map((v) => v.split(' ')[0])).toEqual(expect.arrayContaining(['image-alt', 'color-contrast']));
    } finally {
      await page.close();
    }
  });

  /** Opens `target` in `view`, runs `check` on it, and turns anything thrown into a finding for that view. */
  async function inView(target: ShowcasePage, view: View, problems: string[], check: (page: Page) => Promise<string[]>): Promise<string[]> {
    const { showcase: s, browsers: b } = ready();
    let page: Page | undefined;
    try {
      page = await openShowcasePage(b, s, target, view, problems);
      return (await check(page)).map((finding) => `[${viewName(view)}] ${finding}`);
    } catch (error) {
      return [`[${viewName(view)}] ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`];
    } finally {
      await page?.close();
    }
  }

  describe.each(SHOWCASE_PAGES.map((p) => [p.id, p] as const))('%s', (_id, target) => {
    it('never scrolls sideways (tables scroll in their own box), has no serious or critical axe violation, logs no error: 390 and 1280 px, light and dark', async () => {
      const problems: string[] = [];
      const findings: string[] = [];
      for (const view of everyView) {
        findings.push(
          ...(await inView(target, view, problems, async (page) => {
            const found = await sidewaysProblems(page);
            if (view.width === PHONE && WIDE_AT_PHONE_WIDTH.has(target.id) && view.theme === 'light') {
              // The check must be able to fail: the seeded long names make these lists wider than a phone.
              const { tables } = await measureSideways(page);
              if (!tables.some((t) => t.boxWidth > 0 && t.tableWidth > t.boxWidth)) {
                found.push(`expected a list wider than the phone that scrolls in its box; tables: ${JSON.stringify(tables)}`);
              }
            }
            for (const violation of await seriousAxeViolations(page)) found.push(`axe ${violation}`);
            return found;
          })),
        );
      }
      findings.push(...problems);
      expect(findings, `${target.id}:\n${findings.join('\n')}`).toEqual([]);
    });
  });

  const signedInPage = (app: App, path: string): ShowcasePage => {
    const target = SHOWCASE_PAGES.find((p) => p.app === app && p.signedIn && p.path(ready().showcase) === path);
    if (!target) throw new Error(`no signed-in ${app} page at ${path}`);
    return target;
  };
  const homes: Record<App, string> = { client: '/', admin: '/tenants' };

  describe.each(['client', 'admin'] as const)('%s dashboard shell', (app) => {
    it('at 390 px: the menu button opens a drawer; Tab and Shift+Tab stay in it; Escape closes it and focus returns to the button', async () => {
      const problems: string[] = [];
      const { showcase: s, browsers: b } = ready();
      const target = signedInPage(app, homes[app]);
      const page = await openShowcasePage(b, s, target, { width: PHONE, theme: 'light' }, problems);
      try {
        // Under 768 px the sidebar is not shown: its navigation is hidden from everyone.
        expect(await page.getByRole('navigation', { name: NAVIGATION }).count(), 'a navigation shown beside the drawer at 390 px').toBe(0);
        const menu = page.getByRole('button', { name: MENU_BUTTON });
        await menu.click();
        const drawer = page.getByRole('dialog');
        await drawer.waitFor();
        await drawer.getByRole('navigation', { name: NAVIGATION }).getByRole('link').first().waitFor();
        // Radix moves focus in an effect after the drawer mounts: polled, not assumed.
        await expect.poll(() => focusIsInside(drawer), { timeout: 10_000, message: 'focus moves into the drawer when it opens' }).toBe(true);

        // More presses than the drawer has stops, so each direction goes round at least once.
        const stops = await drawer.locator('a[href], button:not([disabled]), input, select, textarea, [tabindex]:not([tabindex="-1"])').count();
        expect(stops, 'the drawer has its links and a close button').toBeGreaterThanOrEqual(2);
        for (const key of ['Tab', 'Shift+Tab']) {
          const visited = new Set<string>();
          for (let i = 0; i < stops + 2; i++) {
            await page.keyboard.press(key);
            const focused = await focusedElement(page);
            expect(await focusIsInside(drawer), `${key} #${i + 1} moved focus out of the drawer, to ${focused}`).toBe(true);
            visited.add(focused);
          }
          expect(visited.size, `${key} went round the drawer's stops`).toBe(stops);
        }

        await page.keyboard.press('Escape');
        await drawer.waitFor({ state: 'detached' });
        await expect.poll(() => menu.evaluate((el) => el === document.activeElement), { timeout: 10_000, message: 'focus is back on the menu button' }).toBe(true);

        // A link in the drawer goes there and closes it.
        await menu.click();
        const last = drawer.getByRole('navigation', { name: NAVIGATION }).getByRole('link').last();
        const href = (await last.getAttribute('href')) ?? '';
        await last.click();
        await drawer.waitFor({ state: 'detached' });
        await page.waitForURL(`${s.url[app]}${href}`);
      } finally {
        await page.close();
      }
      expect(problems).toEqual([]);
    });

    it('at 1280 px: the sidebar navigation is visible and there is no menu button', async () => {
      const problems: string[] = [];
      const { showcase: s, browsers: b } = ready();
      const page = await openShowcasePage(b, s, signedInPage(app, homes[app]), { width: DESKTOP, theme: 'light' }, problems);
      try {
        const sidebar = page.getByRole('navigation', { name: NAVIGATION });
        await sidebar.getByRole('link').first().waitFor();
        expect(await sidebar.isVisible()).toBe(true);
        expect(await page.getByRole('button', { name: MENU_BUTTON }).count(), 'a menu button at 1280 px').toBe(0);
      } finally {
        await page.close();
      }
      expect(problems).toEqual([]);
    });
  });

  if (SCREENSHOTS_DIR) {
    it(SCREENSHOTS_TEST, async () => {
      const { showcase: s, browsers: b } = ready();
      mkdirSync(SCREENSHOTS_DIR, { recursive: true });
      const failures: string[] = [];
      for (const target of SHOWCASE_PAGES) {
        for (const view of everyView) {
          const file = join(SCREENSHOTS_DIR, `${target.id}-${view.theme}-${view.width}.png`);
          // Not the checks' business here: a page that fails them is still worth a picture.
          const problems: string[] = [];
          let page: Page | undefined;
          try {
            page = await openShowcasePage(b, s, target, view, problems);
            // Focus rings and the skip link belong to keyboard use, not to a picture of the page.
            await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
            await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide', scale: 'css' });
            console.log(`wrote ${file}`);
          } catch (error) {
            failures.push(`${target.id} ${viewName(view)}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
          } finally {
            await page?.close();
          }
        }
      }
      expect(failures).toEqual([]);
    }, 600_000);
  }
});
