import type { ReactNode } from 'react';
import type { SessionUser } from '../auth/session-store.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { LanguageToggle } from './language-toggle.js';

export interface AppShellProps {
  /** Which dashboard this is, shown beside the product name. */
  appName: string;
  /** The app's <nav>, if it has one. */
  nav?: ReactNode;
  user?: SessionUser | null;
  onSignOut?: () => void;
  children: ReactNode;
}

export function AppShell({ appName, nav, user, onSignOut, children }: AppShellProps) {
  const { t } = useI18n();
  return (
    <>
      <a className="px-skip" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="px-header">
        <p className="px-brand">
          {t('brand.name')} <span className="px-brand__app">{appName}</span>
        </p>
        {nav}
        <div className="px-header__end">
          <LanguageToggle />
          {user ? <span className="px-user">{t('shell.signedInAs', { email: user.email })}</span> : null}
          {onSignOut ? (
            <button type="button" className="px-button px-button--secondary" onClick={onSignOut}>
              {t('shell.signOut')}
            </button>
          ) : null}
        </div>
      </header>
      <main id="main" className="px-main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
