import { DashboardApp, RequireSession, createDashboardQueryClient, type DashboardNavLink, type UserMenuLinks } from '@prixagent/ui';
import { Building2Icon } from 'lucide-react';
import { lazy, type ReactNode } from 'react';
import { Navigate, Route } from 'react-router';
import { messages, type MessageKey } from './i18n/messages';
import { session, signIn } from './session';

// Every page is its own chunk, loaded inside the layout's <Suspense> when first
// opened: the first load carries the shell and the page it lands on, and the
// tenant list's table, menus and dialog stay out of the shell's bundle.
const TenantsPage = lazy(() => import('./pages/tenants-page').then((m) => ({ default: m.TenantsPage })));
const TenantPage = lazy(() => import('./pages/tenant-page').then((m) => ({ default: m.TenantPage })));
const ProfilePage = lazy(() => import('./pages/profile-page').then((m) => ({ default: m.ProfilePage })));

const queryClient = createDashboardQueryClient();

const nav: readonly DashboardNavLink<MessageKey>[] = [{ to: '/tenants', label: 'nav.tenants', icon: Building2Icon }];

// The operator's password lives in the server's .env, so there is no password page.
const userLinks: UserMenuLinks = { profile: '/profile' };

const signedIn = (page: ReactNode) => <RequireSession>{page}</RequireSession>;

export function App() {
  return (
    <DashboardApp dictionaries={messages} queryClient={queryClient} session={session} signIn={signIn} nav={nav} userLinks={userLinks} homePath="/tenants">
      <Route index element={<Navigate to="/tenants" replace />} />
      <Route path="tenants" element={signedIn(<TenantsPage />)} />
      <Route path="tenants/:id" element={signedIn(<TenantPage />)} />
      <Route path="profile" element={signedIn(<ProfilePage />)} />
    </DashboardApp>
  );
}
