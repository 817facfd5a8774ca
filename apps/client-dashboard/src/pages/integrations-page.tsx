import { Alert, AlertDescription, AlertTitle, PageHeader, RequestError, Skeleton, useI18n } from '@prixagent/ui';
import { useQuery } from '@tanstack/react-query';
import { InfoIcon, LockIcon } from 'lucide-react';
import type { MessageKey } from '../i18n/messages';
import { integrationsQuery, meQuery } from '../queries';
import { IntegrationCard } from './integration-card';
import { canWriteIntegrations } from './integration-form';

export function IntegrationsPage() {
  const { t } = useI18n<MessageKey>();
  const integrations = useQuery(integrationsQuery);
  const me = useQuery(meQuery);
  // Forms only once the role is known: a member must never see one flash by.
  const role = me.data?.user.role;
  const items = integrations.data?.items;
  const anyUnverified = items?.some((item) => item.status === 'unverified') ?? false;

  return (
    <>
      <PageHeader title={t('integrations.title')} description={t('integrations.intro')} />
      {/* One alert for the page: with the API away, both requests fail the same way. */}
      {integrations.error || me.error ? (
        <RequestError error={integrations.error ?? me.error} onRetry={() => void Promise.all([integrations.refetch(), me.refetch()])} />
      ) : null}
      {anyUnverified ? (
        <Alert variant="info" role="note">
          <InfoIcon aria-hidden="true" />
          <AlertTitle>{t('integrations.unverifiedTitle')}</AlertTitle>
          <AlertDescription>
            <p>{t('integrations.unverifiedBody')}</p>
          </AlertDescription>
        </Alert>
      ) : null}
      {role && !canWriteIntegrations(role) ? (
        <Alert variant="info" role="note">
          <LockIcon aria-hidden="true" />
          <AlertDescription>
            <p>{t('integrations.readOnly')}</p>
          </AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        {items && role
          ? items.map((item) => <IntegrationCard key={item.provider} integration={item} canWrite={canWriteIntegrations(role)} />)
          : integrations.isError || me.isError
            ? null
            : [0, 1, 2, 3].map((i) => <Skeleton key={i} className="h-40 rounded-xl" />)}
      </div>
    </>
  );
}
