import { LoaderCircleIcon } from 'lucide-react';
import { useI18n } from '../i18n/i18n-provider.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="flex items-center gap-2 text-sm text-muted-foreground" role="status">
      <LoaderCircleIcon aria-hidden="true" className="size-4 animate-spin motion-reduce:animate-none" />
      {t('loading')}
    </p>
  );
}
