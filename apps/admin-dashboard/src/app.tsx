import type { LoginRequest } from '@prixagent/contracts';
import { I18nProvider, NotFoundPage, RequireSession, SessionProvider, SignInPage, useI18n } from '@prixagent/ui';
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Layout } from './components/layout';
import { messages, type MessageKey } from './i18n/messages';
import { TenantsPage } from './pages/tenants-page';
import { createQueryClient } from './queries';
import { session, signIn } from './session';

const queryClient = createQueryClient();

function SignInRoute() {
  const { t } = useI18n<MessageKey>();
  const client = useQueryClient();
  const onSignIn = async (credentials: LoginRequest) => {
    client.clear();
    await signIn(credentials);
  };
  return <SignInPage title={t('signIn.title')} intro={t('signIn.intro')} onSignIn={onSignIn} />;
}

export function App() {
  return (
    <I18nProvider dictionaries={messages}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider store={session}>
          <BrowserRouter>
            <Routes>
              <Route element={<Layout />}>
                <Route path="sign-in" element={<SignInRoute />} />
                <Route index element={<Navigate to="/tenants" replace />} />
                <Route
                  path="tenants"
                  element={
                    <RequireSession>
                      <TenantsPage />
                    </RequireSession>
                  }
                />
                <Route path="*" element={<NotFoundPage homePath="/tenants" />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </QueryClientProvider>
    </I18nProvider>
  );
}
