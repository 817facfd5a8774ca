import { useQueryClient } from '@tanstack/react-query';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useSession, useSessionStore } from '../auth/session-provider.js';
import { AppShell } from '../components/app-shell.js';
import { useI18n } from '../i18n/i18n-provider.js';

/** Texts the shared dashboard frame takes from each app's own dictionaries. */
export type DashboardKey = 'app.name' | 'nav.label' | 'signIn.title' | 'signIn.intro';

/** One entry of the main navigation; `label` is a key of the app's dictionaries. */
export interface DashboardNavLink<K extends string> {
  to: string;
  label: K;
  /** Active on this exact path only (for "/", which every path starts with). */
  end?: boolean;
}

/** The frame around every route: header, the app's navigation once signed in, sign-out. */
export function DashboardLayout<K extends string>({ nav }: { nav: readonly DashboardNavLink<K>[] }) {
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

  const navigation =
    status === 'signed-in' ? (
      <nav className="px-nav" aria-label={t('nav.label')}>
        {nav.map((link) => (
          <NavLink key={link.to} to={link.to} end={link.end}>
            {t(link.label)}
          </NavLink>
        ))}
      </nav>
    ) : null;

  return (
    <AppShell appName={t('app.name')} nav={navigation} user={user} {...(status === 'signed-in' ? { onSignOut: () => void signOut() } : {})}>
      <Outlet />
    </AppShell>
  );
}
