import { useQueryClient } from '@tanstack/react-query';
import type { LucideIcon } from 'lucide-react';
import { Suspense } from 'react';
import { Outlet, useNavigate } from 'react-router';
import { useSession, useSessionStore } from '../auth/session-provider.js';
import { Loading } from '../components/loading.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { AppShell } from '../shell/app-shell.js';
import type { UserMenuLinks } from '../shell/user-menu.js';

/** Texts the shared dashboard frame takes from each app's own dictionaries. */
export type DashboardKey = 'app.name' | 'signIn.title' | 'signIn.intro';

/** One entry of the main navigation; `label` is a key of the app's dictionaries. */
export interface DashboardNavLink<K extends string> {
  to: string;
  label: K;
  icon: LucideIcon;
  /** Active on this exact path only (for "/", which every path starts with). */
  end?: boolean;
}

export interface DashboardLayoutProps<K extends string> {
  nav: readonly DashboardNavLink<K>[];
  userLinks: UserMenuLinks;
}

/** The frame around every route: the shell, the app's navigation once signed in, sign-out; pages load lazily inside it. */
export function DashboardLayout<K extends string>({ nav, userLinks }: DashboardLayoutProps<K>) {
  const { t } = useI18n<K | DashboardKey>();
  const session = useSessionStore();
  const { status, user } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  async function signOut() {
    await session.signOut();
    // Nothing the signed-in person saw may outlive the session in memory.
    queryClient.clear();
    void navigate('/sign-in', { replace: true });
  }

  return (
    <AppShell
      appName={t('app.name')}
      nav={nav.map((link) => ({ ...link, label: t(link.label) }))}
      user={status === 'signed-in' ? user : null}
      userLinks={userLinks}
      onSignOut={() => void signOut()}
    >
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </AppShell>
  );
}
