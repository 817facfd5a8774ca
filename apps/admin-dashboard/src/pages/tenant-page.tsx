import { accountSchema, inviteLinkSchema, reissueOwnerInviteRequestSchema, type Account } from '@prixagent/contracts';
import {
  ApiError,
  ConfirmDialog,
  Loading,
  RequestError,
  StatusBadge,
  TextField,
  apiCall,
  formatDateTime,
  useI18n,
  usePageTitle,
  validateForm,
  type FieldMessage,
  accountStatusTone,
} from '@prixagent/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { MessageKey } from '../i18n/messages';
import { TENANTS_KEY, tenantQuery } from '../queries';
import { api } from '../session';
import { OwnerInviteNotice, type OwnerInvite } from './owner-invite-notice';
import { closeConfirmationMatches, tenantActions, type TenantAction } from './tenant-actions';
import { isPlan } from './tenant-view';

type StatusChange = 'suspend' | 'reactivate' | 'cancel';

function changeStatus(id: string, change: StatusChange): Promise<Account> {
  const params = { params: { path: { id } } };
  const request =
    change === 'suspend'
      ? api.POST('/api/v1/admin/accounts/{id}/suspend', params)
      : change === 'reactivate'
        ? api.POST('/api/v1/admin/accounts/{id}/reactivate', params)
        : api.POST('/api/v1/admin/accounts/{id}/cancel', params);
  return apiCall(request, accountSchema);
}

/** One tenant: its facts, and what the operator can do with it. */
export function TenantPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  const tenant = useQuery(tenantQuery(id));
  usePageTitle(tenant.data?.name ?? t('tenant.title'));

  // The dialog that is open, if any; reactivating needs none (it takes nothing away).
  const [asking, setAsking] = useState<Exclude<TenantAction, 'reactivate'> | null>(null);
  const [inviteEmail, setInviteEmail] = useState('');
  const [inviteEmailError, setInviteEmailError] = useState<FieldMessage | undefined>();
  const [typedSlug, setTypedSlug] = useState('');
  // Shown once, kept in this page's memory only.
  const [invite, setInvite] = useState<OwnerInvite | null>(null);

  function updated(account: Account) {
    queryClient.setQueryData(tenantQuery(id).queryKey, account);
    void queryClient.invalidateQueries({ queryKey: TENANTS_KEY });
    setAsking(null);
  }

  const status = useMutation({ mutationFn: (change: StatusChange) => changeStatus(id, change), onSuccess: updated });
  const close = useMutation({
    mutationFn: (confirmSlug: string) => apiCall(api.POST('/api/v1/admin/accounts/{id}/close', { params: { path: { id } }, body: { confirmSlug } }), accountSchema),
    onSuccess: (account) => {
      setInvite(null);
      updated(account);
    },
  });
  const reissue = useMutation({
    mutationFn: (email: string | undefined) =>
      apiCall(api.POST('/api/v1/admin/accounts/{id}/owner-invite', { params: { path: { id } }, body: email ? { email } : {} }), inviteLinkSchema),
    onSuccess: (answer) => {
      setInvite(answer);
      setAsking(null);
    },
    // The owner signed up since the page loaded: the dialog says so, and the page catches up.
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'owner_exists') void queryClient.invalidateQueries({ queryKey: tenantQuery(id).queryKey });
    },
  });

  function open(action: Exclude<TenantAction, 'reactivate'>, account: Account) {
    status.reset();
    close.reset();
    reissue.reset();
    setInviteEmail(account.email);
    setInviteEmailError(undefined);
    setTypedSlug('');
    setAsking(action);
  }

  function confirmReissue() {
    const checked = validateForm(reissueOwnerInviteRequestSchema, { email: inviteEmail.trim() || undefined });
    if (!checked.ok) {
      setInviteEmailError(checked.errors.email);
      return;
    }
    setInviteEmailError(undefined);
    reissue.mutate(checked.data.email);
  }

  if (tenant.isPending) return <Loading />;
  if (tenant.isError) {
    return (
      <>
        <p>
          <Link to="/tenants">{t('tenant.back')}</Link>
        </p>
        <RequestError error={tenant.error} onRetry={() => void tenant.refetch()} />
      </>
    );
  }

  const account = tenant.data;
  const actions = tenantActions(account);
  const when = (iso: string | null) => (iso ? formatDateTime(lang, iso) : t('value.none'));

  return (
    <>
      <p>
        <Link to="/tenants">{t('tenant.back')}</Link>
      </p>
      <h1>{account.name}</h1>
      <section className="px-card" aria-labelledby="tenant-facts-title">
        <h2 id="tenant-facts-title">{t('tenant.facts')}</h2>
        <dl className="px-facts">
          <dt>{t('tenants.status')}</dt>
          <dd>
            <StatusBadge tone={accountStatusTone[account.status]}>{t(`accountStatus.${account.status}`)}</StatusBadge>
            {account.closedAt ? <span className="tenant-closed">{t('tenants.closed')}</span> : null}
          </dd>
          <dt>{t('tenants.slug')}</dt>
          <dd className="tenant-slug">{account.slug}</dd>
          <dt>{t('tenants.email')}</dt>
          <dd>{account.email}</dd>
          <dt>{t('tenants.plan')}</dt>
          <dd>{isPlan(account.plan) ? t(`plan.${account.plan}`) : account.plan}</dd>
          <dt>{t('tenant.owner')}</dt>
          <dd>{account.hasOwner ? t('tenant.ownerJoined') : t('tenant.ownerPending')}</dd>
          <dt>{t('tenants.created')}</dt>
          <dd>{when(account.createdAt)}</dd>
          <dt>{t('tenant.updated')}</dt>
          <dd>{when(account.updatedAt)}</dd>
          {account.closedAt ? (
            <>
              <dt>{t('tenant.closedAt')}</dt>
              <dd>{when(account.closedAt)}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {invite ? (
        <div className="px-card">
          <OwnerInviteNotice invite={invite} title={t('tenant.inviteReady')} />
        </div>
      ) : null}

      <section className="px-card" aria-labelledby="tenant-actions-title">
        <h2 id="tenant-actions-title">{t('tenant.actions')}</h2>
        {actions.length === 0 ? <p>{t('tenant.noActions')}</p> : null}
        {/* Reactivating asks nothing, so its failure shows here rather than in a dialog. */}
        {status.isError && asking === null ? <RequestError error={status.error} /> : null}
        <div className="px-actions">
          {actions.includes('reactivate') ? (
            <button type="button" className="px-button" disabled={status.isPending} onClick={() => status.mutate('reactivate')}>
              {status.isPending ? t('dialog.working') : t('tenant.reactivate')}
            </button>
          ) : null}
          {actions.includes('suspend') ? (
            <button type="button" className="px-button px-button--secondary" onClick={() => open('suspend', account)}>
              {t('tenant.suspend')}
            </button>
          ) : null}
          {actions.includes('cancel') ? (
            <button type="button" className="px-button px-button--secondary" onClick={() => open('cancel', account)}>
              {t('tenant.cancel')}
            </button>
          ) : null}
          {actions.includes('reissueInvite') ? (
            <button type="button" className="px-button px-button--secondary" onClick={() => open('reissueInvite', account)}>
              {t('tenant.reissue')}
            </button>
          ) : null}
          {actions.includes('close') ? (
            <button type="button" className="px-button px-button--danger" onClick={() => open('close', account)}>
              {t('tenant.close')}
            </button>
          ) : null}
        </div>
      </section>

      {asking === 'suspend' || asking === 'cancel' ? (
        <ConfirmDialog
          title={t(asking === 'suspend' ? 'tenant.suspendTitle' : 'tenant.cancelTitle', { name: account.name })}
          confirmLabel={t(asking === 'suspend' ? 'tenant.suspendConfirm' : 'tenant.cancelConfirm')}
          danger
          busy={status.isPending}
          error={status.error}
          onConfirm={() => status.mutate(asking)}
          onClose={() => setAsking(null)}
        >
          <p>{t(asking === 'suspend' ? 'tenant.suspendBody' : 'tenant.cancelBody')}</p>
        </ConfirmDialog>
      ) : null}

      {asking === 'reissueInvite' ? (
        <ConfirmDialog
          title={t('tenant.reissueTitle')}
          confirmLabel={t('tenant.reissueConfirm')}
          busy={reissue.isPending}
          error={reissue.error}
          onConfirm={confirmReissue}
          onClose={() => setAsking(null)}
        >
          <p>{t('tenant.reissueBody')}</p>
          <TextField name="email" type="email" label={t('tenant.reissueEmail')} autoComplete="off" value={inviteEmail} onChange={setInviteEmail} error={inviteEmailError} />
        </ConfirmDialog>
      ) : null}

      {asking === 'close' ? (
        <ConfirmDialog
          title={t('tenant.closeTitle', { name: account.name })}
          confirmLabel={t('tenant.closeConfirm')}
          danger
          busy={close.isPending}
          error={close.error}
          confirmDisabled={!closeConfirmationMatches(typedSlug, account.slug)}
          onConfirm={() => close.mutate(typedSlug.trim())}
          onClose={() => setAsking(null)}
        >
          <p>{t('tenant.closeBody')}</p>
          <TextField
            name="confirmSlug"
            label={t('tenant.closeType', { slug: account.slug })}
            autoComplete="off"
            value={typedSlug}
            onChange={setTypedSlug}
          />
        </ConfirmDialog>
      ) : null}
    </>
  );
}
