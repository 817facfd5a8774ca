import { Link, useLocation } from 'react-router';
import { useI18n } from '../i18n/i18n-provider.js';
import { Button } from '../primitives/button.js';
import { Card } from '../primitives/card.js';
import { PageHeader } from '../shell/page-header.js';

/** Any path no page answers, and any page whose item does not exist (a malformed or unknown id). */
export function NotFoundPage({ homePath = '/' }: { homePath?: string }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <Card>
        <p className="text-sm text-muted-foreground">{t('notFound.body', { path: pathname })}</p>
        <Button asChild className="w-fit">
          <Link to={homePath}>{t('notFound.home')}</Link>
        </Button>
      </Card>
    </>
  );
}
