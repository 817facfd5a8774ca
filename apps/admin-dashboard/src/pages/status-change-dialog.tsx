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

/** "Suspend X?" or "Cancel X?": mounted by the caller while open, closed by it on success or "Go back". */
export function StatusChangeDialog({ account, change, onClose }: { account: Account; change: GuardedStatusChange; onClose: () => void }) {
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
      onConfirm={() => status.mutate({ id: account.id, change }, { onSuccess: onClose })}
      onClose={onClose}
    >
      <p>{t(texts.body)}</p>
    </ConfirmDialog>
  );
}
