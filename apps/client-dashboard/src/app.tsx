import { DashboardApp, RequireSession, createDashboardQueryClient, type DashboardNavLink } from '@prixagent/ui';
import { HouseIcon, PlugIcon, UsersIcon } from 'lucide-react';
import { lazy, type ReactNode } from 'react';
import { Route } from 'react-router';
import { messages, type MessageKey } from './i18n/messages';
import { session, signIn } from './session';

// Every page is its own chunk: the first load carries the shell and the page it
// lands on, not the whole dashboard.
const HomePage = lazy(() => import('./pages/home-page').then((m) => ({ default: m.HomePage })));
const IntegrationsPage = lazy(() => import('./pages/integrations-page').then((m) => ({ default: m.IntegrationsPage })));
const TeamPage = lazy(() => import('./pages/team-page').then((m) => ({ default: m.TeamPage })));
const ProfilePage = lazy(() => import('./pages/profile-page').then((m) => ({ default: m.ProfilePage })));
const PasswordPage = lazy(() => import('./pages/password-page').then((m) => ({ default: m.PasswordPage })));
const AcceptInvitePage = lazy(() => import('./pages/accept-invite-page').then((m) => ({ default: m.AcceptInvitePage })));

const queryClient = createDashboardQueryClient();

const nav: readonly DashboardNavLink<MessageKey>[] = [
  { to: '/', label: 'nav.home', icon: HouseIcon, end: true },
  { to: '/integrations', label: 'nav.integrations', icon: PlugIcon },
  { to: '/team', label: 'nav.team', icon: UsersIcon },
];

const signedIn = (page: ReactNode) => <RequireSession>{page}</RequireSession>;

export function App() {
  return (
    <DashboardApp
      dictionaries={messages}
      queryClient={queryClient}
      session={session}
      signIn={signIn}
      nav={nav}
      userLinks={{ profile: '/account/profile', password: '/account/password' }}
    >
      <Route index element={signedIn(<HomePage />)} />
      <Route path="integrations" element={signedIn(<IntegrationsPage />)} />
      <Route path="team" element={signedIn(<TeamPage />)} />
      <Route path="account/profile" element={signedIn(<ProfilePage />)} />
      <Route path="account/password" element={signedIn(<PasswordPage />)} />
      {/* Public: the invited person has no session yet. The path is the one the API's invite links use. */}
      <Route path="accept-invite" element={<AcceptInvitePage />} />
    </DashboardApp>
  );
}
