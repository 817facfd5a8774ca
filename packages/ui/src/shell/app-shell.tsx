import type { LucideIcon } from 'lucide-react';
import { MenuIcon } from 'lucide-react';
import { lazy, Suspense, useRef, useState, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import type { SessionUser } from '../auth/session-store.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { cn } from '../lib/cn.js';
import { Button } from '../primitives/button.js';
import type { UserMenuLinks } from './user-menu.js';

// The menus (Radix menu and its positioning engine) are a chunk of their own,
// off the first load's critical path; a placeholder of the same size holds
// their place for the moment they take to arrive.
const UserMenu = lazy(() => import('./user-menu.js').then((m) => ({ default: m.UserMenu })));
const PreferencesMenu = lazy(() => import('./user-menu.js').then((m) => ({ default: m.PreferencesMenu })));
const MobileNav = lazy(() => import('./mobile-nav.js').then((m) => ({ default: m.MobileNav })));

/** One entry of the main navigation, already in the reader's language. */
export interface ShellNavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  /** Active on this exact path only (for "/", which every path starts with). */
  end?: boolean;
}

export interface AppShellProps {
  /** Which dashboard this is, shown beside the product name. */
  appName: string;
  /** Shown once signed in: in the sidebar from 768 px, in a drawer below. */
  nav: readonly ShellNavItem[];
  user: SessionUser | null;
  userLinks: UserMenuLinks;
  onSignOut: () => void;
  children: ReactNode;
}

function Brand({ appName }: { appName: string }) {
  const { t } = useI18n();
  return (
    // A span: in the drawer it sits inside the dialog's title (a heading).
    <span className="flex min-w-0 items-baseline gap-2 truncate font-semibold">
      <span>{t('brand.name')}</span>
      <span className="truncate text-sm font-normal text-muted-foreground">{appName}</span>
    </span>
  );
}

function NavList({ nav, onNavigate }: { nav: readonly ShellNavItem[]; onNavigate?: () => void }) {
  return (
    <ul className="grid gap-1">
      {nav.map(({ to, label, icon: Icon, end }) => (
        <li key={to}>
          <NavLink
            to={to}
            end={end}
            onClick={onNavigate}
            className={({ isActive }) =>
              cn(
                'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:outline-none focus-visible:ring-[3px] focus-visible:ring-ring/60',
                isActive && 'bg-accent text-accent-foreground',
              )
            }
          >
            <Icon aria-hidden="true" className="size-4 shrink-0" />
            {label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

/**
 * The frame of every page. Signed in: a sidebar on wide screens, and under
 * 768 px a menu button that opens the same navigation in a drawer (a Radix
 * dialog: focus stays inside, Escape closes, focus returns to the button).
 * Signed out: the brand and the language and theme menu only.
 */
export function AppShell({ appName, nav, user, userLinks, onSignOut, children }: AppShellProps) {
  const { t } = useI18n();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Mounted from the first opening on, so its closing (and focus return) can run.
  const [drawerWanted, setDrawerWanted] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const signedIn = user !== null;

  return (
    <div className="min-h-screen md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2 focus:shadow-md"
      >
        {t('shell.skipToContent')}
      </a>
      {signedIn ? (
        <aside className="hidden w-60 shrink-0 border-r bg-sidebar md:block">
          <div className="sticky top-0 flex h-screen flex-col gap-6 p-4">
            <Brand appName={appName} />
            <nav aria-label={t('shell.navigation')}>
              <NavList nav={nav} />
            </nav>
          </div>
        </aside>
      ) : null}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur sm:px-6">
          {signedIn ? (
            <>
              <Button
                ref={menuButton}
                variant="ghost"
                size="icon"
                className="md:hidden"
                aria-label={t('shell.openNavigation')}
                aria-haspopup="dialog"
                aria-expanded={drawerOpen}
                onClick={() => {
                  setDrawerWanted(true);
                  setDrawerOpen(true);
                }}
              >
                <MenuIcon aria-hidden="true" />
              </Button>
              {drawerWanted ? (
                <Suspense fallback={null}>
                  <MobileNav open={drawerOpen} onOpenChange={setDrawerOpen} title={<Brand appName={appName} />} closeLabel={t('shell.close')} returnFocusTo={menuButton}>
                    <nav aria-label={t('shell.navigation')}>
                      <NavList nav={nav} onNavigate={() => setDrawerOpen(false)} />
                    </nav>
                  </MobileNav>
                </Suspense>
              ) : null}
            </>
          ) : null}
          <div className={cn('min-w-0 flex-1', signedIn && 'md:invisible')}>
            <Brand appName={appName} />
          </div>
          <Suspense fallback={<div aria-hidden="true" className={user ? 'size-10' : 'size-9'} />}>
            {user ? <UserMenu user={user} links={userLinks} onSignOut={onSignOut} /> : <PreferencesMenu />}
          </Suspense>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto grid w-full min-w-0 max-w-6xl content-start gap-6 px-3 py-6 focus:outline-none sm:px-6">
          {children}
        </main>
      </div>
    </div>
  );
}
