import type { ReactNode } from 'react';
import { describeError } from '../api/api-error.js';
import { useI18n } from '../i18n/i18n-provider.js';

/** A message that screen readers announce as soon as it appears. */
export function ErrorAlert({ children }: { children: ReactNode }) {
  return (
    <div className="px-alert" role="alert">
      {children}
    </div>
  );
}

/** A failed request, in the reader's language, with a way to try again. */
export function RequestError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <ErrorAlert>
      <p>{describeError(error, t)}</p>
      {onRetry ? (
        <button type="button" className="px-button px-button--secondary" onClick={onRetry}>
          {t('retry')}
        </button>
      ) : null}
    </ErrorAlert>
  );
}
