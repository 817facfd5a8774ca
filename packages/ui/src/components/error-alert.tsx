import { FailureAlert } from '../forms/form-view.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Button } from '../primitives/button.js';

/** A failed request, in the reader's language, with a way to try again. */
export function RequestError({ error, onRetry }: { error: unknown; onRetry?: (() => void) | undefined }) {
  const { t } = useI18n();
  return (
    <FailureAlert error={error}>
      {onRetry ? (
        <Button variant="outline" size="sm" className="w-fit" onClick={onRetry}>
          {t('retry')}
        </Button>
      ) : null}
    </FailureAlert>
  );
}
