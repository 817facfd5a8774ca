import type { LoginRequest } from '@prixagent/contracts';
import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import type { DashboardSession } from '../auth/dashboard-session.js';
import { SessionProvider } from '../auth/session-provider.js';
import { NotFoundPage } from '../components/not-found-page.js';
import { SignInPage } from '../components/sign-in-page.js';
import type { Lang } from '../i18n/i18n.js';
import { I18nProvider, useI18n } from '../i18n/i18n-provider.js';
import type { UiKey } from '../i18n/ui-messages.js';
import { DashboardLayout, type DashboardKey, type DashboardNavLink } from './dashboard-layout.js';

export interface DashboardAppProps<K extends string> {
  /**
   * The app's texts: the shared ones (`uiMessages`), the frame's (`DashboardKey`)
   * and its own. K is taken from `nav` (NoInfer), so every nav label must be here.
   */
  dictionaries: Readonly<Record<Lang, Readonly<Record<NoInfer<K> | UiKey | DashboardKey, string>>>>;
  /** Created once per page load by the app (createDashboardQueryClient). */
  queryClient: QueryClient;
  session: DashboardSession['session'];
  signIn: DashboardSession['signIn'];
  nav: readonly DashboardNavLink<K>[];
  /** Where "page not found" offers to go. */
  homePath?: string;
  /** The app's own <Route> elements, rendered inside the shared layout. */
  children: ReactNode;
}

function SignInRoute({ signIn }: { signIn: DashboardSession['signIn'] }) {
  const { t } = useI18n<DashboardKey>();
  const client = useQueryClient();
  const onSignIn = async (credentials: LoginRequest) => {
    // Whoever signs in starts from an empty cache.
    client.clear();
    await signIn(credentials);
  };
  return <SignInPage title={t('signIn.title')} intro={t('signIn.intro')} onSignIn={onSignIn} />;
}

/**
 * A whole dashboard: language, query cache, session and router, with the
 * sign-in and not-found routes both apps have; the app adds its pages as children.
 */
export function DashboardApp<K extends string>({ dictionaries, queryClient, session, signIn, nav, homePath, children }: DashboardAppProps<K>) {
  return (
    <I18nProvider dictionaries={dictionaries}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider store={session}>
          <BrowserRouter>
            <Routes>
              <Route element={<DashboardLayout nav={nav} />}>
                <Route path="sign-in" element={<SignInRoute signIn={signIn} />} />
                {children}
                <Route path="*" element={<NotFoundPage homePath={homePath} />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </QueryClientProvider>
    </I18nProvider>
  );
}
