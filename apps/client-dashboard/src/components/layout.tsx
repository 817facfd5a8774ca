import { AppShell, useI18n, useSession } from '@prixagent/ui';
import { useQueryClient } from '@tanstack/react-query';
import { NavLink, Outlet, useNavigate } from 'react-router';
import type { MessageKey } from '../i18n/messages';
import { session } from '../session';

export function Layout() {
  const { t } = useI18n<MessageKey>();
  const { status, user } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  async function signOut() {
    await session.signOut();
    // Nothing of this user's data may outlive the session in memory.
    queryClient.clear();
    void navigate('/sign-in', { replace: true });
  }

  const nav =
    status === 'signed-in' ? (
      <nav className="px-nav" aria-label={t('nav.label')}>
        <NavLink to="/" end>
          {t('nav.home')}
        </NavLink>
        <NavLink to="/integrations">{t('nav.integrations')}</NavLink>
      </nav>
    ) : null;

  return (
    <AppShell appName={t('app.name')} nav={nav} user={user} {...(status === 'signed-in' ? { onSignOut: () => void signOut() } : {})}>
      <Outlet />
    </AppShell>
  );
}
