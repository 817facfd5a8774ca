import type { AccountStatus } from '@prixagent/contracts';
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
  type BadgeTone,
} from '@prixagent/ui';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { MessageKey } from '../i18n/messages';
import { tenantsQuery } from '../queries';

const statusTone: Record<AccountStatus, BadgeTone> = { active: 'ok', suspended: 'warn', cancelled: 'bad' };

export function TenantsPage() {
  const { t, lang } = useI18n<MessageKey>();
  usePageTitle(t('tenants.title'));
  const [pages, setPages] = useState(firstPage);
  const tenants = useQuery(tenantsQuery(currentCursor(pages)));
  const page = pageNumber(pages);

  return (
    <>
      <h1>{t('tenants.title')}</h1>
      <p className="px-muted">{t('tenants.intro')}</p>
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
                    <tr key={account.id}>
                      <th scope="row">{account.name}</th>
                      <td className="tenant-slug">{account.slug}</td>
                      <td>{account.email}</td>
                      <td>{account.plan}</td>
                      <td>
                        <StatusBadge tone={statusTone[account.status]}>{t(`accountStatus.${account.status}`)}</StatusBadge>
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
