import type { Account } from '@prixagent/contracts';
import { StatusBadge, accountStatusTone, formatDateTime, tableColumns, useI18n } from '@prixagent/ui';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { MessageKey } from '../i18n/messages';
import { isPlan } from './tenant-view';
import { TenantRowActions } from './tenant-row-actions';

/**
 * The tenant list's columns, in the reader's language; the name column heads
 * each row. Cells read the row itself (`row.original`): the helper types
 * `getValue()` loosely.
 */
export function useTenantColumns() {
  const { t, lang } = useI18n<MessageKey>();
  return useMemo(() => {
    const planLabel = (plan: string) => (isPlan(plan) ? t(`plan.${plan}`) : plan);
    return tableColumns<Account>()((h) =>
      h.columns([
        h.accessor('name', {
          header: t('tenants.name'),
          cell: ({ row: { original } }) => (
            // A floor under the name's width: beside long emails it would otherwise wrap word by word.
            <Link to={`/tenants/${original.id}`} className="inline-block min-w-40 font-medium text-primary underline-offset-4 hover:underline">
              {original.name}
            </Link>
          ),
        }),
        h.accessor('slug', { header: t('tenants.slug'), cell: ({ row: { original } }) => <span className="font-mono text-xs">{original.slug}</span> }),
        // A ceiling on the email's width (it may break anywhere): one very long address would
        // otherwise push the status and the date out of a 1280 px window.
        h.accessor('email', { header: t('tenants.email'), cell: ({ row: { original } }) => <span className="inline-block min-w-40 max-w-64 wrap-anywhere">{original.email}</span> }),
        h.accessor('plan', { header: t('tenants.plan'), cell: ({ row: { original } }) => planLabel(original.plan) }),
        h.accessor('status', {
          header: t('tenants.status'),
          cell: ({ row: { original } }) => (
            <div className="grid gap-0.5">
              <StatusBadge tone={accountStatusTone[original.status]}>{t(`accountStatus.${original.status}`)}</StatusBadge>
              {original.closedAt ? <span className="text-xs text-muted-foreground">{t('tenants.closed')}</span> : null}
            </div>
          ),
        }),
        h.accessor('createdAt', {
          header: t('tenants.created'),
          cell: ({ row: { original } }) => <span className="whitespace-nowrap">{formatDateTime(lang, original.createdAt)}</span>,
        }),
        h.display({
          id: 'actions',
          header: () => <span className="sr-only">{t('table.actions')}</span>,
          cell: ({ row: { original } }) => <TenantRowActions account={original} />,
        }),
      ]),
    );
  }, [t, lang]);
}
