import { LANGS } from '../i18n/i18n.js';
import { useI18n } from '../i18n/i18n-provider.js';

export function LanguageToggle() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="px-lang" role="group" aria-label={t('lang.label')}>
      {LANGS.map((option) => (
        <button
          key={option}
          type="button"
          className="px-lang__option"
          lang={option}
          aria-pressed={lang === option}
          aria-label={t(option === 'es' ? 'lang.es' : 'lang.en')}
          onClick={() => setLang(option)}
        >
          {option.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
