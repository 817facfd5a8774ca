import { inviteLinkSchema, reissueOwnerInviteRequestSchema, type Account } from '@prixagent/contracts';
import { ApiError, Dialog, TextField, apiCall, useContractForm, useI18n } from '@prixagent/ui';
import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { MessageKey } from '../i18n/messages';
import { tenantQuery } from '../queries';
import { api } from '../session';
import { FormDialogContent } from './form-dialog-content';
import type { OwnerInvite } from './owner-invite-notice';
import { typedEmailSchema } from './tenant-view';

// The field always offers the account's email, so the form asks for one.
const reissueSchema = reissueOwnerInviteRequestSchema.extend({ email: typedEmailSchema });

/**
 * A new owner invite, to the account's email or another: mounted by the page
 * while open. Earlier owner links stop working, which the dialog says first.
 */
export function ReissueInviteDialog({ account, onIssued, onClose }: { account: Account; onIssued: (invite: OwnerInvite) => void; onClose: () => void }) {
  const { t } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  // Once issued, the page's invite notice takes the focus, not the button that opened the dialog.
  const issued = useRef(false);
  const contract = useContractForm({
    schema: reissueSchema,
    defaultValues: { email: account.email },
    submit: async ({ email }) => {
      try {
        return await apiCall(api.POST('/api/v1/admin/accounts/{id}/owner-invite', { params: { path: { id: account.id } }, body: { email } }), inviteLinkSchema);
      } catch (error) {
        // The owner signed up since the page loaded: the dialog says so, and the page catches up.
        if (error instanceof ApiError && error.code === 'owner_exists') void queryClient.invalidateQueries({ queryKey: tenantQuery(account.id).queryKey });
        throw error;
      }
    },
    onSuccess: (invite) => {
      issued.current = true;
      onIssued(invite);
    },
    // The invite notice on the page says it, and must be read anyway.
    successMessage: false,
  });

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <FormDialogContent
        contract={contract}
        title={t('tenant.reissueTitle')}
        description={t('tenant.reissueBody')}
        submitLabel={t('tenant.reissueConfirm')}
        pendingLabel={t('dialog.working')}
        cancelLabel={t('dialog.back')}
        onCancel={onClose}
        handedOver={issued}
      >
        <TextField form={contract.form} name="email" type="email" label={t('tenant.reissueEmail')} autoComplete="off" technical />
      </FormDialogContent>
    </Dialog>
  );
}
