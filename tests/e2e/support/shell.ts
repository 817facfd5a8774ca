// How a person works the dashboards' shared frame (packages/ui/src/shell): the
// account menu holds sign-out, language and theme; signed out, a settings menu
// holds language and theme. Found by role and name, as a screen reader would.
import type { Page } from 'playwright-core';

export interface ShellTexts {
  accountMenu: string;
  signOut: string;
  /** The signed-out menu's name: "Language · Theme". */
  preferences: string;
  language: string;
}

export const SHELL_EN: ShellTexts = { accountMenu: 'Account menu', signOut: 'Sign out', preferences: 'Language · Theme', language: 'Language' };
export const SHELL_ES: ShellTexts = { accountMenu: 'Menú de la cuenta', signOut: 'Cerrar sesión', preferences: 'Idioma · Tema', language: 'Idioma' };

export async function signOut(page: Page, texts: ShellTexts = SHELL_EN): Promise<void> {
  await page.getByRole('button', { name: texts.accountMenu }).click();
  await page.getByRole('menuitem', { name: texts.signOut }).click();
}

/** Opens whichever menu the page has: the account menu signed in, the preferences menu signed out (both load just after the page). */
export async function openMenu(page: Page, texts: ShellTexts = SHELL_EN): Promise<void> {
  const trigger = page.getByRole('button', { name: texts.accountMenu }).or(page.getByRole('button', { name: texts.preferences }));
  await trigger.first().click();
}

/**
 * Opens the language submenu by keyboard (ArrowRight on its item), as a
 * keyboard user would; a pointer's path into a submenu is a matter of timing.
 */
export async function openLanguages(page: Page, texts: ShellTexts = SHELL_EN): Promise<void> {
  await openMenu(page, texts);
  await page.getByRole('menuitem', { name: texts.language }).press('ArrowRight');
  await page.getByRole('menuitemradio').first().waitFor();
}

/** Picks a language from whichever menu the page has. */
export async function chooseLanguage(page: Page, language: 'Español' | 'English', texts: ShellTexts = SHELL_EN): Promise<void> {
  await openLanguages(page, texts);
  await page.getByRole('menuitemradio', { name: language }).press('Enter');
  await page.getByRole('menu').first().waitFor({ state: 'detached' });
}

/** The account menu names who is signed in; opened, read and closed again. */
export async function expectSignedInAs(page: Page, email: string, texts: ShellTexts = SHELL_EN): Promise<void> {
  await page.getByRole('button', { name: texts.accountMenu }).click();
  await page.getByRole('menu').getByText(`Signed in as ${email}`).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('menu').waitFor({ state: 'detached' });
}
