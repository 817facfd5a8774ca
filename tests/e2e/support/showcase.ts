// Both dashboards as a customer would see them, for the suites that look at
// every page (tests/e2e/design-system.e2e-spec.ts) and for `pnpm screenshots`,
// which that suite drives: the built API on a real PostgreSQL, the built
// dashboards served as nginx serves them, and data chosen to break layouts (a
// tenant whose name and owner email are very long, several members and pending
// invitations, more tenants than one page of the list holds). Names and emails
// are fixed, not random, so that regenerated screenshots differ only where the
// pages did; each run has a database of its own, so they never collide.
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { registerStoredSecret } from '../../../apps/api/test/support/test-runner-env.js';
import { THEME_STORAGE_KEY, type Theme } from '../../../packages/ui/src/theme/theme.js';
import { launchChromium, signIn, watchedPage, type Browser } from '../../support/chromium.js';
import {
  REPO,
  SECRET_MARKER,
  buildForE2e,
  createTenant,
  operatorToken,
  postJson,
  randomHex,
  startPlatform,
  type Platform,
  type SeededTenant,
} from './platform.js';
import { serveDashboard, type StaticServer } from './static-server.js';

export type App = 'client' | 'admin';
export type { Theme };
export const THEMES: readonly Theme[] = ['light', 'dark'];
/** A phone (under the 768 px breakpoint: menu button and drawer) and a laptop (sidebar). */
export const PHONE = 390;
export const DESKTOP = 1280;
export const WIDTHS = [PHONE, DESKTOP] as const;

export interface Showcase {
  platform: Platform;
  /** Each dashboard's origin; two hosts, two cookie jars, as app.<domain> and admin.<domain>. */
  url: Record<App, string>;
  /** The tenant with the very long name, signed in to the client dashboard as its owner. */
  tenant: SeededTenant;
  /** A pending invitation's token: the real link /accept-invite opens with. */
  inviteToken: string;
  stop: () => Promise<void>;
}

const DOMAIN = 'clinicadentalsonrisaperfecta-guadalajara.example.test';

/** The tenant everything is looked at through: its name is near the 120-character limit. */
const LONG_TENANT = {
  name: 'Clínica Dental Sonrisa Perfecta de Guadalajara — Providencia, Zapopan y Tlaquepaque, S.A. de C.V.',
  ownerEmail: `direccion.administrativa.y.pacientes@${DOMAIN}`,
  ownerName: 'María Fernanda de los Ángeles Castillo Villaseñor',
};

const MEMBERS = [
  { name: 'Guillermo Alejandro Hernández Santibáñez', email: `guillermo.hernandez.santibanez@${DOMAIN}`, role: 'admin' },
  { name: 'Ana Sofía Ruiz', email: `ana.ruiz@${DOMAIN}`, role: 'member' },
  { name: 'Karla Domínguez Treviño', email: `recepcion.turno.vespertino@${DOMAIN}`, role: 'member' },
] as const;

const PENDING_INVITES = [
  { email: `coordinacion.de.ortodoncia.y.cirugia.maxilofacial@${DOMAIN}`, role: 'member' },
  { email: `becario.verano@${DOMAIN}`, role: 'admin' },
] as const;

/** Other tenants, oldest first: more than the list's page of 20. */
const OTHER_TENANTS = [
  'Plomería Rápida del Bajío', 'Taller Mecánico Hermanos Ortega', 'Inmobiliaria Costa Azul', 'Veterinaria Patitas Felices',
  'Despacho Contable Rivera & Asociados', 'Estética Canina Bigotes', 'Gimnasio Fuerza Norte', 'Escuela de Idiomas Babel',
  'Consultorio Pediátrico Dra. Salinas', 'Climas y Refrigeración del Pacífico', 'Mudanzas Express Monterrey', 'Óptica Visión Clara',
  'Pastelería La Espiga', 'Fisioterapia Movimiento Libre', 'Notaría Pública 27 de Puebla', 'Cerrajería 24 Horas Centro',
  'Laboratorio Clínico Santa Fe', 'Agencia de Viajes Horizonte', 'Spa Loto Blanco', 'Ferretería El Tornillo Feliz',
  'Abogados Méndez y Fuentes', 'Hotel Boutique Casa Jacarandas',
];
/** Every plan shows in the list... */
const PLANS = ['starter', 'pro', 'starter', 'enterprise'] as const;
/** ...and every status. */
const STATUS_CHANGES: Readonly<Record<string, 'suspend' | 'cancel'>> = {
  'Veterinaria Patitas Felices': 'cancel',
  'Gimnasio Fuerza Norte': 'suspend',
  'Spa Loto Blanco': 'suspend',
};

const contactEmail = (name: string) =>
  `contacto@${name
    .normalize('NFD')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .trim()
    .toLowerCase()
    .replace(/ +/g, '-')}.example.test`;

async function expectStatus(what: string, answer: Promise<{ status: number }>, status: number): Promise<void> {
  const got = (await answer).status;
  if (got !== status) throw new Error(`${what} answered ${got}, not ${status}`);
}

async function seed(platform: Platform): Promise<{ tenant: SeededTenant; inviteToken: string }> {
  const api = platform.api.baseUrl;
  const operator = await operatorToken(platform);
  for (const [i, name] of OTHER_TENANTS.entries()) {
    const change = STATUS_CHANGES[name];
    // Only an owner who signed up gives the tenant's id back, and a status change needs it.
    const seeded = await createTenant(platform, operator, name, change !== undefined, { ownerEmail: contactEmail(name), plan: PLANS[i % PLANS.length] });
    if (seeded && change) await expectStatus(`${change} ${name}`, postJson(`${api}/api/v1/admin/accounts/${seeded.id}/${change}`, {}, operator), 200);
  }
  const tenant = await createTenant(platform, operator, LONG_TENANT.name, true, { ...LONG_TENANT, plan: 'enterprise' });
  if (!tenant) throw new Error('no tenant');

  const invite = async ({ email, role }: { email: string; role: string }): Promise<string> => {
    const answer = await postJson<{ token: string }>(`${api}/api/v1/team/invites`, { email, role }, tenant.ownerToken);
    if (answer.status !== 201) throw new Error(`inviting ${email} answered ${answer.status}`);
    return answer.body.token;
  };
  for (const member of MEMBERS) {
    const token = await invite(member);
    const password = `member-${SECRET_MARKER}-${randomHex(8)}`;
    await expectStatus(`accepting ${member.email}`, postJson(`${api}/api/v1/auth/invites/accept`, { token, name: member.name, password }), 200);
  }
  let inviteToken = '';
  for (const pending of PENDING_INVITES) inviteToken = await invite(pending);

  // Two providers saved (Twilio's Account SID is an identifier, not a secret: a page may show it), two not.
  // The fixed tails are what the pages show as "last four"; the rest is random and secret.
  const twilio = { accountSid: 'AC3f9a8c2e71d04b6a9e15c0d27b8f4e61', authToken: registerStoredSecret(`${randomHex(14)}7c1e`) };
  await expectStatus('saving twilio', postJson(`${api}/api/v1/integrations/twilio`, { secrets: twilio }, tenant.ownerToken, 'PUT'), 200);
  const highlevel = { secrets: { apiKey: `hl_${SECRET_MARKER}_${randomHex(10)}9b2d` }, config: { locationId: 've9EPM428h8vShlRW1KT' } };
  await expectStatus('saving highlevel', postJson(`${api}/api/v1/integrations/highlevel`, highlevel, tenant.ownerToken, 'PUT'), 200);
  return { tenant, inviteToken };
}

/** Builds, serves and seeds everything; `stop` tears it all down. */
export async function startShowcase(logName: string): Promise<Showcase> {
  buildForE2e();
  const servers: StaticServer[] = [];
  let platform: Platform | undefined;
  const stop = async () => {
    for (const server of servers) await server.close();
    await platform?.stop();
  };
  try {
    // The dashboards first: the API builds invite links from CLIENT_APP_URL.
    const apiOrigin = () => platform?.api.baseUrl ?? 'http://127.0.0.1:9';
    for (const app of ['client', 'admin'] as const) servers.push(await serveDashboard(join(REPO, 'apps', `${app}-dashboard`, 'dist'), apiOrigin));
    const url = { client: `http://localhost:${servers[0]?.port}`, admin: `http://127.0.0.1:${servers[1]?.port}` };
    platform = await startPlatform({ logName, env: { CLIENT_APP_URL: url.client } });
    const { tenant, inviteToken } = await seed(platform);
    return { platform, url, tenant, inviteToken, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface ShowcasePage {
  /** `<app>-<page>`: names the tests and the screenshot files. */
  id: string;
  app: App;
  /** Opened signed in (the tenant's owner in the client, the operator in the admin), or signed out. */
  signedIn: boolean;
  path: (showcase: Showcase) => string;
  /** The page's <h1> once loaded: the sign that it is the page meant, and ready. */
  heading: (showcase: Showcase) => string;
}

const page = (id: string, app: App, signedIn: boolean, path: string | ((s: Showcase) => string), heading: string | ((s: Showcase) => string)): ShowcasePage => ({
  id,
  app,
  signedIn,
  path: typeof path === 'string' ? () => path : path,
  heading: typeof heading === 'string' ? () => heading : heading,
});

/** Every page of both dashboards, and the states of them worth seeing on their own. */
export const SHOWCASE_PAGES: readonly ShowcasePage[] = [
  page('client-sign-in', 'client', false, '/sign-in', 'Sign in to your workspace'),
  page('client-overview', 'client', true, '/', 'Overview'),
  page('client-integrations', 'client', true, '/integrations', 'Integrations'),
  page('client-team', 'client', true, '/team', 'Team'),
  page('client-profile', 'client', true, '/account/profile', 'Profile'),
  page('client-password', 'client', true, '/account/password', 'Change password'),
  page('client-accept-invite', 'client', false, (s) => `/accept-invite#token=${s.inviteToken}`, 'Accept your invitation'),
  // A link cut short in a mail client: refused on its shape, before any request.
  page('client-accept-invite-broken', 'client', false, (s) => `/accept-invite#token=${s.inviteToken.slice(0, -5)}`, 'This invitation cannot be used'),
  page('client-not-found', 'client', true, '/no/such/page', 'Page not found'),
  page('admin-sign-in', 'admin', false, '/sign-in', 'Operator sign-in'),
  page('admin-tenants', 'admin', true, '/tenants', 'Tenants'),
  page('admin-tenant', 'admin', true, (s) => `/tenants/${s.tenant.id}`, (s) => s.tenant.name),
  page('admin-tenant-not-a-uuid', 'admin', true, '/tenants/not-a-uuid', 'Page not found'),
  page('admin-profile', 'admin', true, '/profile', 'Profile'),
  page('admin-not-found', 'admin', true, '/no/such/page', 'Page not found'),
];

export interface ShowcaseBrowsers {
  /** Never signed in. */
  guest: BrowserContext;
  /** Signed in to both dashboards: the tenant's owner in the client, the operator in the admin. */
  member: BrowserContext;
  close: () => Promise<void>;
}

/** Two browsers, one signed in through each dashboard's own sign-in page. */
export async function launchShowcaseBrowsers(showcase: Showcase, problems: string[]): Promise<ShowcaseBrowsers> {
  const browsers: Browser[] = [];
  const close = async () => {
    for (const browser of browsers) await browser.close();
  };
  try {
    browsers.push(await launchChromium(), await launchChromium());
    const [guest, member] = browsers.map((b) => b.context);
    if (!guest || !member) throw new Error('no browser');
    const signInTo = async (app: App, email: string, password: string, landing: string) => {
      const tab = await watchedPage(member, problems, { consoleErrors: true });
      await tab.goto(`${showcase.url[app]}/sign-in`);
      await signIn(tab, email, password);
      await tab.waitForURL(`${showcase.url[app]}${landing}`);
      await tab.getByRole('heading', { level: 1 }).waitFor();
      await tab.close();
    };
    await signInTo('client', showcase.tenant.ownerEmail, showcase.tenant.ownerPassword, '/');
    await signInTo('admin', showcase.platform.adminEmail, showcase.platform.adminPassword, '/tenants');
    return { guest, member, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export interface View {
  width: number;
  theme: Theme;
}

/**
 * Waits until a page shows what it is for: its heading, no request in flight,
 * and no loading state left (a lazy page's "Loading…", a list's skeleton rows,
 * a busy table). Nothing here waits a fixed time.
 */
export async function waitUntilReady(tab: Page, heading: string): Promise<void> {
  await tab.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
  await tab.waitForLoadState('networkidle');
  await tab.waitForFunction(() => document.querySelector('[aria-busy="true"], .animate-pulse, .animate-spin') === null);
}

/** Opens one page of the showcase in `view`, signed in or not as the page wants, and waits until it is ready. */
export async function openShowcasePage(browsers: ShowcaseBrowsers, showcase: Showcase, target: ShowcasePage, view: View, problems: string[]): Promise<Page> {
  const tab = await watchedPage(target.signedIn ? browsers.member : browsers.guest, problems, { consoleErrors: true });
  try {
    // Phones are taller than they are wide; the height only decides what a viewport screenshot holds.
    await tab.setViewportSize({ width: view.width, height: view.width < 768 ? 844 : 800 });
    // The remembered choice, in place before the app's first script reads it.
    await tab.addInitScript(
      ([key, theme]) => {
        try {
          window.localStorage.setItem(key, theme);
        } catch {
          // about:blank and other opaque origins have no storage; the app's page does.
        }
      },
      [THEME_STORAGE_KEY, view.theme] as const,
    );
    await tab.goto(`${showcase.url[target.app]}${target.path(showcase)}`);
    await waitUntilReady(tab, target.heading(showcase));
    const dark = await tab.evaluate(() => document.documentElement.classList.contains('dark'));
    if (dark !== (view.theme === 'dark')) throw new Error(`${target.id}: the ${view.theme} theme is not applied (html.dark is ${dark})`);
    return tab;
  } catch (error) {
    await tab.close();
    throw error;
  }
}
