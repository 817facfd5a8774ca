import { ChevronLeftIcon, ChevronRightIcon } from 'lucide-react';
import { useI18n } from '../i18n/i18n-provider.js';
import { Button } from '../primitives/button.js';

export interface PaginationProps {
  /** 1-based. */
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  busy?: boolean;
}

/** Keyset pages go forward and back one at a time: there is no "page 7 of 12" to jump to. */
export function Pagination({ page, hasPrevious, hasNext, onPrevious, onNext, busy = false }: PaginationProps) {
  const { t } = useI18n();
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav className="flex items-center justify-end gap-2" aria-label={t('pagination.label')}>
      <Button variant="outline" size="sm" disabled={!hasPrevious || busy} onClick={onPrevious}>
        <ChevronLeftIcon aria-hidden="true" />
        {t('pagination.previous')}
      </Button>
      <span className="px-2 text-sm text-muted-foreground" aria-live="polite">
        {t('pagination.page', { page })}
      </span>
      <Button variant="outline" size="sm" disabled={!hasNext || busy} onClick={onNext}>
        {t('pagination.next')}
        <ChevronRightIcon aria-hidden="true" />
      </Button>
    </nav>
  );
}
