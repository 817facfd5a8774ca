import { Loading, RequestError, StatusBadge, formatDateTime, useI18n, usePageTitle } from '@prixagent/ui';
import { useQuery } from '@tanstack/react-query';
import type { MessageKey } from '../i18n/messages';
import { integrationsQuery, meQuery } from '../queries';
import { IntegrationCard } from './integration-card';
import { canWriteIntegrations } from './integration-form';
import { integrationStatusTone, providerNames } from './integration-view';

export function IntegrationsPage() {
  const { t, lang } = useI18n<MessageKey>();
  usePageTitle(t('integrations.title'));
  const integrations = useQuery(integrationsQuery);
  const me = useQuery(meQuery);
  // Forms only once the role is known: a member must never see one flash by.
  const role = me.data?.user.role;
  const when = (iso: string | null) => (iso ? formatDateTime(lang, iso) : t('value.none'));

  return (
    <>
      <h1>{t('integrations.title')}</h1>
      <p className="px-muted">{t('integrations.intro')}</p>
      {integrations.isPending ? <Loading /> : null}
      {integrations.isError ? <RequestError error={integrations.error} onRetry={() => void integrations.refetch()} /> : null}
      {me.isError ? <RequestError error={me.error} onRetry={() => void me.refetch()} /> : null}
      {integrations.data ? (
        <div className="px-card px-table-wrap">
          <table className="px-table">
            <caption>{t('integrations.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('integrations.provider')}</th>
                <th scope="col">{t('integrations.status')}</th>
                <th scope="col">{t('integrations.hint')}</th>
                <th scope="col">{t('integrations.lastVerified')}</th>
                <th scope="col">{t('integrations.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {integrations.data.items.map((item) => (
                <tr key={item.provider} data-provider={item.provider}>
                  <th scope="row">{providerNames[item.provider]}</th>
                  <td>
                    <StatusBadge tone={integrationStatusTone[item.status]}>{t(`integrationStatus.${item.status}`)}</StatusBadge>
                    {item.lastError ? <span className="integration-error">{item.lastError}</span> : null}
                  </td>
                  <td className="hint">{item.hint ?? t('value.none')}</td>
                  <td>{when(item.lastVerifiedAt)}</td>
                  <td>{when(item.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {integrations.data && role ? (
        <>
          <h2 className="integrations-details-title">{t('integrations.detailsTitle')}</h2>
          {canWriteIntegrations(role) ? null : <p className="px-muted">{t('integrations.readOnly')}</p>}
          {integrations.data.items.map((item) => (
            <IntegrationCard key={item.provider} integration={item} canWrite={canWriteIntegrations(role)} />
          ))}
        </>
      ) : null}
    </>
  );
}
