import { LanguagesIcon, MonitorIcon, MoonIcon, SunIcon } from 'lucide-react';
import { LANGS, type Lang } from '../i18n/i18n.js';
import { useI18n } from '../i18n/i18n-provider.js';
import {
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
} from '../primitives/dropdown-menu.js';
import { THEME_CHOICES, isThemeChoice } from '../theme/theme.js';
import { useTheme } from '../theme/theme-provider.js';

const themeIcons = { system: MonitorIcon, light: SunIcon, dark: MoonIcon } as const;

function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/** Language and theme, as two submenus: the same in the user menu and, signed out, the preferences menu. */
export function PreferencesMenuItems() {
  const { t, lang, setLang } = useI18n();
  const { choice, setChoice } = useTheme();
  const ThemeIcon = themeIcons[choice];
  return (
    <>
      <DropdownMenuSub>
        <DropdownMenuSubTrigger>
          <LanguagesIcon aria-hidden="true" />
          {t('lang.label')}
        </DropdownMenuSubTrigger>
        <DropdownMenuSubContent>
          <DropdownMenuRadioGroup value={lang} onValueChange={(value) => isLang(value) && setLang(value)}>
            {LANGS.map((option) => (
              <DropdownMenuRadioItem key={option} value={option} lang={option}>
                {t(option === 'es' ? 'lang.es' : 'lang.en')}
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
        </DropdownMenuSubContent>
      </DropdownMenuSub>
      <DropdownMenuSub>
        <DropdownMenuSubTrigger>
          <ThemeIcon aria-hidden="true" />
          {t('theme.label')}
        </DropdownMenuSubTrigger>
        <DropdownMenuSubContent>
          <DropdownMenuRadioGroup value={choice} onValueChange={(value) => isThemeChoice(value) && setChoice(value)}>
            {THEME_CHOICES.map((option) => (
              <DropdownMenuRadioItem key={option} value={option}>
                {t(`theme.${option}`)}
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
        </DropdownMenuSubContent>
      </DropdownMenuSub>
    </>
  );
}
