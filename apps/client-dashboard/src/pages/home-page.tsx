import { providerSchema } from '@prixagent/contracts';
import { Badge, Button, Card, CardDescription, CardHeader, CardTitle, Fact, Facts, PageHeader, RequestError, Skeleton, StatusBadge, accountStatusTone, isAccountStatus, isPlanName, useI18n } from '@prixagent/ui';
import { useQuery } from '@tanstack/react-query';
import { ArrowRightIcon } from 'lucide-react';
import { Link } from 'react-router';
import type { MessageKey } from '../i18n/messages';
import { integrationsQuery, meQuery } from '../queries';
import { configuredCount, integrationStatusTone, providerNames } from './integration-view';

/** The account at a glance: who and what it is, and the health of each provider it connects. */
export function HomePage() {
  const { t } = useI18n<MessageKey>();
  const me = useQuery(meQuery);
  const integrations = useQuery(integrationsQuery);

  return (
    <>
      <PageHeader title={t('home.title')} description={me.data ? t('home.welcome', { name: me.data.user.name || me.data.user.email }) : null} />
      {/* One alert for the page: with the API away, both requests fail the same way. */}
      {me.error || integrations.error ? <RequestError error={me.error ?? integrations.error} onRetry={() => void Promise.all([me.refetch(), integrations.refetch()])} /> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <Card aria-labelledby="account-title">
          <CardTitle id="account-title">{t('home.account')}</CardTitle>
          {me.data ? (
            <Facts>
              <Fact term={t('label.name')}>{me.data.account.name}</Fact>
              <Fact term={t('label.slug')}>
                <span className="font-mono text-xs">{me.data.account.slug}</span>
              </Fact>
              <Fact term={t('label.plan')}>{isPlanName(me.data.account.plan) ? t(`plan.${me.data.account.plan}`) : me.data.account.plan}</Fact>
              <Fact term={t('label.status')}>
                {isAccountStatus(me.data.account.status) ? (
                  <StatusBadge tone={accountStatusTone[me.data.account.status]}>{t(`accountStatus.${me.data.account.status}`)}</StatusBadge>
                ) : (
                  me.data.account.status
                )}
              </Fact>
            </Facts>
          ) : (
            <Skeleton className="h-24" />
          )}
        </Card>
        <Card aria-labelledby="you-title">
          <CardHeader>
            <CardTitle id="you-title">{t('home.you')}</CardTitle>
            <Button asChild variant="link" size="sm" className="h-auto p-0">
              <Link to="/account/profile">{t('home.editProfile')}</Link>
            </Button>
          </CardHeader>
          {me.data ? (
            <Facts>
              <Fact term={t('label.name')}>{me.data.user.name}</Fact>
              <Fact term={t('label.email')}>{me.data.user.email}</Fact>
              <Fact term={t('label.role')}>{t(`role.${me.data.user.role}`)}</Fact>
            </Facts>
          ) : (
            <Skeleton className="h-20" />
          )}
        </Card>
      </div>
      <section aria-labelledby="health-title" className="grid gap-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="health-title" className="text-lg font-semibold">
            {t('home.integrations')}
          </h2>
          {integrations.data ? (
            <p className="text-sm text-muted-foreground">
              {t('home.integrationsSummary', { configured: configuredCount(integrations.data.items), total: integrations.data.items.length })}
            </p>
          ) : null}
        </div>
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {providerSchema.options.map((provider) => {
            const item = integrations.data?.items.find((candidate) => candidate.provider === provider);
            return (
              <li key={provider}>
                <Card className="h-full gap-2 p-4 sm:p-4" data-health={provider}>
                  <CardHeader>
                    <h3 className="font-medium">{providerNames[provider]}</h3>
                  </CardHeader>
                  {item ? <StatusBadge tone={integrationStatusTone[item.status]}>{t(`integrationStatus.${item.status}`)}</StatusBadge> : <Skeleton className="h-5 w-24" />}
                  {item?.hint ? (
                    <CardDescription>
                      {t('integrations.keyEndsIn')} <Badge tone="outline" className="font-mono">{item.hint}</Badge>
                    </CardDescription>
                  ) : null}
                </Card>
              </li>
            );
          })}
        </ul>
        <Button asChild variant="outline" className="w-fit">
          <Link to="/integrations">
            {t('home.integrationsLink')}
            <ArrowRightIcon aria-hidden="true" />
          </Link>
        </Button>
      </section>
    </>
  );
}
