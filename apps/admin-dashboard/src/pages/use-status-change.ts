import { accountSchema, type Account } from '@prixagent/contracts';
import { apiCall, toast, useI18n } from '@prixagent/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MessageKey } from '../i18n/messages';
import { tenantChanged } from '../queries';
import { api } from '../session';

export type StatusChange = 'suspend' | 'reactivate' | 'cancel';

const DONE: Record<StatusChange, MessageKey> = { suspend: 'tenant.suspended', reactivate: 'tenant.reactivated', cancel: 'tenant.cancelled' };

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

/**
 * Suspends, reactivates or cancels a tenant, from its page or from its row in
 * the list: both show the new status at once and say so in a toast. Failures
 * are left to the caller, which knows where to show them (a dialog, a card).
 */
export function useStatusChange() {
  const { t } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: StatusChange }) => changeStatus(id, change),
    onSuccess: (account, { change }) => {
      tenantChanged(queryClient, account);
      toast.success(t(DONE[change], { name: account.name }));
    },
  });
}
