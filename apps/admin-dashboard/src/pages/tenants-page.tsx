import {
  Loading,
  Pagination,
  RequestError,
  StatusBadge,
  currentCursor,
  firstPage,
  formatDateTime,
  nextPage,
  pageNumber,
  previousPage,
  useI18n,
  usePageTitle,
  accountStatusTone,
} from '@prixagent/ui';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { MessageKey } from '../i18n/messages';
import { TENANTS_KEY, tenantQuery, tenantsQuery } from '../queries';
import { NewTenantForm, type CreatedTenant } from './new-tenant-form';
import { OwnerInviteNotice } from './owner-invite-notice';
import { isPlan } from './tenant-view';

export function TenantsPage() {
  const { t, lang } = useI18n<MessageKey>();
  usePageTitle(t('tenants.title'));
  const [pages, setPages] = useState(firstPage);
  const tenants = useQuery(tenantsQuery(currentCursor(pages)));
  const planLabel = (plan: string) => (isPlan(plan) ? t(`plan.${plan}`) : plan);
  const page = pageNumber(pages);
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  // The new tenant's owner invite: shown once, kept in this page's memory only.
  const [created, setCreated] = useState<CreatedTenant | null>(null);
  const newTenantButton = useRef<HTMLButtonElement>(null);

  function onCreated(answer: CreatedTenant) {
    setCreating(false);
    setCreated(answer);
    queryClient.setQueryData(tenantQuery(answer.account.id).queryKey, answer.account);
    // Newest first: back to page one, where the new tenant now heads the list.
    setPages(firstPage);
    void queryClient.invalidateQueries({ queryKey: TENANTS_KEY });
  }

  return (
    <>
      <div className="px-section-head">
        <h1>{t('tenants.title')}</h1>
        {creating ? null : (
          <button
            ref={newTenantButton}
            type="button"
            className="px-button"
            onClick={() => {
              setCreated(null);
              setCreating(true);
            }}
          >
            {t('newTenant.open')}
          </button>
        )}
      </div>
      <p className="px-muted">{t('tenants.intro')}</p>
      {creating ? (
        <section className="px-card" aria-labelledby="new-tenant-title">
          <h2 id="new-tenant-title">{t('newTenant.title')}</h2>
          <NewTenantForm onCreated={onCreated} onCancel={() => setCreating(false)} />
        </section>
      ) : null}
      {created ? (
        <div className="px-card">
          <OwnerInviteNotice invite={created.ownerInvite} title={t('newTenant.created', { name: created.account.name })}>
            <div className="px-actions">
              <Link to={`/tenants/${created.account.id}`}>{t('newTenant.openTenant')}</Link>
              <button
                type="button"
                className="px-button px-button--secondary"
                onClick={() => {
                  setCreated(null);
                  newTenantButton.current?.focus();
                }}
              >
                {t('newTenant.done')}
              </button>
            </div>
          </OwnerInviteNotice>
        </div>
      ) : null}
      {tenants.isPending ? <Loading /> : null}
      {tenants.isError ? <RequestError error={tenants.error} onRetry={() => void tenants.refetch()} /> : null}
      {tenants.data ? (
        <div className="px-card">
          {tenants.data.items.length === 0 && page === 1 ? (
            <p>{t('tenants.empty')}</p>
          ) : (
            <div className="px-table-wrap">
              <table className="px-table" aria-busy={tenants.isPlaceholderData}>
                <caption>{t('tenants.caption', { page })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('tenants.name')}</th>
                    <th scope="col">{t('tenants.slug')}</th>
                    <th scope="col">{t('tenants.email')}</th>
                    <th scope="col">{t('tenants.plan')}</th>
                    <th scope="col">{t('tenants.status')}</th>
                    <th scope="col">{t('tenants.created')}</th>
                  </tr>
                </thead>
                <tbody>
                  {tenants.data.items.map((account) => (
                    <tr key={account.id} data-tenant-id={account.id}>
                      <th scope="row">
                        <Link to={`/tenants/${account.id}`}>{account.name}</Link>
                      </th>
                      <td className="tenant-slug">{account.slug}</td>
                      <td>{account.email}</td>
                      <td>{planLabel(account.plan)}</td>
                      <td>
                        <StatusBadge tone={accountStatusTone[account.status]}>{t(`accountStatus.${account.status}`)}</StatusBadge>
                        {account.closedAt ? <span className="tenant-closed">{t('tenants.closed')}</span> : null}
                      </td>
                      <td>{formatDateTime(lang, account.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination
            page={page}
            hasPrevious={page > 1}
            hasNext={Boolean(tenants.data.nextCursor)}
            busy={tenants.isFetching}
            onPrevious={() => setPages(previousPage)}
            onNext={() => setPages((current) => nextPage(current, tenants.data?.nextCursor))}
          />
        </div>
      ) : null}
    </>
  );
}
