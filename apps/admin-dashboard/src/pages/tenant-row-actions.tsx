import type { Account } from '@prixagent/contracts';
import { DropdownMenuItem, RowActions, describeError, toast, useI18n } from '@prixagent/ui';
import { ExternalLinkIcon, PauseIcon, PlayIcon } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { MessageKey } from '../i18n/messages';
import { StatusChangeDialog } from './status-change-dialog';
import { tenantActions } from './tenant-actions';
import { useStatusChange } from './use-status-change';

/**
 * The quick actions of one row: open the tenant, and suspend or reactivate it
 * where its status allows. Cancelling, closing and owner invites stay on the
 * tenant's page, next to the facts they need.
 */
export function TenantRowActions({ account }: { account: Account }) {
  const { t } = useI18n<MessageKey>();
  const [suspending, setSuspending] = useState(false);
  const reactivate = useStatusChange();
  const actions = tenantActions(account);
  const cell = useRef<HTMLDivElement>(null);
  const asked = useRef(false);

  // The dialog was opened from a menu item that is gone by the time it closes, so
  // Radix has nowhere to return the focus: it goes back to the row's menu button,
  // once the dialog (and its focus trap) has left the page.
  useEffect(() => {
    if (suspending) asked.current = true;
    else if (asked.current) {
      asked.current = false;
      cell.current?.querySelector('button')?.focus();
    }
  }, [suspending]);

  return (
    <div ref={cell} className="flex justify-end">
      <RowActions name={account.name}>
        <DropdownMenuItem asChild>
          <Link to={`/tenants/${account.id}`}>
            <ExternalLinkIcon aria-hidden="true" />
            {t('tenants.open')}
          </Link>
        </DropdownMenuItem>
        {actions.includes('suspend') ? (
          <DropdownMenuItem onSelect={() => setSuspending(true)}>
            <PauseIcon aria-hidden="true" />
            {t('tenant.suspend')}
          </DropdownMenuItem>
        ) : null}
        {actions.includes('reactivate') ? (
          <DropdownMenuItem
            disabled={reactivate.isPending}
            // Nothing to confirm; the row has no room for an error, so a failure is a toast.
            onSelect={() => reactivate.mutate({ id: account.id, change: 'reactivate' }, { onError: (error) => toast.error(describeError(error, t)) })}
          >
            <PlayIcon aria-hidden="true" />
            {t('tenant.reactivate')}
          </DropdownMenuItem>
        ) : null}
      </RowActions>
      {suspending ? <StatusChangeDialog account={account} change="suspend" onClose={() => setSuspending(false)} /> : null}
    </div>
  );
}
