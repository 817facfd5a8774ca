import { ChevronDownIcon, KeyRoundIcon, LogOutIcon, SettingsIcon, UserIcon } from 'lucide-react';
import { Link } from 'react-router';
import type { SessionUser } from '../auth/session-store.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Button } from '../primitives/button.js';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from '../primitives/dropdown-menu.js';
import { PreferencesMenuItems } from './preferences-menu-items.js';

export interface UserMenuLinks {
  /** Where the profile page is; omitted where there is none. */
  profile?: string;
  password?: string;
}

function initialOf(user: SessionUser): string {
  return (user.name.trim() || user.email).charAt(0).toUpperCase();
}

/** Who is signed in, and everything about their own session: profile, password, language, theme, sign out. */
export function UserMenu({ user, links, onSignOut }: { user: SessionUser; links: UserMenuLinks; onSignOut: () => void }) {
  const { t } = useI18n();
  return (
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="h-10 max-w-[16rem] gap-2 px-2" aria-label={t('shell.userMenu')}>
          <span aria-hidden="true" className="flex size-7 shrink-0 items-center justify-center rounded-full bg-primary text-xs font-semibold text-primary-foreground">
            {initialOf(user)}
          </span>
          <span className="hidden truncate text-sm sm:inline">{user.name.trim() || user.email}</span>
          <ChevronDownIcon aria-hidden="true" className="text-muted-foreground" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64">
        <DropdownMenuLabel className="grid gap-0.5">
          <span className="truncate text-sm text-foreground">{user.name.trim() || user.email}</span>
          <span className="truncate">{t('shell.signedInAs', { email: user.email })}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        {links.profile ? (
          <DropdownMenuItem asChild>
            <Link to={links.profile}>
              <UserIcon aria-hidden="true" />
              {t('shell.profile')}
            </Link>
          </DropdownMenuItem>
        ) : null}
        {links.password ? (
          <DropdownMenuItem asChild>
            <Link to={links.password}>
              <KeyRoundIcon aria-hidden="true" />
              {t('shell.password')}
            </Link>
          </DropdownMenuItem>
        ) : null}
        <PreferencesMenuItems />
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={onSignOut}>
          <LogOutIcon aria-hidden="true" />
          {t('shell.signOut')}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** Signed out there is no user menu; language and theme still need a home. */
export function PreferencesMenu() {
  const { t } = useI18n();
  return (
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`${t('lang.label')} · ${t('theme.label')}`}>
          <SettingsIcon aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <PreferencesMenuItems />
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
