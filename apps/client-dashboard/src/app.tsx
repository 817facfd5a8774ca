import { DashboardApp, RequireSession, createDashboardQueryClient, type DashboardNavLink } from '@prixagent/ui';
import { Route } from 'react-router';
import { messages, type MessageKey } from './i18n/messages';
import { AcceptInvitePage } from './pages/accept-invite-page';
import { HomePage } from './pages/home-page';
import { IntegrationsPage } from './pages/integrations-page';
import { TeamPage } from './pages/team-page';
import { session, signIn } from './session';

const queryClient = createDashboardQueryClient();

const nav: readonly DashboardNavLink<MessageKey>[] = [
  { to: '/', label: 'nav.home', end: true },
  { to: '/integrations', label: 'nav.integrations' },
  { to: '/team', label: 'nav.team' },
];

export function App() {
  return (
    <DashboardApp dictionaries={messages} queryClient={queryClient} session={session} signIn={signIn} nav={nav}>
      <Route
        index
        element={
          <RequireSession>
            <HomePage />
          </RequireSession>
        }
      />
      <Route
        path="integrations"
        element={
          <RequireSession>
            <IntegrationsPage />
          </RequireSession>
        }
      />
      <Route
        path="team"
        element={
          <RequireSession>
            <TeamPage />
          </RequireSession>
        }
      />
      {/* Public: the invited person has no session yet. The path is the one the API's invite links use. */}
      <Route path="accept-invite" element={<AcceptInvitePage />} />
    </DashboardApp>
  );
}
