import { Loading, RequestError, StatusBadge, accountStatusTone, isAccountStatus, useI18n, usePageTitle } from '@prixagent/ui';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { MessageKey } from '../i18n/messages';
import { integrationsQuery, meQuery } from '../queries';
import { configuredCount } from './integration-view';

export function HomePage() {
  const { t } = useI18n<MessageKey>();
  usePageTitle(t('home.title'));
  const me = useQuery(meQuery);
  const integrations = useQuery(integrationsQuery);

  return (
    <>
      <h1>{t('home.title')}</h1>
      {me.isPending ? <Loading /> : null}
      {me.isError ? <RequestError error={me.error} onRetry={() => void me.refetch()} /> : null}
      {me.data ? (
        <div className="px-grid">
          <section className="px-card" aria-labelledby="account-title">
            <h2 id="account-title">{t('home.account')}</h2>
            <dl className="px-facts">
              <dt>{t('label.name')}</dt>
              <dd>{me.data.account.name}</dd>
              <dt>{t('label.slug')}</dt>
              <dd>{me.data.account.slug}</dd>
              <dt>{t('label.plan')}</dt>
              <dd>{me.data.account.plan}</dd>
              <dt>{t('label.status')}</dt>
              <dd>
                {isAccountStatus(me.data.account.status) ? (
                  <StatusBadge tone={accountStatusTone[me.data.account.status]}>{t(`accountStatus.${me.data.account.status}`)}</StatusBadge>
                ) : (
                  me.data.account.status
                )}
              </dd>
            </dl>
          </section>
          <section className="px-card" aria-labelledby="you-title">
            <h2 id="you-title">{t('home.you')}</h2>
            <dl className="px-facts">
              <dt>{t('label.name')}</dt>
              <dd>{me.data.user.name}</dd>
              <dt>{t('label.email')}</dt>
              <dd>{me.data.user.email}</dd>
              <dt>{t('label.role')}</dt>
              <dd>{t(`role.${me.data.user.role}`)}</dd>
            </dl>
          </section>
        </div>
      ) : null}
      <section className="px-card" aria-labelledby="integrations-title">
        <h2 id="integrations-title">{t('home.integrations')}</h2>
        {integrations.isPending ? <Loading /> : null}
        {integrations.isError ? <RequestError error={integrations.error} onRetry={() => void integrations.refetch()} /> : null}
        {integrations.data ? (
          <p>{t('home.integrationsSummary', { configured: configuredCount(integrations.data.items), total: integrations.data.items.length })}</p>
        ) : null}
        <p>
          <Link to="/integrations">{t('home.integrationsLink')}</Link>
        </p>
      </section>
    </>
  );
}
