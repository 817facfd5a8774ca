import { DashboardApp, RequireSession, createDashboardQueryClient, type DashboardNavLink } from '@prixagent/ui';
import { Navigate, Route } from 'react-router';
import { messages, type MessageKey } from './i18n/messages';
import { TenantPage } from './pages/tenant-page';
import { TenantsPage } from './pages/tenants-page';
import { session, signIn } from './session';

const queryClient = createDashboardQueryClient();

const nav: readonly DashboardNavLink<MessageKey>[] = [{ to: '/tenants', label: 'nav.tenants' }];

export function App() {
  return (
    <DashboardApp dictionaries={messages} queryClient={queryClient} session={session} signIn={signIn} nav={nav} homePath="/tenants">
      <Route index element={<Navigate to="/tenants" replace />} />
      <Route
        path="tenants"
        element={
          <RequireSession>
            <TenantsPage />
          </RequireSession>
        }
      />
      <Route
        path="tenants/:id"
        element={
          <RequireSession>
            <TenantPage />
          </RequireSession>
        }
      />
    </DashboardApp>
  );
}
