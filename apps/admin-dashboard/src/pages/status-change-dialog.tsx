import type { Account } from '@prixagent/contracts';
import { ConfirmDialog, useI18n } from '@prixagent/ui';
import type { MessageKey } from '../i18n/messages';
import { useStatusChange } from './use-status-change';

/** The changes that cut people off, and so are asked about first (reactivating takes nothing away). */
export type GuardedStatusChange = 'suspend' | 'cancel';

const TEXTS = {
  suspend: { title: 'tenant.suspendTitle', body: 'tenant.suspendBody', confirm: 'tenant.suspendConfirm' },
  cancel: { title: 'tenant.cancelTitle', body: 'tenant.cancelBody', confirm: 'tenant.cancelConfirm' },
} as const satisfies Record<GuardedStatusChange, Record<'title' | 'body' | 'confirm', MessageKey>>;

export interface StatusChangeDialogProps {
  account: Account;
  change: GuardedStatusChange;
  /** "Go back" or Escape: nothing changed. */
  onClose: () => void;
  /** Done (the status shows it already); the caller closes the dialog. Defaults to onClose. */
  onChanged?: () => void;
}

/** "Suspend X?" or "Cancel X?": mounted by the caller while open. */
export function StatusChangeDialog({ account, change, onClose, onChanged = onClose }: StatusChangeDialogProps) {
  const { t } = useI18n<MessageKey>();
  const status = useStatusChange();
  const texts = TEXTS[change];
  return (
    <ConfirmDialog
      title={t(texts.title, { name: account.name })}
      confirmLabel={t(texts.confirm)}
      danger
      busy={status.isPending}
      error={status.error}
      onConfirm={() => status.mutate({ id: account.id, change }, { onSuccess: onChanged })}
      onClose={onClose}
    >
      <p>{t(texts.body)}</p>
    </ConfirmDialog>
  );
}
