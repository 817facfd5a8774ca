import { accountSchema, type Account } from '@prixagent/contracts';
import { ConfirmDialog, FieldFrame, Input, apiCall, toast, useI18n } from '@prixagent/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { MessageKey } from '../i18n/messages';
import { tenantChanged } from '../queries';
import { api } from '../session';
import { closeConfirmationMatches } from './tenant-actions';

/**
 * Closing for good: the one irreversible action, so the operator types the
 * identifier before the button wakes up (the API checks it again). Mounted by
 * the page while open.
 */
export function CloseTenantDialog({ account, onClosed, onClose }: { account: Account; onClosed: () => void; onClose: () => void }) {
  const { t } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const close = useMutation({
    mutationFn: (confirmSlug: string) =>
      apiCall(api.POST('/api/v1/admin/accounts/{id}/close', { params: { path: { id: account.id } }, body: { confirmSlug } }), accountSchema),
    onSuccess: (closed) => {
      tenantChanged(queryClient, closed);
      toast.success(t('tenant.closedDone', { name: closed.name }));
      onClosed();
    },
  });
  const matches = closeConfirmationMatches(typed, account.slug);

  return (
    <ConfirmDialog
      title={t('tenant.closeTitle', { name: account.name })}
      confirmLabel={t('tenant.closeConfirm')}
      danger
      busy={close.isPending}
      error={close.error}
      confirmDisabled={!matches}
      onConfirm={() => close.mutate(typed.trim())}
      onClose={onClose}
    >
      <p>{t('tenant.closeBody')}</p>
      <FieldFrame id={inputId} label={t('tenant.closeType', { slug: account.slug })}>
        <Input
          id={inputId}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          autoCorrect="off"
          className="font-mono"
          onKeyDown={(event) => {
            // Enter confirms once the identifier is right, as a form would.
            if (event.key === 'Enter' && matches && !close.isPending) close.mutate(typed.trim());
          }}
        />
      </FieldFrame>
    </ConfirmDialog>
  );
}
