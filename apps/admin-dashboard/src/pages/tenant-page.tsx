import type { Account } from '@prixagent/contracts';
import {
  Button,
  Card,
  CardDescription,
  CardHeader,
  CardTitle,
  Fact,
  Facts,
  Loading,
  NotFoundPage,
  PageHeader,
  RequestError,
  StatusBadge,
  accountStatusTone,
  formatDateTime,
  useI18n,
  type Crumb,
} from '@prixagent/ui';
import { useQuery } from '@tanstack/react-query';
import { MailPlusIcon, PauseIcon, PlayIcon, BanIcon, LockIcon } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import type { MessageKey } from '../i18n/messages';
import { tenantQuery } from '../queries';
import { CloseTenantDialog } from './close-tenant-dialog';
import { OwnerInviteNotice, type OwnerInvite } from './owner-invite-notice';
import { ReissueInviteDialog } from './reissue-invite-dialog';
import { StatusChangeDialog } from './status-change-dialog';
import { tenantActions } from './tenant-actions';
import { isNotFound, isPlan, isTenantId } from './tenant-view';
import { useStatusChange } from './use-status-change';

/** One tenant: its facts, and what the operator can do with it. */
export function TenantPage() {
  const { id = '' } = useParams();
  const { t } = useI18n<MessageKey>();
  // A path that cannot name a tenant is not asked about.
  const known = isTenantId(id);
  const tenant = useQuery({ ...tenantQuery(id), enabled: known });
  const crumbs: Crumb[] = [{ label: t('tenants.title'), to: '/tenants' }];

  // Unknown or malformed: the page does not exist, whatever the API's wording.
  if (!known || (tenant.isError && isNotFound(tenant.error))) return <NotFoundPage homePath="/tenants" />;
  if (tenant.isPending || tenant.isError) {
    return (
      <>
        <PageHeader title={t('tenant.title')} breadcrumbs={crumbs} />
        {tenant.isError ? <RequestError error={tenant.error} onRetry={() => void tenant.refetch()} /> : <Loading />}
      </>
    );
  }
  return <TenantDetails account={tenant.data} crumbs={crumbs} />;
}

/** The dialog that is open, if any; reactivating needs none (it takes nothing away). */
type Asking = 'suspend' | 'cancel' | 'reissueInvite' | 'close' | null;

function TenantDetails({ account, crumbs }: { account: Account; crumbs: Crumb[] }) {
  const { t, lang } = useI18n<MessageKey>();
  const [asking, setAsking] = useState<Asking>(null);
  // Shown once, kept in this page's memory only.
  const [invite, setInvite] = useState<OwnerInvite | null>(null);
  const reactivate = useStatusChange();
  const actions = tenantActions(account);
  const when = (iso: string | null) => (iso ? formatDateTime(lang, iso) : t('value.none'));
  const closeDialog = () => setAsking(null);

  // A status change takes away the button that made it (Suspend, Reactivate,
  // Close for good), and with it the focus: it goes to the Access card, where
  // the new choices are, once no dialog holds it.
  const statusTitle = useRef<HTMLHeadingElement>(null);
  const refocus = useRef(false);
  const statusChanged = () => {
    refocus.current = true;
    closeDialog();
  };
  useEffect(() => {
    if (!refocus.current || asking !== null) return;
    refocus.current = false;
    statusTitle.current?.focus();
  }, [asking, account]);

  return (
    <>
      <PageHeader title={account.name} breadcrumbs={crumbs} />
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card aria-labelledby="tenant-facts-title">
          <CardTitle id="tenant-facts-title">{t('tenant.facts')}</CardTitle>
          <Facts className="gap-3">
            <Fact term={t('tenants.status')}>
              <span className="flex flex-wrap items-center gap-2">
                <StatusBadge tone={accountStatusTone[account.status]}>{t(`accountStatus.${account.status}`)}</StatusBadge>
                {account.closedAt ? <span className="text-muted-foreground">{t('tenants.closed')}</span> : null}
              </span>
            </Fact>
            <Fact term={t('tenants.slug')}>
              <span className="font-mono">{account.slug}</span>
            </Fact>
            <Fact term={t('tenants.email')}>{account.email}</Fact>
            <Fact term={t('tenants.plan')}>{isPlan(account.plan) ? t(`plan.${account.plan}`) : account.plan}</Fact>
            <Fact term={t('tenant.owner')}>{account.hasOwner ? t('tenant.ownerJoined') : t('tenant.ownerPending')}</Fact>
            <Fact term={t('tenants.created')}>{when(account.createdAt)}</Fact>
            <Fact term={t('tenant.updated')}>{when(account.updatedAt)}</Fact>
            {account.closedAt ? <Fact term={t('tenant.closedAt')}>{when(account.closedAt)}</Fact> : null}
          </Facts>
        </Card>

        <div className="grid gap-6">
          <Card aria-labelledby="tenant-status-title">
            <div className="grid gap-1">
              <CardTitle id="tenant-status-title" ref={statusTitle} tabIndex={-1} className="focus:outline-none">
                {t('tenant.status')}
              </CardTitle>
              <CardDescription>{account.closedAt ? t('tenant.noActions') : t('tenant.statusIntro')}</CardDescription>
            </div>
            {/* Reactivating asks nothing, so its failure shows here rather than in a dialog. */}
            {reactivate.isError ? <RequestError error={reactivate.error} /> : null}
            {actions.some((action) => action === 'reactivate' || action === 'suspend' || action === 'cancel') ? (
              <div className="flex flex-wrap gap-2">
                {actions.includes('reactivate') ? (
                  <Button disabled={reactivate.isPending} onClick={() => reactivate.mutate({ id: account.id, change: 'reactivate' }, { onSuccess: statusChanged })}>
                    <PlayIcon aria-hidden="true" />
                    {reactivate.isPending ? t('dialog.working') : t('tenant.reactivate')}
                  </Button>
                ) : null}
                {actions.includes('suspend') ? (
                  <Button variant="outline" onClick={() => setAsking('suspend')}>
                    <PauseIcon aria-hidden="true" />
                    {t('tenant.suspend')}
                  </Button>
                ) : null}
                {actions.includes('cancel') ? (
                  <Button variant="outline" onClick={() => setAsking('cancel')}>
                    <BanIcon aria-hidden="true" />
                    {t('tenant.cancel')}
                  </Button>
                ) : null}
              </div>
            ) : null}
          </Card>

          {actions.includes('reissueInvite') || invite ? (
            <Card aria-labelledby="tenant-invite-title">
              <CardHeader>
                <div className="grid gap-1">
                  <CardTitle id="tenant-invite-title">{t('tenant.ownerInvite')}</CardTitle>
                  <CardDescription>{t('tenant.ownerInviteIntro')}</CardDescription>
                </div>
              </CardHeader>
              {invite ? <OwnerInviteNotice invite={invite} title={t('tenant.inviteReady')} /> : null}
              {actions.includes('reissueInvite') ? (
                <Button variant="outline" className="w-fit" onClick={() => setAsking('reissueInvite')}>
                  <MailPlusIcon aria-hidden="true" />
                  {t('tenant.reissue')}
                </Button>
              ) : null}
            </Card>
          ) : null}

          {actions.includes('close') ? (
            <Card aria-labelledby="tenant-danger-title" className="border-destructive/40">
              <div className="grid gap-1">
                <CardTitle id="tenant-danger-title">{t('tenant.danger')}</CardTitle>
                <CardDescription>{t('tenant.dangerIntro')}</CardDescription>
              </div>
              <Button variant="destructive" className="w-fit" onClick={() => setAsking('close')}>
                <LockIcon aria-hidden="true" />
                {t('tenant.close')}
              </Button>
            </Card>
          ) : null}
        </div>
      </div>

      {asking === 'suspend' || asking === 'cancel' ? <StatusChangeDialog account={account} change={asking} onClose={closeDialog} onChanged={statusChanged} /> : null}
      {asking === 'reissueInvite' ? (
        <ReissueInviteDialog
          account={account}
          onIssued={(issued) => {
            setInvite(issued);
            closeDialog();
          }}
          onClose={closeDialog}
        />
      ) : null}
      {asking === 'close' ? (
        <CloseTenantDialog
          account={account}
          onClosed={() => {
            // The account can take no invite any more: the old link is worthless.
            setInvite(null);
            statusChanged();
          }}
          onClose={closeDialog}
        />
      ) : null}
    </>
  );
}
