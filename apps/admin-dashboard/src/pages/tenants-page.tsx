import type { Account } from '@prixagent/contracts';
import {
  Button,
  DataTable,
  Dialog,
  DialogTrigger,
  PageHeader,
  currentCursor,
  firstPage,
  nextPage,
  pageNumber,
  previousPage,
  useI18n,
} from '@prixagent/ui';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PlusIcon } from 'lucide-react';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { MessageKey } from '../i18n/messages';
import { tenantChanged, tenantsQuery } from '../queries';
import { NewTenantDialogContent, type CreatedTenant } from './new-tenant-dialog';
import { OwnerInviteNotice } from './owner-invite-notice';
import { useTenantColumns } from './tenant-columns';

/** Every tenant, newest first, a page of the API's keyset pages at a time; and the way to add one. */
export function TenantsPage() {
  const { t } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  const [pages, setPages] = useState(firstPage);
  const tenants = useQuery(tenantsQuery(currentCursor(pages)));
  const columns = useTenantColumns();
  const page = pageNumber(pages);
  const [creating, setCreating] = useState(false);
  // The new tenant's owner invite: shown once, kept in this page's memory only.
  const [created, setCreated] = useState<CreatedTenant | null>(null);
  const newTenantButton = useRef<HTMLButtonElement>(null);

  function onCreated(answer: CreatedTenant) {
    setCreating(false);
    setCreated(answer);
    tenantChanged(queryClient, answer.account);
    // Newest first: back to page one, where the new tenant now heads the list.
    setPages(firstPage);
  }

  return (
    <>
      <PageHeader
        title={t('tenants.title')}
        description={t('tenants.intro')}
        actions={
          <Dialog open={creating} onOpenChange={setCreating}>
            <DialogTrigger asChild>
              <Button ref={newTenantButton} onClick={() => setCreated(null)}>
                <PlusIcon aria-hidden="true" />
                {t('newTenant.open')}
              </Button>
            </DialogTrigger>
            {creating ? <NewTenantDialogContent onCreated={onCreated} onCancel={() => setCreating(false)} /> : null}
          </Dialog>
        }
      />
      {created ? (
        <OwnerInviteNotice invite={created.ownerInvite} title={t('newTenant.created', { name: created.account.name })}>
          <div className="flex flex-wrap gap-2">
            <Button asChild variant="outline">
              <Link to={`/tenants/${created.account.id}`}>{t('newTenant.openTenant')}</Link>
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setCreated(null);
                newTenantButton.current?.focus();
              }}
            >
              {t('newTenant.done')}
            </Button>
          </div>
        </OwnerInviteNotice>
      ) : null}
      <DataTable<Account>
        caption={t('tenants.caption', { page })}
        columns={columns}
        rows={tenants.data?.items}
        getRowId={(account) => account.id}
        rowHeader="name"
        error={tenants.error}
        onRetry={() => void tenants.refetch()}
        emptyText={t('tenants.empty')}
        busy={tenants.isPlaceholderData}
        pagination={{
          page,
          hasPrevious: page > 1,
          hasNext: Boolean(tenants.data?.nextCursor),
          busy: tenants.isFetching,
          onPrevious: () => setPages(previousPage),
          onNext: () => setPages((current) => nextPage(current, tenants.data?.nextCursor)),
        }}
      />
    </>
  );
}
