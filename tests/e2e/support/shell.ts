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

/** Picks a language from whichever menu the page has (account menu signed in, preferences signed out). */
export async function chooseLanguage(page: Page, language: 'Español' | 'English', texts: ShellTexts = SHELL_EN): Promise<void> {
  const account = page.getByRole('button', { name: texts.accountMenu });
  if ((await account.count()) > 0) await account.click();
  else await page.getByRole('button', { name: texts.preferences }).click();
  await page.getByRole('menuitem', { name: texts.language }).click();
  await page.getByRole('menuitemradio', { name: language }).click();
}

/** The account menu names who is signed in; opened, read and closed again. */
export async function expectSignedInAs(page: Page, email: string, texts: ShellTexts = SHELL_EN): Promise<void> {
  await page.getByRole('button', { name: texts.accountMenu }).click();
  await page.getByRole('menu').getByText(`Signed in as ${email}`).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('menu').waitFor({ state: 'detached' });
}
