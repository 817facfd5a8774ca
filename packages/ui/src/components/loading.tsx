import { useI18n } from '../i18n/i18n-provider.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="px-loading" role="status">
      {t('loading')}
    </p>
  );
}
