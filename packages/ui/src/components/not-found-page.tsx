import { Link, useLocation } from 'react-router';
import { useI18n } from '../i18n/i18n-provider.js';
import { usePageTitle } from './use-page-title.js';

export function NotFoundPage({ homePath = '/' }: { homePath?: string }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  usePageTitle(t('notFound.title'));
  return (
    <section className="px-card">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path: pathname })}</p>
      <p>
        <Link to={homePath}>{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
