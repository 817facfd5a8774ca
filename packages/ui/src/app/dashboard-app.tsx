import type { LoginRequest } from '@prixagent/contracts';
import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import type { DashboardSession } from '../auth/dashboard-session.js';
import { SessionProvider } from '../auth/session-provider.js';
import { NotFoundPage } from '../components/not-found-page.js';
import type { Lang } from '../i18n/i18n.js';
import { I18nProvider, useI18n } from '../i18n/i18n-provider.js';
import type { UiKey } from '../i18n/ui-messages.js';
import type { UserMenuLinks } from '../shell/user-menu.js';
import { ThemeProvider, useTheme } from '../theme/theme-provider.js';
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
  /** The user menu's own pages (profile, password) where the app has them. */
  userLinks?: UserMenuLinks;
  /** Where "page not found" offers to go. */
  homePath?: string;
  /** The app's own <Route> elements, rendered inside the shared layout. */
  children: ReactNode;
}

// Off the first load's critical path (the 150 KB budget of initial JavaScript):
// the sign-in form (react-hook-form) and the toaster arrive in chunks of their
// own, fetched as soon as they are needed.
const SignInPage = lazy(() => import('../components/sign-in-page.js').then((m) => ({ default: m.SignInPage })));
const Toaster = lazy(() => import('sonner').then((m) => ({ default: m.Toaster })));

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

/** Toasts follow the theme; one place for them, announced politely by sonner. */
function ThemedToaster() {
  const { theme } = useTheme();
  const { t } = useI18n();
  return (
    <Suspense fallback={null}>
      <Toaster theme={theme} position="top-right" closeButton richColors containerAriaLabel={t('shell.notifications')} />
    </Suspense>
  );
}

/**
 * A whole dashboard: theme, language, query cache, session and router, with
 * the sign-in and not-found routes both apps have; the app adds its pages as children.
 */
export function DashboardApp<K extends string>({ dictionaries, queryClient, session, signIn, nav, userLinks = {}, homePath, children }: DashboardAppProps<K>) {
  return (
    <ThemeProvider>
      <I18nProvider dictionaries={dictionaries}>
        <QueryClientProvider client={queryClient}>
          <SessionProvider store={session}>
            <BrowserRouter>
              <Routes>
                <Route element={<DashboardLayout nav={nav} userLinks={userLinks} />}>
                  <Route path="sign-in" element={<SignInRoute signIn={signIn} />} />
                  {children}
                  <Route path="*" element={<NotFoundPage homePath={homePath} />} />
                </Route>
              </Routes>
            </BrowserRouter>
          </SessionProvider>
        </QueryClientProvider>
        <ThemedToaster />
      </I18nProvider>
    </ThemeProvider>
  );
}
