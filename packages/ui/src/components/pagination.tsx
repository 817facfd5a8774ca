import { useI18n } from '../i18n/i18n-provider.js';

export interface PaginationProps {
  /** 1-based. */
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  busy?: boolean;
}

export function Pagination({ page, hasPrevious, hasNext, onPrevious, onNext, busy = false }: PaginationProps) {
  const { t } = useI18n();
  return (
    <nav className="px-pagination" aria-label={t('pagination.label')}>
      <button type="button" className="px-button px-button--secondary" disabled={!hasPrevious || busy} onClick={onPrevious}>
        {t('pagination.previous')}
      </button>
      <span aria-live="polite">{t('pagination.page', { page })}</span>
      <button type="button" className="px-button px-button--secondary" disabled={!hasNext || busy} onClick={onNext}>
        {t('pagination.next')}
      </button>
    </nav>
  );
}
